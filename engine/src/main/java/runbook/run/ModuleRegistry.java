package runbook.run;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleSpec;

/**
 * The modules found through ServiceLoader, by name, plus {@code meta}, {@code include_vars},
 * {@code group_by} and {@code add_host}, which the engine runs itself.
 */
public final class ModuleRegistry {
  /** meta's actions are the engine's (handlers, ending hosts), so it has a spec but no Module. */
  static final ModuleSpec META =
      ModuleSpec.of("meta", ArgSpec.str("_raw_params").required()
          .choices("flush_handlers", "noop", "end_play", "end_host", "end_batch", "clear_host_errors", "clear_facts", "refresh_inventory"))
          .withFreeForm("_raw_params")
          .onController()
          .inCollection("ansible.builtin")
          .describedAs("Runs one of the engine's own actions: flush_handlers, noop, end_play or end_host.");

  /** The engine's own modules: they read the controller's vars files or change the run's inventory. */
  private static final List<Module> OWN = java.util.stream.Stream.concat(
      java.util.stream.Stream.of(new IncludeVars()), InventoryChanges.MODULES.stream()).toList();

  /** Each module under its own name, for listing. */
  private final Map<String, Module> modules;
  /** Each module under every name it is found by (its own, its collection names). */
  private final Map<String, Module> byAnyName;

  private ModuleRegistry(Map<String, Module> modules, Map<String, Module> byAnyName) {
    this.modules = modules;
    this.byAnyName = byAnyName;
  }

  public static ModuleRegistry load() {
    return of(ServiceLoader.load(Module.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  /** A registry of exactly these modules; two with one name is a programming error. */
  public static ModuleRegistry of(Collection<? extends Module> found) {
    Map<String, Module> byName = new TreeMap<>();
    Map<String, Module> byAnyName = new HashMap<>();
    for (Module module : found) {
      byName.put(module.spec().name(), module);
      for (String name : module.spec().names()) {
        if (byAnyName.put(name, module) != null || META.names().contains(name) || own(name).isPresent()) {
          throw new IllegalStateException("two modules are named '" + name + "'");
        }
      }
    }
    return new ModuleRegistry(byName, byAnyName);
  }

  public Optional<ModuleSpec> spec(String name) {
    if (META.names().contains(name)) {
      return Optional.of(META);
    }
    return module(name).map(Module::spec);
  }

  Optional<Module> module(String name) {
    return own(name).or(() -> Optional.ofNullable(byAnyName.get(name)));
  }

  private static Optional<Module> own(String name) {
    return OWN.stream().filter(m -> m.spec().names().contains(name)).findFirst();
  }

  /** The module that gathers facts (setup), if one is installed. */
  Optional<Module> gatherer() {
    return modules.values().stream().filter(m -> m.spec().has(ModuleSpec.Trait.GATHERS_FACTS)).findFirst();
  }

  /** Every module's spec, meta's included, sorted by name. */
  public List<ModuleSpec> specs() {
    List<ModuleSpec> all = new java.util.ArrayList<>(modules.values().stream().map(Module::spec).toList());
    all.add(META);
    all.sort(java.util.Comparator.comparing(ModuleSpec::name));
    return all;
  }

  /** The modules' own names, sorted. */
  public Collection<String> names() {
    return modules.keySet();
  }
}
