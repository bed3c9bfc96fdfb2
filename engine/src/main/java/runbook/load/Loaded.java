package runbook.load;

import java.util.List;
import java.util.Map;
import runbook.model.Inventory;
import runbook.model.Runbook;

/**
 * Everything loaded for one run. When {@code problems} is not empty nothing may run; the rest is
 * as complete as the problems allowed.
 *
 * @param warnings what is suspicious but may run (a play whose hosts match no host)
 */
public record Loaded(
    Inventory inventory, List<Runbook> runbooks, Map<String, Object> extraVars, List<Problem> problems, List<Problem> warnings) {
  public Loaded {
    runbooks = List.copyOf(runbooks);
    extraVars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraVars));
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
