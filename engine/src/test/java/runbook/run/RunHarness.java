package runbook.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import runbook.connect.ConnectionFactory;
import runbook.load.Loaded;
import runbook.load.Loader;
import runbook.report.Console;
import runbook.report.Redactor;
import runbook.template.Templar;

/** Writes an inventory and a runbook into a directory, runs them with fake modules, keeps the output. */
record RunHarness(Path dir, ModuleRegistry modules, ConnectionFactory connections) {
  record Outcome(int exitCode, String output) {
    /** The recap line of one host, spaces collapsed: "h1 : ok=2 changed=1 ...". */
    String recap(String host) {
      return output.lines()
          .filter(l -> l.startsWith(host + " ") && l.contains(" : ok="))
          .map(l -> l.replaceAll("\\s+", " "))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no recap line for " + host + " in:\n" + output));
    }
  }

  Outcome run(String inventory, String runbook, RunOptions options) throws IOException {
    Path inv = Files.writeString(dir.resolve("inventory.yml"), inventory);
    Path book = Files.writeString(dir.resolve("runbook.yml"), runbook);
    Templar templar = new Templar();
    Loaded loaded = new Loader(modules::spec, modules.names(), () -> templar).load(inv, List.of(book), List.of());
    if (!loaded.problems().isEmpty()) {
      throw new AssertionError("test runbook does not load: " + loaded.problems());
    }
    StringWriter out = new StringWriter();
    Console console = new Console(new PrintWriter(out), Redactor.none());
    int code = new Runner(modules, templar, connections, options, new runbook.report.ConsoleReport(console, options.verbosity()))
        .run(loaded.inventory(), loaded.runbooks(), loaded.extraVars());
    return new Outcome(code, out.toString());
  }
}
