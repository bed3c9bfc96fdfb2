package runbook.modules.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.AsyncJob;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's async_status: the state of a job that a task with {@code async} and {@code poll: 0}
 * started (status), or its files removed (cleanup). A finished job's result is the task's: changed
 * when its commands ran, failed with their non-zero status. Reading is a probe, so a check run reads
 * the job too; a job missing there is one whose starting task a check run did not run.
 */
public final class AsyncStatusModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "async_status",
          ArgSpec.str("jid").required(),
          ArgSpec.str("mode").choices("status", "cleanup").defaultsTo("status"))
      .inCollection("ansible.builtin")
      .describedAs("Reads the state of an async job (poll: 0) by its id, or removes its files.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String jid = call.args().str("jid");
    AsyncJob.State state = AsyncJob.read(jid, call.host().probe(AsyncJob.status(jid)));
    if (!state.found()) {
      return call.checkMode()
          ? Plan.unchanged("no job " + jid + ": a check run does not start the task that would", state.data())
          : Plan.failed(String.valueOf(state.data().get("msg")), without(state.data(), "msg"));
    }
    if (call.args().str("mode").equals("cleanup")) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("ansible_job_id", jid);
      data.put("erased", state.data().get("results_file"));
      return Plan.change("remove the files of job " + jid, List.of(new Action.Run(AsyncJob.cleanup(jid))), List.of()).withData(data);
    }
    if (state.failed()) {
      return Plan.failed(String.valueOf(state.data().get("msg")), without(state.data(), "msg"));
    }
    if (!state.finished()) {
      return Plan.unchanged("job " + jid + " is running", state.data());
    }
    return Boolean.TRUE.equals(state.data().get("changed"))
        ? Plan.change("job " + jid + " finished", List.of(), List.of()).withData(state.data())
        : Plan.unchanged("job " + jid + " finished", state.data());
  }

  private static Map<String, Object> without(Map<String, Object> data, String key) {
    Map<String, Object> rest = new LinkedHashMap<>(data);
    rest.remove(key);
    return rest;
  }
}
