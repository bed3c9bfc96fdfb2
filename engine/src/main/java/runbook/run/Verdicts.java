package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.model.Task;
import runbook.template.Templar;

/**
 * changed_when, then failed_when (as Ansible orders them), evaluated with the result visible under
 * its register name; failed_when sees the changed verdict already applied.
 */
final class Verdicts {
  private Verdicts() {}

  static HostResult apply(Task task, HostResult result, Templar templar, Map<String, Object> vars) {
    if ((task.changedWhen().isEmpty() && task.failedWhen().isEmpty()) || result.status() == Status.SKIPPED) {
      return result;
    }
    Map<String, Object> registered = new LinkedHashMap<>(result.registered());
    Map<String, Object> withResult = new LinkedHashMap<>(vars);
    if (task.register() != null) {
      withResult.put(task.register(), registered);
    }
    boolean changed =
        task.changedWhen().isEmpty()
            ? Boolean.TRUE.equals(registered.get("changed"))
            : all(task.changedWhen(), templar, withResult);
    registered.put("changed", changed);
    boolean failed =
        task.failedWhen().isEmpty() ? result.status() == Status.FAILED : all(task.failedWhen(), templar, withResult);
    if (failed) {
      String why =
          result.status() == Status.FAILED && task.failedWhen().isEmpty()
              ? result.message()
              : "failed_when matched: " + String.join(" and ", task.failedWhen());
      return result.withStatus(Status.FAILED, why);
    }
    String message = result.status() == Status.FAILED ? null : result.message();
    return result.withStatus(changed ? Status.CHANGED : Status.OK, message);
  }

  private static boolean all(List<String> conditions, Templar templar, Map<String, Object> vars) {
    return conditions.stream().allMatch(c -> templar.test(c, vars));
  }
}
