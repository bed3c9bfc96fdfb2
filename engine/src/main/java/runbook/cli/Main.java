package runbook.cli;

import picocli.CommandLine;

/** The {@code runbook} command. The only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Prewarm.start();
    System.exit(Cli.commandLine(args).execute(args));
  }
}
