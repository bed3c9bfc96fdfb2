package runbook.spi;

import java.util.List;
import java.util.Optional;

/**
 * What a module accepts, checked before anything runs.
 *
 * @param name the module's name as written in a runbook (Ansible's name where Ansible has one)
 * @param args every argument the module accepts
 * @param freeForm the argument that receives free-form text ({@code command: ls -l}), or null when
 *     free-form text is parsed as {@code k=v} pairs
 * @param controllerOnly true when the module never touches the host (debug, set_fact, assert, fail)
 * @param openArgs true when keys beyond {@code args} are accepted too, templated and passed as RAW
 *     values under their own names (set_fact's facts)
 */
public record ModuleSpec(String name, List<ArgSpec> args, String freeForm, boolean controllerOnly, boolean openArgs) {
  public ModuleSpec {
    args = List.copyOf(args);
  }

  public ModuleSpec(String name, List<ArgSpec> args, String freeForm, boolean controllerOnly) {
    this(name, args, freeForm, controllerOnly, false);
  }

  public static ModuleSpec of(String name, ArgSpec... args) {
    return new ModuleSpec(name, List.of(args), null, false);
  }

  public ModuleSpec withFreeForm(String argName) {
    return new ModuleSpec(name, args, argName, controllerOnly, openArgs);
  }

  public ModuleSpec onController() {
    return new ModuleSpec(name, args, freeForm, true, openArgs);
  }

  /** Accepts arbitrary extra keys (see {@code openArgs}). */
  public ModuleSpec withAnyArgs() {
    return new ModuleSpec(name, args, freeForm, controllerOnly, true);
  }

  /** The argument named {@code key}, by name or alias. */
  public Optional<ArgSpec> arg(String key) {
    return args.stream().filter(a -> a.name().equals(key) || a.aliases().contains(key)).findFirst();
  }
}
