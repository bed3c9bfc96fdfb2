package runbook.modules.control;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's pause: the gate before a cut-over. With seconds or minutes it waits that long; else it
 * asks at the terminal and registers the answer as user_input. Without a terminal it fails saying
 * so, unless the run was given --yes, which answers every prompt. It waits in check mode too.
 */
public final class PauseModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "pause",
          ArgSpec.str("prompt"),
          ArgSpec.integer("seconds"),
          ArgSpec.integer("minutes"),
          ArgSpec.bool("echo").defaultsTo(true))
      .with(ModuleSpec.Trait.CONTROLLER_ONLY, ModuleSpec.Trait.WAITS)
      .inCollection("ansible.builtin")
      .describedAs("Waits for a time, or for the person at the terminal to answer.");

  static final String DEFAULT_PROMPT = "Press enter to continue, Ctrl+C to interrupt";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    if (args.has("seconds") && args.has("minutes")) {
      return Plan.failed("parameters are mutually exclusive: minutes|seconds");
    }
    if ((args.has("seconds") && args.integer("seconds") < 0) || (args.has("minutes") && args.integer("minutes") < 0)) {
      return Plan.failed("a pause cannot be negative");
    }
    LocalDateTime start = LocalDateTime.now();
    var data = new LinkedHashMap<String, Object>();
    data.put("echo", args.bool("echo"));
    data.put("user_input", "");
    String said;
    if (args.has("seconds") || args.has("minutes")) {
      Duration wait = args.has("seconds") ? Duration.ofSeconds(args.integer("seconds")) : Duration.ofMinutes(args.integer("minutes"));
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Plan.failed("the pause was interrupted");
      }
      said = args.has("seconds") ? "Paused for " + args.integer("seconds") + " seconds" : "Paused for " + args.integer("minutes") + ".0 minutes";
    } else {
      String answer = call.controller().ask(args.optional("prompt").orElse(DEFAULT_PROMPT), args.bool("echo"));
      data.put("user_input", answer);
      said = "Paused for " + Duration.between(start, LocalDateTime.now()).toSeconds() + " seconds";
    }
    LocalDateTime stop = LocalDateTime.now();
    data.put("start", text(start));
    data.put("stop", text(stop));
    data.put("delta", Duration.between(start, stop).toSeconds());
    data.put("stdout", said);
    return Plan.unchanged(said, Map.copyOf(data));
  }

  /** As Python's str(datetime) writes it. */
  private static String text(LocalDateTime time) {
    return time.toString().replace('T', ' ');
  }
}
