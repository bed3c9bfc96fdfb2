package runbook.modules.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileDiff;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's debconf: reads a package's answers with {@code debconf-show}, as Ansible does, and sets
 * one with {@code debconf-set-selections} reading it on stdin, so a value never shows on a command
 * line. debconf-show hides passwords, so Ansible reports every password as changed; here the stored
 * one is asked of {@code debconf-communicate} (on stdin too) and compared on the controller, and it
 * is never shown: not in the result, not in the diff.
 */
public final class DebconfModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "debconf",
          ArgSpec.str("name").required().alias("pkg"),
          ArgSpec.str("question").alias("selection", "setting"),
          ArgSpec.str("vtype").choices("boolean", "error", "multiselect", "note", "password", "seen", "select", "string", "text", "title"),
          ArgSpec.str("value").alias("answer"),
          ArgSpec.bool("unseen").defaultsTo(false))
      .inCollection("ansible.builtin")
      .describedAs("Sets a package's debconf answer (debconf-set-selections), comparing it with the stored one first.");

  /** What debconf-show prints for a password (so its answers hold none), and the diff too. */
  private static final String OMITTED = "(password omitted)";

  /** What the result says for a password, as user's does. */
  private static final String HIDDEN = "NOT_LOGGING_PASSWORD";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String name = args.str("name");
    List<String> together = Stream.of("question", "vtype", "value").filter(args::has).toList();
    if (!together.isEmpty() && together.size() < 3) {
      return Plan.failed("parameters are required together: question, vtype, value");
    }
    CommandResult shown = call.host().state(Command.of("debconf-show", name));
    if (!shown.ok()) {
      return Plan.failed(shown.stderr().isBlank() ? "debconf-show " + name + " failed (rc " + shown.rc() + ")" : shown.stderr().strip());
    }
    Map<String, Object> selections = new java.util.TreeMap<>();
    for (String line : shown.stdout().split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        selections.put(line.substring(0, colon).replace("*", "").strip(), line.substring(colon + 1).strip());
      }
    }
    if (together.isEmpty()) {
      return Plan.unchanged("nothing asked to set; read the answers of " + name, Map.of("current", selections));
    }
    String question = args.str("question");
    String vtype = args.str("vtype");
    boolean secret = vtype.equals("password");
    String value = vtype.equals("boolean") ? args.str("value").toLowerCase(Locale.ROOT) : args.str("value");
    Object existing = selections.get(question);
    if (secret && existing != null) {
      existing = storedPassword(call, name, question);
    }
    // in a check run, an earlier task's simulated answer to this question is not in debconf yet
    List<String> earlier = call.host().pending("debconf:" + question);
    if (earlier.isEmpty() && existing != null && (vtype.equals("boolean") ? existing.toString().toLowerCase(Locale.ROOT) : existing).equals(value)) {
      return Plan.unchanged(question + " of " + name + " is " + (secret ? "the password given" : "'" + value + "'"), Map.of("current", selections));
    }
    String before = selections.containsKey(question) ? String.valueOf(selections.get(question)) : "";
    String shownValue = secret ? HIDDEN : value;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("current", Map.of(question, shownValue));
    data.put("previous", Map.of(question, before));
    List<String> setSelections = new ArrayList<>(List.of("debconf-set-selections"));
    if (args.bool("unseen")) {
      setSelections.add("-u");
    }
    Action set = new Action.Run(Command.of(setSelections).withStdin(name + " " + question + " " + vtype + " " + value + "\n"));
    FileDiff diff = new FileDiff("debconf " + name, selections.containsKey(question) ? question + ": " + before + "\n" : "",
        question + ": " + (secret ? OMITTED + " (changed)" : value) + "\n");
    Plan.Change change = Plan.change("set " + question + " of " + name + (secret ? "" : " to '" + value + "'"), List.of(set), List.of(diff))
        .withData(data).touching("debconf:" + question);
    return earlier.isEmpty() ? change : change.dependingOn(String.join(", ", earlier));
  }

  /**
   * The password debconf holds for the question, as debconf-communicate answers {@code GET} ("0
   * VALUE"); null when it cannot tell (it is no root, or the database is locked): then it differs.
   */
  private static String storedPassword(ModuleCall call, String name, String question) {
    CommandResult got = call.host().probe(Command.of("debconf-communicate", name).withStdin("GET " + question + "\n"));
    String out = got.stdout();
    if (!got.ok() || !out.startsWith("0")) {
      return null;
    }
    out = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    return out.length() > 1 ? out.substring(2) : "";
  }
}
