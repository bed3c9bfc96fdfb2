package runbook.modules.packages;

import java.util.ArrayList;
import java.util.List;
import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's package: the host's own package manager, from the {@code pkg_mgr} fact (or {@code use}).
 * Only apt is there yet; its other arguments pass through to it, as Ansible passes them.
 */
public final class PackageModule implements Module {
  private static final Module APT = new AptModule();
  private static final ModuleSpec SPEC = ModuleSpec.of("package", args()).inCollection("ansible.builtin")
      .describedAs("Installs or removes packages with the host's package manager (apt on Debian).");

  /** apt's arguments, with name and state required as package has them, and use. */
  private static List<ArgSpec> args() {
    List<ArgSpec> args = new ArrayList<>();
    for (ArgSpec arg : AptModule.ARGS) {
      args.add(switch (arg.name()) {
        case "name", "state" -> new ArgSpec(arg.name(), arg.type(), true, arg.aliases(), arg.choices(), null);
        default -> arg;
      });
    }
    args.add(ArgSpec.str("use").defaultsTo("auto"));
    return args;
  }

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String use = call.args().str("use");
    Object manager = use.equals("auto") ? call.facts().get("pkg_mgr") : use;
    if (manager == null) {
      return Plan.failed("the host's package manager is not known (no pkg_mgr fact); name it with use: apt");
    }
    if (!manager.equals("apt")) {
      return Plan.failed("package manager '" + manager + "' is not supported; only apt is");
    }
    return APT.plan(call);
  }
}
