package runbook.e2e;

import java.io.PrintWriter;
import java.io.StringWriter;
import runbook.cli.Cli;

/** The runbook command run in-process through picocli, with its output captured. */
record Command(int exitCode, String out, String err) {
  static Command run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var line = Cli.commandLine(args);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new Command(code, out.toString(), err.toString());
  }

  /** Sum of changed= over all recap lines. */
  int changed() {
    return recapSum("changed");
  }

  int failed() {
    return recapSum("failed");
  }

  private int recapSum(String counter) {
    return out.lines()
        .filter(l -> l.contains(" : ok="))
        .mapToInt(l -> Integer.parseInt(l.replaceAll(".*\\b" + counter + "=(\\d+).*", "$1")))
        .sum();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
