package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.host.JobRunner;
import runbook.spi.Action;
import runbook.spi.AsyncJob;
import runbook.spi.Command;
import runbook.spi.Module;
import runbook.spi.Plan;

/**
 * A change made by an async job (async/poll), as Ansible's: the plan's commands start detached on
 * the host; with poll 0 the task is done once they have started, registering the job for
 * async_status; else the engine asks after the job every {@code poll} seconds and fails the task
 * when {@code seconds} have gone by first. Only a change made of commands can run so: a file write
 * is one round trip that a dropped connection cannot leave half done anyway.
 */
final class AsyncRun {
  private final Run run;
  private final Reach reach;
  private final long seconds;
  private final double poll;

  AsyncRun(Run run, Reach reach, long seconds, double poll) {
    this.run = run;
    this.reach = reach;
    this.seconds = seconds;
    this.poll = poll;
  }

  Outcome apply(Plan.Change change, Module module) {
    if (!change.actions().stream().allMatch(Action.Run.class::isInstance)) {
      return Outcome.failed("async is not supported for this task.");
    }
    List<Command> commands =
        change.actions().stream().map(a -> ((Action.Run) a).command().underEnv(reach.environment())).toList();
    JobRunner jobs = new JobRunner(reach.connection(null));
    String jid = AsyncJob.newId();
    JobRunner.Started started;
    try {
      started = jobs.start(jid, commands, seconds);
    } finally {
      run.changed(reach.target());
    }
    if (started.error() != null) {
      return Outcome.failed(started.error());
    }
    Map<String, Object> data = new LinkedHashMap<>(change.data());
    data.put("ansible_job_id", jid);
    data.put("started", 1);
    data.put("finished", 0);
    data.put("results_file", started.resultsFile());
    if (poll <= 0) {
      return Outcome.changed(change.summary(), data, change.diffs());
    }
    AsyncJob.State state = null;
    for (double left = seconds; left > 0 && (state == null || !state.finished()); left -= poll) {
      TaskRun.sleep(poll);
      state = jobs.state(jid);
    }
    run.changed(reach.target());
    if (state == null || !state.finished() || state.timedOut()) { // the job's own limit may end it a moment before the last poll
      Map<String, Object> timedOut = new LinkedHashMap<>();
      // a job its own limit ended did not finish its work either, however close its end came to the last poll
      timedOut.put("async_result", state == null || state.timedOut() ? data : state.data());
      return Outcome.failed("async task did not complete within the requested time - " + seconds + "s", timedOut, List.of());
    }
    data.putAll(state.data());
    if (state.failed()) {
      return Outcome.failed(String.valueOf(data.remove("msg")), data, change.diffs());
    }
    return Outcome.changed(change.summary(), module.performed(data), change.diffs());
  }
}
