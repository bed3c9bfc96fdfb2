package runbook.run;

import java.util.List;
import runbook.model.SourceLocation;
import runbook.spi.Meter;

/**
 * What the executor tells its listeners as a run goes: the console, reports and progress displays
 * are listeners; nothing in the executor prints.
 */
public sealed interface RunEvent {
  record PlayStarted(String name, SourceLocation at) implements RunEvent {}

  /** A play's hosts pattern matched no host (after --limit). */
  record NoHostsMatched(String pattern, SourceLocation at) implements RunEvent {}

  record TaskStarted(TaskInfo task) implements RunEvent {}

  /**
   * One host's outcome of a task; all hosts' outcomes of a task are sent once the task has finished
   * on every host, in inventory order, so that two runs tell the same story.
   *
   * @param millis how long the task took on this host
   */
  record HostFinished(TaskInfo task, String host, Outcome outcome, long millis) implements RunEvent {}

  /**
   * A long step on a host moved on: the bytes a pipe has carried so far, or what the meter of a
   * command (a package install, a sync) has counted. Sent as it happens, from the host's thread.
   */
  record Progress(String task, String host, Meter.Reading reading) implements RunEvent {}

  /** A task's until conditions did not hold on a host: it runs again, {@code retriesLeft} more times at most. Sent as it happens. */
  record Retrying(String task, String host, int retriesLeft) implements RunEvent {}

  /** any_errors_fatal or max_fail_percentage ended the play for every host. */
  record PlayAborted() implements RunEvent {}

  record Warning(String message) implements RunEvent {}

  record Recap(List<RecapRow> rows) implements RunEvent {}

  /**
   * A task as listeners need it.
   *
   * @param diff whether its file changes are to be shown (--diff, or its diff keyword)
   * @param noLog no_log: its details and diffs are hidden
   * @param showsData its module's result is what the user wants to see (debug)
   */
  record TaskInfo(String name, String module, SourceLocation at, boolean handler, boolean diff, boolean noLog, boolean showsData) {}
}
