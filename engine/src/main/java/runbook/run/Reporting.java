package runbook.run;

import java.util.LinkedHashMap;
import java.util.Map;
import runbook.model.Task;
import runbook.report.Console;
import runbook.report.UnifiedDiff;
import runbook.spi.FileDiff;
import runbook.spi.ModuleSpec;

/** Turns one host's result into console lines the way ansible-playbook shows them. */
final class Reporting {
  private static final String CENSORED =
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

  private final Run run;

  Reporting(Run run) {
    this.run = run;
  }

  void print(Task task, Scope scope, HostState host, HostResult result) {
    boolean diff = scope.diff() != null ? scope.diff() : run.options().diff();
    if (result.items().isEmpty()) {
      line(task, scope, host, result, null, diff);
    } else {
      for (HostResult item : result.items()) {
        line(task, scope, host, item, item.label(), diff);
      }
      if (result.failed()) {
        run.console().host("failed", host.name(), null, true, false, details(task, scope, result));
      }
    }
    if (result.ignored()) {
      run.console().ignoring();
    }
  }

  private void line(Task task, Scope scope, HostState host, HostResult result, String item, boolean diff) {
    Console console = run.console();
    if (diff && !scope.noLog()) {
      for (FileDiff d : result.diffs()) {
        console.diff(UnifiedDiff.of(d.path(), d.before(), d.after()));
      }
    }
    Status status = result.status();
    boolean problem = status == Status.FAILED || status == Status.UNREACHABLE;
    if (problem && item != null && result.items().isEmpty() && status == Status.FAILED) {
      console.host(status.word(), host.name(), item, true, false, details(task, scope, result));
      return;
    }
    Map<String, Object> details = problem || shown(task, result) ? details(task, scope, result) : Map.of();
    console.host(status.word(), host.name(), item, status == Status.FAILED, status == Status.UNREACHABLE, details);
  }

  /** debug always shows its values, a check-mode skip shows why, -v shows every module's reason. */
  private boolean shown(Task task, HostResult result) {
    return spec(task).has(ModuleSpec.Trait.SHOWS_DATA)
        || result.unpredictable()
        || (run.options().verbosity() > 0 && result.message() != null);
  }

  private ModuleSpec spec(Task task) {
    return run.modules().spec(task.module()).orElseThrow();
  }

  private Map<String, Object> details(Task task, Scope scope, HostResult result) {
    if (scope.noLog()) {
      return Map.of("censored", CENSORED);
    }
    if (spec(task).has(ModuleSpec.Trait.SHOWS_DATA) && result.status() == Status.OK) {
      return result.data();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    if (result.status() == Status.FAILED || result.status() == Status.UNREACHABLE) {
      details.put("changed", Boolean.TRUE.equals(result.data().get("changed")));
      for (String key : new String[] {"rc", "stdout", "stderr", "cmd"}) {
        if (result.data().containsKey(key)) {
          details.put(key, result.data().get(key));
        }
      }
    }
    if (result.message() != null) {
      details.put(result.status() == Status.SKIPPED ? "skip_reason" : "msg", result.message());
    }
    if (result.status() == Status.UNREACHABLE) {
      details.put("unreachable", true);
    }
    return details;
  }
}
