package runbook.model;

import java.util.List;
import java.util.Map;

/**
 * The keywords a task shares with a block (a block's apply to everything inside it): conditions are
 * raw Jinja expressions, as written; null means "not set here". {@code environment} is a mapping of
 * variable names to values, or one template that renders to such a mapping. {@code throttle}: at most
 * this many hosts run a task at once (null: --forks). {@code templated}: the boolean keywords
 * (become, check_mode, diff, ignore_errors, run_once, no_log) written as templates, by name, whose
 * fields are then null; they are rendered when the task runs.
 */
public record Keywords(
    List<String> when,
    List<String> tags,
    Map<String, Object> vars,
    Boolean become,
    String becomeUser,
    Boolean checkMode,
    Boolean diff,
    Boolean ignoreErrors,
    String delegateTo,
    Boolean runOnce,
    Boolean noLog,
    Object environment,
    Integer throttle,
    Map<String, String> templated) {
  public static final Keywords NONE =
      new Keywords(List.of(), List.of(), Map.of(), null, null, null, null, null, null, null, null, null, null, Map.of());

  public Keywords {
    when = List.copyOf(when);
    tags = List.copyOf(tags);
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    templated = Map.copyOf(templated);
  }
}
