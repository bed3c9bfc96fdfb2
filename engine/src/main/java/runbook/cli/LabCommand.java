package runbook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import runbook.lab.Lab;

/** The lab of real test hosts (README, "The lab"): needs root. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Bring up or tear down a lab of real Debian hosts on this machine (needs root).",
    subcommands = {LabCommand.Up.class, LabCommand.Down.class})
final class LabCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a lab command: up or down");
  }

  @Command(name = "up", mixinStandardHelpOptions = true, description = "Start N hosts and write an inventory for them.")
  static final class Up implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "N", description = "How many hosts (h1..hN).")
    int count;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".lab", description = "Where the inventory and keys go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (count < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "N must be at least 1");
      }
      var out = spec.commandLine().getOut();
      try {
        Lab lab = Lab.up(count, Files.createDirectories(dir), line -> spec.commandLine().getErr().println(line));
        lab.hosts().forEach(h -> out.println(h.name() + " " + h.address()));
        out.println("inventory: " + lab.inventory());
        return ExitCodes.OK;
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println("runbook lab: " + e.getMessage());
        return ExitCodes.LAB_FAILED;
      }
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every lab host and remove its network.")
  static final class Down implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        Lab.downAll();
        return ExitCodes.OK;
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println("runbook lab: " + e.getMessage());
        return ExitCodes.LAB_FAILED;
      }
    }
  }
}
