package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.model.Task;
import runbook.template.Templar;

/**
 * Evaluates changed_when and failed_when with the result visible under its register name;
 * failed_when sees the changed verdict already applied. What the verdicts do to the status is
 * {@link Outcome#judged}'s.
 */
final class Verdicts {
  private Verdicts() {}

  static Outcome apply(Task task, Outcome result, Templar templar, Map<String, Object> vars) {
    if ((task.changedWhen().isEmpty() && task.failedWhen().isEmpty()) || result.status() == Status.SKIPPED) {
      return result;
    }
    Map<String, Object> registered = new LinkedHashMap<>(result.registered());
    Map<String, Object> withResult = vars instanceof FactVars facts ? facts.with(Map.of()) : new LinkedHashMap<>(vars);
    if (task.register() != null) {
      withResult.put(task.register(), registered);
    }
    Boolean changed = task.changedWhen().isEmpty() ? null : all(task.changedWhen(), templar, withResult);
    if (changed != null) {
      registered.put("changed", changed);
    }
    Boolean failed = task.failedWhen().isEmpty() ? null : all(task.failedWhen(), templar, withResult);
    return result.judged(changed, failed, String.join(" and ", task.failedWhen()));
  }

  private static boolean all(List<String> conditions, Templar templar, Map<String, Object> vars) {
    return conditions.stream().allMatch(c -> templar.test(c, vars));
  }
}
