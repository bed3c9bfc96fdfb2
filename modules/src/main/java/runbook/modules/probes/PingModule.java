package runbook.modules.probes;

import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's ping: the host answers a command over the task's connection (and become), and
 * {@code data} comes back as {@code ping}. No Python is asked for: a host that runs POSIX shell is
 * usable by every module here. {@code data: crash} fails, as Ansible's does.
 */
public final class PingModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of("ping", ArgSpec.str("data").defaultsTo("pong"))
      .inCollection("ansible.builtin")
      .describedAs("Checks that the host can be reached and runs a command, returning data as ping.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String data = call.args().str("data");
    if (data.equals("crash")) {
      return Plan.failed("boom");
    }
    // probe, not state: the answer must come from the host now, never from a cache
    CommandResult r = call.host().probe(Command.of("true"));
    if (!r.ok()) {
      return Plan.failed("the host could not run a command (rc " + r.rc() + "): " + r.stderr().strip());
    }
    return Plan.unchanged("the host answers", Map.of("ping", data));
  }
}
