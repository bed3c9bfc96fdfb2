package runbook.report;

import java.util.List;
import runbook.run.RecapRow;

/**
 * A run as the report files tell it: every play, task and host result, the warnings and the recap,
 * already redacted. The JSON report is this record as it is (schema/report.schema.json), so a
 * report read back (to merge shards) is the run it was written from.
 *
 * @param format the version of this shape, {@link #FORMAT}
 * @param check whether it was a check run (changes are predictions)
 * @param hosts every host of the inventory in its order, also those another shard ran: merged
 *     reports put their hosts in this order, as one run would have
 */
record RunReport(String format, boolean check, List<String> hosts, List<Play> plays, List<String> warnings, List<RecapRow> recap) {
  static final String FORMAT = "runbook-report/1";

  RunReport {
    hosts = List.copyOf(hosts);
    plays = List.copyOf(plays);
    warnings = List.copyOf(warnings);
    recap = List.copyOf(recap);
  }

  /**
   * @param at FILE:LINE:COL
   * @param noHostsMatched its hosts pattern matched no host
   * @param aborted any_errors_fatal or max_fail_percentage ended it
   */
  record Play(String name, String at, boolean noHostsMatched, boolean aborted, List<Task> tasks) {
    Play {
      tasks = List.copyOf(tasks);
    }
  }

  record Task(String name, String module, String at, boolean handler, List<Result> results) {
    Task {
      results = List.copyOf(results);
    }
  }

  /**
   * One host's result of a task.
   *
   * @param status ok, changed, skipped, failed or unreachable
   * @param foresight what a check run could tell: none, known, depends or unknown
   * @param message the module's reason, summary or failure; null when none or under no_log
   * @param millis how long the task took on the host
   */
  record Result(String host, String status, String foresight, String message, List<Change> changes, List<Item> items, boolean ignored,
      long millis) {
    Result {
      changes = List.copyOf(changes);
      items = List.copyOf(items);
    }

    /** Its file changes and its loop items' together. */
    java.util.stream.Stream<Change> allChanges() {
      return java.util.stream.Stream.concat(changes.stream(), items.stream().flatMap(i -> i.changes().stream()));
    }
  }

  /** One loop item's result. */
  record Item(String label, String status, String foresight, String message, List<Change> changes) {
    Item {
      changes = List.copyOf(changes);
    }
  }

  /**
   * A file change: lines added and removed, and the unified diff when the task shows diffs.
   *
   * @param diff null when the task shows no diff (no --diff, or diff: false)
   */
  record Change(String path, int added, int removed, String diff) {}
}
