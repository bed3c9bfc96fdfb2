package runbook.modules.command;

import java.util.List;
import runbook.spi.Command;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's shell: runs a script through /bin/sh, or through {@code executable} when given. */
public final class ShellModule implements Module {
  private static final ModuleSpec SPEC = Run.spec("shell", ArgSpec.str("executable"))
      .describedAs("Runs a command through the host's shell; in check mode only with creates or removes.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String script = Run.text(args);
    if (script == null || script.isBlank()) {
      return Plan.failed("no command given");
    }
    String executable = args.str("executable");
    var action = Run.action(executable == null || executable.equals("/bin/sh") ? Command.script(script) : Command.of(executable, "-c", script), args);
    return Run.plan(call, action, script, List.of());
  }
}
