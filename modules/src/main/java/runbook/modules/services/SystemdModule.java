package runbook.modules.services;

import java.util.List;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's systemd_service (also named systemd): a unit through systemctl, with masking and daemon-reload. */
public final class SystemdModule implements Module {
  private static final ModuleSpec SPEC = Services.spec(
      "systemd_service",
      Services.name().alias("service", "unit"),
      ArgSpec.bool("masked"),
      ArgSpec.bool("daemon_reload").alias("daemon-reload").defaultsTo(false),
      ArgSpec.str("scope").choices("system", "user", "global").defaultsTo("system"),
      ArgSpec.bool("no_block").defaultsTo(false))
      .alsoNamed("systemd", "ansible.builtin.systemd", "ansible.legacy.systemd")
      .describedAs("Controls a systemd unit: state, enabled at boot, daemon_reload.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    if (args.str("scope").equals("global")) {
      return Plan.failed("scope global is not supported: use system or user");
    }
    if (!args.has("name") && args.bool("daemon_reload") && !args.has("state") && !args.has("enabled") && !args.has("masked")) {
      // Nothing to compare without a unit: systemd is told to reload, and that is the change.
      return Plan.change("reload systemd's unit files", List.of(SystemdUnit.daemonReload(flag(args))), List.of());
    }
    String problem = Services.problem(args, args.bool("daemon_reload") || args.has("masked"));
    if (problem != null) {
      return Plan.failed(problem);
    }
    return SystemdUnit.plan(call, args.str("name"), flag(args), args.bool("no_block"));
  }

  private static String flag(Args args) {
    return "--" + args.str("scope");
  }
}
