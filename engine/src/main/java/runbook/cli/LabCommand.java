package runbook.cli;

import picocli.CommandLine.Command;

/** The lab of real test hosts (see README, "The lab"). */
@Command(name = "lab", mixinStandardHelpOptions = true, description = "Bring up or tear down the lab of test hosts.")
final class LabCommand implements Runnable {
  @Override
  public void run() {}
}
