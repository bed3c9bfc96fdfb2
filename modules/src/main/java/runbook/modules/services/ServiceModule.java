package runbook.modules.services;

import java.util.List;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's service: starts, stops, restarts or reloads a service and enables it at boot, through
 * the host's own manager, taken from the service_mgr fact (or {@code use}): systemd when PID 1 is
 * systemd, else Debian init scripts.
 */
public final class ServiceModule implements Module {
  private static final ModuleSpec SPEC = Services.spec(
      "service",
      Services.name().required(),
      ArgSpec.integer("sleep"),
      ArgSpec.str("pattern"),
      ArgSpec.str("arguments").alias("args"),
      ArgSpec.str("use").choices("auto", "systemd", "sysvinit", "service").defaultsTo("auto"))
      .describedAs("Starts, stops, restarts or reloads a service, and enables it at boot (systemd or init scripts).");

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
    String use = args.str("use");
    Object manager = use.equals("auto") ? call.facts().get("service_mgr") : use;
    if (manager == null) {
      return Plan.failed("the host's service manager is not known (no service_mgr fact): set use to systemd or sysvinit");
    }
    String name = args.str("name");
    if (manager.equals("systemd")) {
      if (args.has("arguments")) {
        return Plan.failed("arguments are passed to init scripts only; " + name + " is a systemd unit here");
      }
      return SystemdUnit.plan(call, name, "--system", false);
    }
    return Services.initScript(call, name, List.of(), args.has("sleep") ? args.integer("sleep") : 0);
  }
}
