package runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top-level command: subcommands apply, validate, lab; exit codes as documented in the README. */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Declarative runbooks over SSH, in Ansible's syntax.",
    subcommands = {ApplyCommand.class, ValidateCommand.class, LabCommand.class},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.INTERNAL)
public final class Cli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: apply, validate or lab");
  }

  /** The command line with runbook's exit codes; tests call execute() on it with captured output. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Cli());
    // "-e @vars.yml" is Ansible's extra-vars file, not a picocli argument file.
    line.setExpandAtFiles(false);
    line.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
    line.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          command.getErr().println("runbook: internal error: " + e);
          if (verbosity(parsed) >= 3) {
            e.printStackTrace(command.getErr());
          } else {
            command.getErr().println("Run again with -vvv to see where; please report it.");
          }
          return ExitCodes.INTERNAL;
        });
    line.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("runbook: " + e.getMessage());
          e.getCommandLine().getErr().println("Try 'runbook " + e.getCommandLine().getCommandName() + " --help'.");
          return ExitCodes.USAGE;
        });
    return line;
  }

  /** How many -v the innermost command was given. */
  private static int verbosity(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult inner = parsed;
    while (inner.hasSubcommand()) {
      inner = inner.subcommand();
    }
    boolean[] flags = inner.matchedOptionValue("-v", new boolean[0]);
    return flags.length;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Cli.class.getResourceAsStream("/runbook/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"runbook " + p.getProperty("version", "unknown")};
    }
  }
}
