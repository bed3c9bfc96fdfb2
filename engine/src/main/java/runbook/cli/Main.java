package runbook.cli;

import java.util.OptionalInt;

/** The {@code runbook} command. The only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    OptionalInt served = Warm.served(args);
    if (served.isPresent()) {
      System.exit(served.getAsInt());
    }
    Prewarm.start();
    int code = Cli.commandLine(args).execute(args);
    WarmController.startAfter(args);
    System.exit(code);
  }
}
