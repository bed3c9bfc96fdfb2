package runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top-level command: subcommands apply, validate, lab; exit codes as documented in the README. */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Declarative runbooks over SSH, in Ansible's syntax.",
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
    return commandLine(new String[0]);
  }

  /**
   * The command line for these arguments. Picocli builds the model of every registered command up
   * front, which costs a short run more than parsing; so when the first argument names a subcommand,
   * only that one is registered. Otherwise all are, for the top-level help and errors.
   */
  public static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new Cli());
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("apply", ApplyCommand::new);
    commands.put("validate", ValidateCommand::new);
    commands.put("lab", LabCommand::new);
    Supplier<Object> named = args.length > 0 ? commands.get(args[0]) : null;
    (named != null ? List.of(named) : commands.values()).forEach(command -> line.addSubcommand(command.get()));
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
        (e, given) -> {
          e.getCommandLine().getErr().println("runbook: " + e.getMessage());
          e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
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
