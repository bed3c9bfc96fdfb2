package runbook.modules.control;

import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's fail: fails the task with a message. */
public final class FailModule implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.of("fail", ArgSpec.str("msg").defaultsTo("Failed as requested from task")).onController().inCollection("ansible.builtin")
      .describedAs("Fails the task with a message.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    return Plan.failed(call.args().str("msg"));
  }
}
