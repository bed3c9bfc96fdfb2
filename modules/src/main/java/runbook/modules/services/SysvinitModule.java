package runbook.modules.services;

import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's sysvinit: a service through its init script, whatever manages the host; a restart is stop, sleep, start. */
public final class SysvinitModule implements Module {
  private static final ModuleSpec SPEC = Services.spec(
      "sysvinit",
      Services.name().required(),
      ArgSpec.integer("sleep").defaultsTo(1),
      ArgSpec.str("pattern"),
      ArgSpec.list("runlevels"),
      ArgSpec.str("arguments").alias("args"))
      .describedAs("Controls a SysV init script service: state and enabled at boot.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String problem = Services.problem(args, false);
    if (problem != null) {
      return Plan.failed(problem);
    }
    var runlevels = args.list("runlevels").stream().map(String::valueOf).toList();
    return Services.initScript(call, args.str("name"), runlevels, args.integer("sleep"));
  }
}
