package runbook.run;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleSpec;

/** The modules found through ServiceLoader, by name, plus {@code meta}, which the engine runs itself. */
public final class ModuleRegistry {
  /** meta's actions are the engine's (handlers, ending hosts), so it has a spec but no Module. */
  static final ModuleSpec META =
      new ModuleSpec(
          "meta",
          List.of(ArgSpec.str("_raw_params").required().choices("flush_handlers", "noop", "end_play", "end_host")),
          "_raw_params",
          true,
          false);

  private final Map<String, Module> modules;

  private ModuleRegistry(Map<String, Module> modules) {
    this.modules = modules;
  }

  public static ModuleRegistry load() {
    return of(ServiceLoader.load(Module.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  /** A registry of exactly these modules; two with one name is a programming error. */
  public static ModuleRegistry of(Collection<? extends Module> found) {
    Map<String, Module> byName = new TreeMap<>();
    for (Module module : found) {
      String name = module.spec().name();
      if (byName.put(name, module) != null || name.equals(META.name())) {
        throw new IllegalStateException("two modules are named '" + name + "'");
      }
    }
    return new ModuleRegistry(byName);
  }

  public Optional<ModuleSpec> spec(String name) {
    if (name.equals(META.name())) {
      return Optional.of(META);
    }
    return module(name).map(Module::spec);
  }

  Optional<Module> module(String name) {
    return Optional.ofNullable(modules.get(name));
  }

  public Collection<String> names() {
    return modules.keySet();
  }
}
