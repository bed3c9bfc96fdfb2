package runbook.modules.mysql;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.Plan;

/** A mysql module's plan as text: the verdict, then each command's SQL (or its script's last lines), then the data. */
final class SqlPlan {
  private SqlPlan() {}

  static String of(Plan plan) {
    var out = new StringBuilder();
    if (plan instanceof Plan.Unchanged u) {
      out.append("ok: ").append(u.reason()).append('\n');
    } else if (plan instanceof Plan.Failed f) {
      out.append("failed: ").append(f.message()).append('\n');
    } else if (plan instanceof Plan.Change c) {
      out.append(switch (c.foresight()) {
        case KNOWN -> "changed: ";
        case DEPENDS -> "depends on " + c.dependsOn() + ": ";
        case UNKNOWN -> "unpredictable: ";
      }).append(c.summary()).append('\n');
      for (Action a : c.actions()) {
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
    if (!plan.data().isEmpty()) {
      out.append("  data ").append(data(plan.data())).append('\n');
    }
    return out.toString();
  }

  private static String data(Map<String, Object> data) {
    return new TreeMap<>(data).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
  }
}
