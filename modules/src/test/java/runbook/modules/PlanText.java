package runbook.modules;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.FileDiff;
import runbook.spi.Plan;
import runbook.spi.RawText;

/** A plan as compact text, so test tables can state every detail of an expected plan; bytes that are not UTF-8 read \xE9. */
public final class PlanText {
  private PlanText() {}

  public static String of(Plan plan) {
    var out = new StringBuilder(verdict(plan));
    if (plan instanceof Plan.Change c) {
      if (!c.touches().isEmpty()) {
        out.append("  touches ").append(String.join(", ", c.touches())).append('\n');
      }
      c.actions().forEach(a -> out.append("  ").append(action(a)).append('\n'));
      c.diffs().forEach(d -> out.append("  ").append(diff(d)).append('\n'));
    }
    return out.append(data(plan)).toString();
  }

  /** The first line: ok, failed, changed, depends on ..., or unpredictable, and why. */
  public static String verdict(Plan plan) {
    if (plan instanceof Plan.Unchanged u) {
      return "ok: " + u.reason() + "\n";
    } else if (plan instanceof Plan.Failed f) {
      return "failed: " + f.message() + "\n";
    }
    var c = (Plan.Change) plan;
    return switch (c.foresight()) {
      case KNOWN -> "changed: ";
      case DEPENDS -> "depends on " + c.dependsOn() + ": ";
      case UNKNOWN -> "unpredictable: ";
    } + c.summary() + "\n";
  }

  /** The last line: the registered values, sorted by name; empty when there are none. */
  public static String data(Plan plan) {
    return plan.data().isEmpty() ? "" : "  data " + data(plan.data()) + "\n";
  }

  private static String action(Action action) {
    if (action instanceof Action.WriteFile w) {
      return "write " + w.path() + " " + quote(RawText.decode(w.content()))
          + attrs(w.mode(), w.owner(), w.group()) + (w.backup() ? " backup" : "")
          + (w.validate() != null ? " validate=" + w.validate() : "") + (w.configtest() != null ? " configtest=" + w.configtest() : "");
    } else if (action instanceof Action.SetAttributes s) {
      return "attributes " + s.path() + attrs(s.mode(), s.owner(), s.group()) + (s.recurse() ? " recurse" : "") + (s.follow() ? " follow" : "");
    } else if (action instanceof Action.MakeDirectory m) {
      return "mkdir " + m.path() + attrs(m.mode(), m.owner(), m.group());
    } else if (action instanceof Action.MakeLink l) {
      return (l.hard() ? "hardlink " : "symlink ") + l.path() + " -> " + l.target() + (l.force() ? " force" : "");
    } else if (action instanceof Action.Remove r) {
      return "remove " + r.path();
    } else if (action instanceof Action.Touch t) {
      return "touch " + t.path();
    } else if (action instanceof Action.Relay r) {
      return "relay client on " + end(r.clientHost()) + " " + quote(r.client().script()) + ", server on " + end(r.serverHost())
          + (r.warnings().isEmpty() ? "" : ", warning on " + new java.util.TreeSet<>(r.warnings()));
    }
    var run = (Action.Run) action;
    var r = run.command();
    return "run " + (r.argv() != null ? r.argv() : "sh " + quote(r.script()))
        + (r.chdir() != null ? " chdir=" + r.chdir() : "") + (r.stdin() != null ? " stdin=" + quote(r.stdin()) : "")
        + (r.env().isEmpty() ? "" : " env=" + r.env()) + (r.timeout() != null ? " timeout=" + r.timeout().toSeconds() + "s" : "")
        + (run.stripEnds() ? "" : " ends kept");
  }

  private static String end(String host) {
    return host == null ? "the task's host" : host.equals(Action.CONTROLLER) ? "the controller" : host;
  }

  private static String attrs(String mode, String owner, String group) {
    return (mode != null ? " mode=" + mode : "") + (owner != null ? " owner=" + owner : "") + (group != null ? " group=" + group : "");
  }

  private static String diff(FileDiff diff) {
    return "diff " + diff.path() + " " + quote(diff.before()) + " -> " + quote(diff.after());
  }

  private static String data(Map<String, Object> data) {
    return new TreeMap<>(data).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String quote(String text) {
    return "\"" + RawText.visible(text).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"") + "\"";
  }
}
