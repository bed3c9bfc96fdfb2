package runbook.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One task (or handler).
 *
 * @param module canonical module name, without the {@code ansible.builtin.} prefix
 * @param args arguments as written (templates not yet rendered); free-form text already split
 * @param argLocations where each argument was written, for errors found while running
 * @param loop the loop expression or list (loop or with_items), or the terms of a with_LOOKUP, or null
 * @param loopLookup the lookup of a with_LOOKUP loop (with_dict: dict), or null
 * @param loopControl loop_control, {@link LoopControl#DEFAULT} when not written
 * @param notifies handler names or listen topics
 * @param listen topics a handler answers to (handlers only)
 * @param changedWhen conditions replacing the module's own verdict, or empty
 * @param retries until/retries/delay, or null
 * @param async async/poll, or null when the task runs attached
 * @param role the role the task (or handler) belongs to, or null
 */
public record Task(
    String name,
    String module,
    Map<String, Object> args,
    Map<String, SourceLocation> argLocations,
    SourceLocation location,
    Keywords keywords,
    Object loop,
    String loopLookup,
    LoopControl loopControl,
    String register,
    List<String> notifies,
    List<String> listen,
    List<String> changedWhen,
    List<String> failedWhen,
    Retries retries,
    Async async,
    Role role)
    implements Step {
  public Task {
    args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    argLocations = Map.copyOf(argLocations);
    notifies = List.copyOf(notifies);
    listen = List.copyOf(listen);
    changedWhen = List.copyOf(changedWhen);
    failedWhen = List.copyOf(failedWhen);
  }

  /**
   * The engine's own task that opens an include_tasks or include_role block: its conditions and tags
   * decide once which hosts enter the block, as Ansible's dynamic includes do.
   */
  public static final String INCLUDE_TASKS = "include_tasks";

  public static final String INCLUDE_ROLE = "include_role";

  /** An include marker's arguments: the file (or role) named, as written. */
  public static final String INCLUDE_FILE = "_raw_params";

  /**
   * For an include_tasks whose file name is a template: the task files it may name, read at load
   * time, in the order of the blocks after the marker, and the directories a relative name is
   * looked for in.
   */
  public static final String INCLUDE_CHOICES = "_choices";

  public static final String INCLUDE_ROOTS = "_roots";

  /** Where an include's file name is looked for, in turn: itself when absolute, else below each of the roots. */
  public static List<Path> includeCandidates(String name, List<Path> roots) {
    Path given = Path.of(name);
    return given.isAbsolute() ? List.of(given) : roots.stream().map(root -> root.resolve(name)).toList();
  }

  /** Per file of {@link #INCLUDE_CHOICES}, the problems found in it ("" for none): they fail a host that includes it. */
  public static final String INCLUDE_PROBLEMS = "_problems";

  /** The engine's own module that reads variables from files (a word of the engine, as meta is). */
  public static final String INCLUDE_VARS = "include_vars";

  public boolean isInclude() {
    return module.equals(INCLUDE_TASKS) || module.equals(INCLUDE_ROLE);
  }

  public String loopVar() {
    return loopControl.loopVar();
  }

  /** What the console shows: the name, or the module name when there is none, after its role's name, as Ansible does. */
  public String displayName() {
    String shown = name != null ? name : module;
    return role == null ? shown : role.name() + " : " + shown;
  }
}
