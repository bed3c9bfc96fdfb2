package runbook.modules.mysql;

import java.util.stream.Collectors;
import runbook.modules.PlanText;
import runbook.spi.Action;
import runbook.spi.Plan;

/** A mysql module's plan as text: the verdict, then each command's SQL (or its script's last lines), then the data. */
final class SqlPlan {
  private SqlPlan() {}

  static String of(Plan plan) {
    var out = new StringBuilder(PlanText.verdict(plan));
    if (plan instanceof Plan.Change c) {
      for (Action a : c.actions()) {
        if (a instanceof Action.Pipe p) {
          out.append("  pipe from ").append(p.fromHost()).append(": ").append(tail(p.from())).append('\n');
          out.append("  into ").append(p.toHost() == null ? "this host" : p.toHost()).append(": ").append(tail(p.to())).append('\n');
          continue;
        }
        var command = ((Action.Run) a).command();
        String script = command.script();
        boolean client = script.endsWith("--xml --default-character-set=utf8mb4\n") || script.contains("--xml --default-character-set=utf8mb4 --database=");
        String shown = client ? FakeServer.sql(command) : script.substring(script.indexOf("> \"$d/my.cnf\"\n") + 14);
        out.append(shown.lines().map(l -> "  " + (client ? "sql " : "sh ") + l).collect(Collectors.joining("\n"))).append('\n');
        if (command.chdir() != null) {
          out.append("  in ").append(command.chdir()).append('\n');
        }
      }
      if (!c.touches().isEmpty()) {
        out.append("  touches ").append(String.join(", ", c.touches())).append('\n');
      }
    }
    return out.append(PlanText.data(plan)).toString();
  }

  /** A client script's own program, after the option file is made. */
  private static String tail(runbook.spi.Command command) {
    String program = command.script().substring(command.script().indexOf("> \"$d/my.cnf\"\n") + 14).strip();
    int header = program.indexOf("3> \"$d/at\" | ");
    return header < 0 ? program
        : program.substring(header + 12, program.indexOf(" || exit", header)).strip() + " (the dump's CHANGE MASTER TO line printed)";
  }
}
