package runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Top-level command: subcommands apply, validate, lab; exit codes as documented in the README. */
public final class Cli implements Runnable {
  private final CommandSpec spec = Options.command("runbook", "Declarative runbooks over SSH, in Ansible's syntax.", this)
      .versionProvider(new Version())
      .exitCodeOnInvalidInput(ExitCodes.USAGE)
      .exitCodeOnExecutionException(ExitCodes.INTERNAL);

  private Cli() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: apply, validate, report, schema or lab");
  }

  /** The command line with runbook's exit codes; tests call execute() on it with captured output. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for these arguments. Only the command the first argument names is built
   * (all of them when it names none, for the top-level help and errors): a short run should not
   * pay for models it does not use.
   */
  public static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new Cli().spec);
    Map<String, Supplier<CommandSpec>> commands = new LinkedHashMap<>();
    commands.put("apply", () -> new ApplyCommand().spec);
    commands.put("validate", () -> new ValidateCommand().spec);
    commands.put("schema", () -> new SchemaCommand().spec);
    commands.put("report", () -> new ReportCommand().spec);
    commands.put("lab", () -> new LabCommand().spec);
    Supplier<CommandSpec> named = args.length > 0 ? commands.get(args[0]) : null;
    (named != null ? List.of(named) : commands.values()).forEach(command -> {
      CommandSpec spec = command.get();
      line.addSubcommand(spec.name(), new CommandLine(spec));
    });
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
