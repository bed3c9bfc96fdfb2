package runbook.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run as a pull-request comment: a summary line, then per play and task the hosts with an
 * identical result on one line, one diff per such group, and apart what a check run cannot predict.
 * Hosts with nothing to say (ok, skipped by a condition) are counted, not listed, so 200 hosts read
 * as a handful of lines.
 */
final class MarkdownReport {
  /**
   * Host groups longer than this are shown by their first names and a count: "first … last" would
   * read as a range, and a group's hosts seldom are one.
   */
  static final int MAX_NAMED = 5;
  /**
   * A group's diff is cut after this many lines: a sync of thousands of files would otherwise fill a
   * pull-request comment (GitHub's hold 65,536 characters) and push the rest of the preview out.
   */
  static final int DIFF_LINES = 120;
  private static final int SHOWN = 3;
  /** A line names at most this many changed files; more are counted. */
  static final int MAX_FILES = 3;

  private MarkdownReport() {}

  static String render(RunReport report) {
    Summary summary = Summary.of(report);
    StringBuilder out = new StringBuilder(report.check() ? "# runbook preview (check mode: no host was changed)\n\n" : "# runbook run\n\n");
    out.append(summary.line()).append('\n');
    List<String> apart = new ArrayList<>();
    for (RunReport.Play play : report.plays()) {
      out.append("\n## ").append(text(play.name())).append(" `").append(play.at()).append("`\n");
      if (play.noHostsMatched()) {
        out.append("\nNo host matched the play's hosts; it was skipped.\n");
      }
      int quiet = 0;
      for (RunReport.Task task : play.tasks()) {
        // identical: the same words and the same diffs; the line shows the words, the diff once
        Map<String, List<RunReport.Result>> groups = groups(task.results(), r -> {
          String line = describe(report.check(), r);
          return line == null ? null : line + "\n" + String.join("\n", r.allChanges().map(c -> String.valueOf(c.diff())).toList());
        });
        Map<String, List<RunReport.Result>> unforeseen = groups(task.results(), MarkdownReport::unforeseen);
        if (groups.isEmpty() && unforeseen.isEmpty()) {
          quiet++;
        } else if (!groups.isEmpty()) {
          out.append("\n### ").append(text(task.name())).append(task.handler() ? " (handler)" : "").append(" `").append(task.at())
              .append("`\n\n");
          groups.forEach((key, results) -> {
            out.append("- ").append(hosts(results)).append(": ").append(key, 0, key.indexOf('\n')).append('\n');
            details(out, results.get(0));
          });
        }
        unforeseen.forEach((reason, results) -> apart.add(
            "- " + text(task.name()) + " `" + task.at() + "` on " + hosts(results) + ": " + reason));
      }
      if (play.aborted()) {
        out.append("\nThe play was stopped for every host (any_errors_fatal or max_fail_percentage).\n");
      }
      if (quiet > 0) {
        out.append("\n").append(quiet).append(quiet == 1 ? " task" : " tasks").append(" with nothing to change on any host.\n");
      }
    }
    if (!apart.isEmpty()) {
      out.append("\n## Cannot be predicted\n\nOnly running can tell what these do, or they rest on a change the check run only simulated.\n\n");
      apart.forEach(l -> out.append(l).append('\n'));
    }
    if (!report.warnings().isEmpty()) {
      out.append("\n## Warnings\n\n");
      report.warnings().forEach(w -> out.append("- ").append(text(w)).append('\n'));
    }
    return out.toString();
  }

  /** Results that say the same, in the order first seen; a null key leaves a result out. */
  private static Map<String, List<RunReport.Result>> groups(List<RunReport.Result> results,
      java.util.function.Function<RunReport.Result, String> key) {
    Map<String, List<RunReport.Result>> groups = new LinkedHashMap<>();
    for (RunReport.Result r : results) {
      String k = key.apply(r);
      if (k != null) {
        groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
      }
    }
    return groups;
  }

  static String hosts(List<RunReport.Result> results) {
    return named(results.stream().map(RunReport.Result::host).toList());
  }

  static String named(List<String> hosts) {
    if (hosts.size() <= MAX_NAMED) {
      return String.join(", ", hosts);
    }
    return String.join(", ", hosts.subList(0, SHOWN)) + " and " + (hosts.size() - SHOWN) + " more (" + hosts.size() + " hosts)";
  }

  /** What a host's line says; hosts that say the same are one line. Null: nothing to say here. */
  private static String describe(boolean check, RunReport.Result r) {
    String word = switch (r.status()) {
      case "changed" -> check ? "would change" : "changed";
      case "failed" -> r.ignored() ? "failed (ignored)" : "failed";
      case "unreachable" -> "unreachable";
      default -> null;
    };
    if (word == null || r.foresight().equals("unknown")) {
      return null;
    }
    StringBuilder line = new StringBuilder(word);
    List<RunReport.Change> changes = r.allChanges().toList();
    if (changes.size() > MAX_FILES) {
      line.append(", +").append(changes.stream().mapToInt(RunReport.Change::added).sum()).append(" -")
          .append(changes.stream().mapToInt(RunReport.Change::removed).sum()).append(" in ").append(changes.size()).append(" files");
    } else {
      changes.forEach(c -> line.append(", +").append(c.added()).append(" -").append(c.removed()).append(" in `").append(c.path()).append('`'));
    }
    if (changes.isEmpty() && r.message() != null) {
      line.append(": ").append(text(r.message().lines().findFirst().orElse("")));
    } else if (changes.isEmpty() && !r.items().isEmpty()) {
      List<String> labels = r.items().stream().filter(i -> !i.status().equals("ok") && !i.status().equals("skipped"))
          .map(i -> i.label() + (i.message() == null ? "" : " (" + i.message().lines().findFirst().orElse("") + ")")).toList();
      line.append(": ").append(text(String.join(", ", labels)));
    }
    return line.toString();
  }

  /** Why a check run could not foresee it, or null when it could. */
  private static String unforeseen(RunReport.Result r) {
    String reason = text(r.message() != null ? r.message().lines().findFirst().orElse("")
        : r.items().stream().filter(i -> i.message() != null).map(i -> i.label() + ": " + i.message().lines().findFirst().orElse(""))
            .findFirst().orElse("details hidden (no_log)"));
    return switch (r.foresight()) {
      case "unknown" -> "cannot predict: " + reason;
      case "depends" -> "depends on an earlier simulated change: " + reason;
      default -> null;
    };
  }

  /** The group's diffs, shown once: the first host's stands for the others, which say the same counts. */
  private static void details(StringBuilder out, RunReport.Result first) {
    List<String> diffs = first.allChanges().map(RunReport.Change::diff).filter(d -> d != null).toList();
    if (diffs.isEmpty()) {
      return;
    }
    out.append("\n  <details><summary>diff</summary>\n\n  ```diff\n");
    List<String> lines = diffs.stream().flatMap(String::lines).toList();
    lines.stream().limit(DIFF_LINES).forEach(l -> out.append("  ").append(l.replace("```", "`\u200b``")).append('\n'));
    out.append("  ```\n");
    if (lines.size() > DIFF_LINES) {
      out.append("\n  ").append(lines.size() - DIFF_LINES).append(" more lines of this diff are in the run's JSON report and on the console with --diff.\n");
    }
    out.append("\n  </details>\n\n");
  }

  /** Text from the run, kept from becoming HTML in the comment. */
  private static String text(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
