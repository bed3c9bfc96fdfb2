package runbook.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.run.Outcome;
import runbook.run.RecapRow;
import runbook.run.RunEvent;
import runbook.run.RunListener;
import runbook.run.Status;
import runbook.spi.FileDiff;

/**
 * The run as a pull-request comment: a summary line, then per play and task the hosts with an
 * identical result on one line, one diff per group, and what a check run cannot predict apart.
 * Written whole, atomically, when the recap arrives.
 */
public final class MarkdownReport implements RunListener {
  /** Host groups longer than this are shown as first … last (N hosts): readable at 200 hosts. */
  static final int MAX_NAMED = 5;

  private final Path file;
  private final Redactor redactor;
  private final StringBuilder body = new StringBuilder();
  private final List<String> apart = new ArrayList<>();
  private final Map<String, List<String>> groups = new LinkedHashMap<>();
  private final Map<String, String> diffs = new LinkedHashMap<>();
  private RunEvent.TaskInfo task;

  public MarkdownReport(Path file, Redactor redactor) {
    this.file = file;
    this.redactor = redactor;
  }

  @Override
  public void on(RunEvent event) {
    if (event instanceof RunEvent.PlayStarted p) {
      endTask();
      body.append("\n## Play: ").append(redactor.redact(p.name())).append("\n");
    } else if (event instanceof RunEvent.TaskStarted t) {
      endTask();
      task = t.task();
    } else if (event instanceof RunEvent.HostFinished h) {
      host(h.task(), h.host(), h.outcome());
    } else if (event instanceof RunEvent.Recap r) {
      endTask();
      write(summary(r.rows()));
    }
  }

  private void host(RunEvent.TaskInfo info, String host, Outcome outcome) {
    task = info;
    String line = describe(info, outcome);
    if (line == null) {
      return;
    }
    groups.computeIfAbsent(line, k -> new ArrayList<>()).add(host);
    if (info.diff() && !info.noLog()) {
      StringBuilder text = new StringBuilder();
      for (FileDiff d : outcome.diffs()) {
        text.append(redactor.diff(UnifiedDiff.of(d.path(), d.before(), d.after())));
      }
      if (!text.isEmpty()) {
        diffs.putIfAbsent(line, text.toString());
      }
    }
    if (outcome.foresight() == Outcome.Foresight.UNKNOWN || outcome.foresight() == Outcome.Foresight.DEPENDS) {
      String reason = info.noLog() ? "details hidden (no_log)" : redactor.redact(String.valueOf(outcome.message()));
      String kind = outcome.foresight() == Outcome.Foresight.UNKNOWN ? "cannot predict" : "depends on an earlier simulated change";
      apart.add("- " + host + ": " + redactor.redact(info.name()) + " (" + info.at() + "): " + kind + ": " + reason);
    }
  }

  /** The words a host's line of a task says; hosts that say the same are grouped. Null: nothing to say (ok). */
  private String describe(RunEvent.TaskInfo info, Outcome outcome) {
    Status status = outcome.status();
    if (status == Status.OK || (status == Status.SKIPPED && !outcome.unpredictable())) {
      return null;
    }
    String word = outcome.unpredictable() ? "cannot predict" : status == Status.CHANGED ? "changed" : status.word();
    StringBuilder out = new StringBuilder(word);
    if (!info.noLog()) {
      for (FileDiff d : outcome.diffs()) {
        int[] counts = counts(UnifiedDiff.of(d.path(), d.before(), d.after()));
        out.append(", +").append(counts[0]).append(" -").append(counts[1]).append(" in ").append(d.path());
      }
      if (outcome.diffs().isEmpty() && outcome.message() != null) {
        out.append(": ").append(outcome.message().lines().findFirst().orElse(""));
      }
    }
    return redactor.redact(out.toString());
  }

  private static int[] counts(String unified) {
    int[] counts = new int[2];
    unified.lines().forEach(l -> {
      if (l.startsWith("+") && !l.startsWith("+++ ")) {
        counts[0]++;
      } else if (l.startsWith("-") && !l.startsWith("--- ")) {
        counts[1]++;
      }
    });
    return counts;
  }

  private void endTask() {
    if (task != null && !groups.isEmpty()) {
      body.append("\n### ").append(redactor.redact(task.name())).append(" `").append(task.at()).append("`\n\n");
      groups.forEach((line, hosts) -> {
        body.append("- ").append(hosts(hosts)).append(": ").append(line).append('\n');
        String diff = diffs.get(line);
        if (diff != null) {
          body.append("\n  <details><summary>diff</summary>\n\n  ```diff\n");
          diff.lines().forEach(l -> body.append("  ").append(l.replace("```", "`\u200b``")).append('\n'));
          body.append("  ```\n\n  </details>\n\n");
        }
      });
    }
    groups.clear();
    diffs.clear();
    task = null;
  }

  static String hosts(List<String> hosts) {
    if (hosts.size() <= MAX_NAMED) {
      return String.join(", ", hosts);
    }
    return hosts.get(0) + " … " + hosts.get(hosts.size() - 1) + " (" + hosts.size() + " hosts)";
  }

  private String summary(List<RecapRow> rows) {
    int changed = 0, ok = 0, failed = 0, unreachable = 0;
    for (RecapRow r : rows) {
      if (r.unreachable() > 0) {
        unreachable++;
      } else if (r.failed() > 0) {
        failed++;
      } else if (r.changed() > 0) {
        changed++;
      } else {
        ok++;
      }
    }
    long unknown = apart.stream().filter(l -> l.contains(": cannot predict: ")).count();
    return "**" + rows.size() + " hosts**: " + changed + " would change, " + ok + " ok, " + failed + " failed, " + unreachable
        + " unreachable, " + unknown + " steps cannot predict\n";
  }

  private void write(String summary) {
    StringBuilder out = new StringBuilder("# runbook preview\n\n").append(summary).append(body);
    if (!apart.isEmpty()) {
      out.append("\n## Not predicted\n\n");
      apart.forEach(l -> out.append(l).append('\n'));
    }
    Reports.writeAtomically(file, out.toString());
  }
}
