package runbook.spi;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a module accepts and what the engine must know about it, checked before anything runs. The
 * engine never names a module: whatever it treats specially is declared here.
 *
 * @param name the module's name as written in a runbook (Ansible's name where Ansible has one)
 * @param aliases other names it is found under: its Ansible collection names
 *     ({@code ansible.builtin.copy}), or Ansible's other names for it ({@code systemd})
 * @param args every argument the module accepts
 * @param freeForm the argument that receives free-form text ({@code command: ls -l}), or null when
 *     free-form text is parsed as {@code k=v} pairs
 * @param traits what the engine treats specially
 * @param controllerFiles arguments that name a file on the controller, and where it is looked for
 * @param description one sentence on what it does, for the runbook schema (editors show it); may be null
 */
public record ModuleSpec(
    String name, List<String> aliases, List<ArgSpec> args, String freeForm, Set<Trait> traits, List<ControllerFile> controllerFiles,
    String description) {

  /** What the engine treats specially about a module. */
  public enum Trait {
    /** Never touches the host (debug, set_fact, assert, fail): no connection is opened for it. */
    CONTROLLER_ONLY,
    /** Keys beyond {@code args} are accepted too, templated and passed as RAW values (set_fact's facts). */
    OPEN_ARGS,
    /** Its open arguments become host variables (set_fact): later tasks may read them. */
    SETS_FACTS,
    /** Its result is what the user wants to see (debug): always printed, not only with -v. */
    SHOWS_DATA,
    /** It gathers the host's facts (setup): the engine runs it when a play needs facts. */
    GATHERS_FACTS,
    /**
     * It waits, for a time or for a person (pause): meanwhile the hosts may move on, so what they
     * answered before is asked again after it; and it is never planned ahead of its turn.
     */
    WAITS,
    /**
     * It opens its host's connection itself, afresh ({@link ModuleCall#reconnect}; wait_for_connection):
     * none is opened for it before it plans, so a host that cannot be reached yet is its to wait for.
     * Like {@link #WAITS}, it is never planned ahead, and the hosts are asked again after it.
     */
    CONNECTS
  }

  /**
   * An argument naming a file on the controller, found in {@code folder} ("templates", "files")
   * beside the task's file or the runbook, then beside them; not a controller file when the
   * boolean argument {@code unless} is true ({@code remote_src}).
   */
  public record ControllerFile(String arg, String folder, String unless) {
    /** Ansible's folders: templates are rendered with the host's variables, files are sent as they are. */
    public static final String TEMPLATES = "templates";

    public static final String FILES = "files";

    public boolean rendered() {
      return folder.equals(TEMPLATES);
    }
  }

  public ModuleSpec {
    aliases = List.copyOf(aliases);
    args = List.copyOf(args);
    traits = traits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(traits));
    controllerFiles = List.copyOf(controllerFiles);
  }

  public static ModuleSpec of(String name, ArgSpec... args) {
    return of(name, List.of(args));
  }

  public static ModuleSpec of(String name, List<ArgSpec> args) {
    return new ModuleSpec(name, List.of(), args, null, Set.of(), List.of(), null);
  }

  /** Also found as {@code COLLECTION.NAME}; ansible.builtin modules also as ansible.legacy's. */
  public ModuleSpec inCollection(String collection) {
    List<String> more = collection.equals("ansible.builtin")
        ? List.of("ansible.builtin." + name, "ansible.legacy." + name)
        : List.of(collection + "." + name);
    return alsoNamed(more.toArray(String[]::new));
  }

  public ModuleSpec alsoNamed(String... names) {
    List<String> all = new ArrayList<>(aliases);
    all.addAll(List.of(names));
    return new ModuleSpec(name, all, args, freeForm, traits, controllerFiles, description);
  }

  public ModuleSpec withFreeForm(String argName) {
    return new ModuleSpec(name, aliases, args, argName, traits, controllerFiles, description);
  }

  public ModuleSpec with(Trait... more) {
    EnumSet<Trait> all = EnumSet.noneOf(Trait.class);
    all.addAll(traits);
    all.addAll(List.of(more));
    return new ModuleSpec(name, aliases, args, freeForm, all, controllerFiles, description);
  }

  public ModuleSpec onController() {
    return with(Trait.CONTROLLER_ONLY);
  }

  /** Accepts arbitrary extra keys (see {@link Trait#OPEN_ARGS}). */
  public ModuleSpec withAnyArgs() {
    return with(Trait.OPEN_ARGS);
  }

  /** {@code arg} names a controller file under {@code folder}, unless the boolean argument {@code unless} is true. */
  public ModuleSpec controllerFile(String arg, String folder, String unless) {
    List<ControllerFile> all = new ArrayList<>(controllerFiles);
    all.add(new ControllerFile(arg, folder, unless));
    return new ModuleSpec(name, aliases, args, freeForm, traits, all, description);
  }

  /** What it does, in one sentence: shown by editors that complete runbooks from the schema. */
  public ModuleSpec describedAs(String sentence) {
    return new ModuleSpec(name, aliases, args, freeForm, traits, controllerFiles, sentence);
  }

  public boolean has(Trait trait) {
    return traits.contains(trait);
  }

  /**
   * Whether it is planned only in its turn, and the hosts' earlier answers are forgotten after it
   * ({@link Trait#WAITS}, {@link Trait#CONNECTS}): what it sees, or does to a connection, is of its moment.
   */
  public boolean inItsTurn() {
    return has(Trait.WAITS) || has(Trait.CONNECTS);
  }

  public boolean controllerOnly() {
    return has(Trait.CONTROLLER_ONLY);
  }

  public boolean openArgs() {
    return has(Trait.OPEN_ARGS);
  }

  /** Every name the module is found under: its own first. */
  public List<String> names() {
    return Stream.concat(Stream.of(name), aliases.stream()).toList();
  }

  /** The argument named {@code key}, by name or alias. */
  public Optional<ArgSpec> arg(String key) {
    return args.stream().filter(a -> a.name().equals(key) || a.aliases().contains(key)).findFirst();
  }
}
