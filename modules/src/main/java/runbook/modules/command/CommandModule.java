package runbook.modules.command;

import java.util.List;
import runbook.spi.Command;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.ShellWords;

/** Ansible's command: runs a program with arguments, without a shell. */
public final class CommandModule implements Module {
  private static final ModuleSpec SPEC = Run.spec("command", ArgSpec.list("argv"), ArgSpec.str("executable"))
      .describedAs("Runs a command on the host without a shell; in check mode only with creates or removes.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String text = Run.text(args);
    List<String> argv;
    if (args.has("argv")) {
      if (text != null) {
        return Plan.failed("only command or argv can be given, not both");
      }
      argv = args.list("argv").stream().map(String::valueOf).toList();
    } else if (text != null) {
      var words = ShellWords.split(text);
      if (words.isEmpty()) {
        return Plan.failed("The command has an unclosed quotation: " + text);
      }
      argv = words.get();
    } else {
      argv = List.of();
    }
    if (argv.isEmpty()) {
      return Plan.failed("no command given");
    }
    // As Ansible 2.14's command: executable is accepted, warned about and not used.
    List<String> warnings = args.has("executable")
        ? List.of("As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '"
            + args.str("executable") + "'.")
        : List.of();
    return Run.plan(call, Run.action(Command.of(argv), args), argv, warnings);
  }
}
