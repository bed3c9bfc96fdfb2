package runbook.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.run.Outcome;
import runbook.run.RunEvent;
import runbook.run.RunListener;
import runbook.run.Status;
import runbook.spi.FileDiff;

/** The run as ansible-playbook prints it: banners, one line per host and result, diffs, the recap. */
public final class ConsoleReport implements RunListener {
  private static final String CENSORED =
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

  private final Console console;
  private final int verbosity;

  /** @param verbosity how many -v: at 1 and more every module's reason is shown */
  public ConsoleReport(Console console, int verbosity) {
    this.console = console;
    this.verbosity = verbosity;
  }

  @Override
  public void on(RunEvent event) {
    if (event instanceof RunEvent.PlayStarted p) {
      console.play(p.name());
    } else if (event instanceof RunEvent.NoHostsMatched) {
      console.line("skipping: no hosts matched");
    } else if (event instanceof RunEvent.TaskStarted t) {
      console.task(t.task().name(), t.task().handler());
    } else if (event instanceof RunEvent.HostFinished h) {
      host(h.task(), h.host(), h.outcome());
    } else if (event instanceof RunEvent.Retrying r) {
      console.line("FAILED - RETRYING: [" + r.host() + "]: " + r.task() + " (" + r.retriesLeft() + " retries left).");
    } else if (event instanceof RunEvent.PlayAborted) {
      console.line("NO MORE HOSTS LEFT " + "*".repeat(61));
    } else if (event instanceof RunEvent.Warning w) {
      console.warning(w.message());
    } else if (event instanceof RunEvent.Recap r) {
      console.recap(r.rows());
    }
  }

  private void host(RunEvent.TaskInfo task, String host, Outcome result) {
    if (result.items().isEmpty()) {
      line(task, host, result, null);
    } else {
      for (Outcome item : result.items()) {
        line(task, host, item, item.label());
      }
      if (result.failed()) {
        console.host("failed", host, null, true, false, details(task, result));
      }
    }
    if (result.ignored()) {
      console.ignoring();
    }
  }

  private void line(RunEvent.TaskInfo task, String host, Outcome result, String item) {
    // Before the host's line, as ansible-playbook prints a result's warnings (a removed leftover temp file).
    if (!task.noLog() && result.data().get("warnings") instanceof List<?> warnings) {
      warnings.forEach(w -> console.warning(String.valueOf(w)));
    }
    if (task.diff() && !task.noLog()) {
      for (FileDiff d : result.diffs()) {
        console.diff(UnifiedDiff.of(d.path(), d.before(), d.after()));
      }
    }
    Status status = result.status();
    boolean problem = status == Status.FAILED || status == Status.UNREACHABLE;
    if (problem && item != null && result.items().isEmpty() && status == Status.FAILED) {
      console.host(status.word(), host, item, true, false, details(task, result));
      return;
    }
    Map<String, Object> details = problem || shown(task, result) ? details(task, result) : Map.of();
    console.host(status.word(), host, item, status == Status.FAILED, status == Status.UNREACHABLE, details);
  }

  /** debug always shows its values, a check run always says what it could not know, -v shows every reason. */
  private boolean shown(RunEvent.TaskInfo task, Outcome result) {
    return task.showsData()
        || result.unpredictable()
        || result.foresight() == Outcome.Foresight.DEPENDS
        || (verbosity > 0 && result.message() != null);
  }

  private Map<String, Object> details(RunEvent.TaskInfo task, Outcome result) {
    if (task.noLog()) {
      return Map.of("censored", CENSORED);
    }
    if (task.showsData() && result.status() == Status.OK) {
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
