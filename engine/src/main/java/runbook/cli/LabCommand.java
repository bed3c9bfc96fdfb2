package runbook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import runbook.lab.Lab;
import runbook.lab.Rehearsal;

/** The lab of real test hosts (README, "The lab"): needs root. */
final class LabCommand implements Runnable {
  final CommandSpec spec =
      Options.command("lab", "Bring up or tear down a lab of real Debian hosts on this machine (needs root).", this);

  LabCommand() {
    spec.addSubcommand("up", new CommandLine(new Up().spec));
    spec.addSubcommand("down", new CommandLine(new Down().spec));
    spec.addSubcommand("rehearse", new CommandLine(new Rehearse().spec));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a lab command: up, down or rehearse");
  }

  static final class Up implements Callable<Integer> {
    final CommandSpec spec = Options.command("up", "Start N hosts and write an inventory for them.", this);
    private final OptionSpec dir =
        Options.value(spec, Path.class, "DIR", ".lab", "Where the inventory and keys go (default: ${DEFAULT-VALUE}).", "--dir");
    private final PositionalParamSpec count = Options.positional(spec, "0", int.class, null, "N", "How many hosts (h1..hN).");

    @Override
    public Integer call() throws Exception {
      int n = count.getValue();
      if (n < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "N must be at least 1");
      }
      var out = spec.commandLine().getOut();
      try {
        Lab lab = Lab.up(n, Files.createDirectories(dir.getValue()), line -> spec.commandLine().getErr().println(line));
        lab.hosts().forEach(h -> out.println(h.name() + " " + h.address()));
        out.println("inventory: " + lab.inventory());
        return ExitCodes.OK;
      } catch (IllegalStateException e) {
        return failed(spec, e);
      }
    }
  }

  static final class Down implements Callable<Integer> {
    final CommandSpec spec = Options.command("down", "Stop every lab host and remove its network.", this);

    @Override
    public Integer call() {
      try {
        Lab.downAll();
        return ExitCodes.OK;
      } catch (IllegalStateException e) {
        return failed(spec, e);
      }
    }
  }

  /** A scenario rehearsed end to end on hosts of its own (README, "Migrating a server"). */
  static final class Rehearse implements Callable<Integer> {
    final CommandSpec spec = Options.command("rehearse",
        "Rehearse a migration: lab up, seed, then each phase checked, applied and applied again, verify, lab down.", this);
    private final OptionSpec dir = Options.value(spec, Path.class, "DIR", ".lab",
        "Where a new lab's keys and the rehearsal's logs go (default: ${DEFAULT-VALUE}).", "--dir");
    private final OptionSpec inventory = Options.value(spec, Path.class, "INVENTORY", null,
        "The scenario's inventory for real servers (default: inventories/NAME.yml beside runbooks/).", "-i", "--inventory");
    private final PositionalParamSpec scenario =
        Options.positional(spec, "0", Path.class, null, "SCENARIO", "The scenario's folder, e.g. runbooks/s2-proxy-then-change-dns.");

    @Override
    public Integer call() throws Exception {
      Path folder = ((Path) scenario.getValue()).toAbsolutePath().normalize();
      Path given = inventory.getValue();
      Path inv = given != null ? given : folder.getParent().resolveSibling("inventories").resolve(folder.getFileName() + ".yml");
      Rehearsal rehearsal;
      try {
        rehearsal = Rehearsal.of(folder, inv);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Path work = Files.createDirectories(((Path) dir.getValue()).resolve("rehearsal-" + folder.getFileName()));
      try {
        return rehearsal.run(dir.getValue(), work, spec.commandLine().getOut(), (phase, lab) -> {}).passed()
            ? ExitCodes.OK : ExitCodes.REHEARSAL_FAILED;
      } catch (IllegalStateException e) {
        return failed(spec, e);
      }
    }
  }

  private static int failed(CommandSpec spec, IllegalStateException e) {
    spec.commandLine().getErr().println("runbook lab: " + e.getMessage());
    return ExitCodes.LAB_FAILED;
  }
}
