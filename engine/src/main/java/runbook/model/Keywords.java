package runbook.model;

import java.util.List;
import java.util.Map;

/**
 * The keywords a task shares with a block (a block's apply to everything inside it): conditions are
 * raw Jinja expressions, as written; null means "not set here". {@code environment} is a mapping of
 * variable names to values, or one template that renders to such a mapping. {@code throttle}: at most
 * this many hosts run a task at once (null: --forks).
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
    Integer throttle) {
  public static final Keywords NONE = new Keywords(List.of(), List.of(), Map.of(), null, null, null, null, null, null, null, null, null, null);

  public Keywords {
    when = List.copyOf(when);
    tags = List.copyOf(tags);
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
  }
}
