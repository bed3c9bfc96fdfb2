package runbook.modules.control;

import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.ArgType;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleFailure;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's debug: shows a message or a variable's value. */
public final class DebugModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "debug",
          ArgSpec.raw("msg"),
          ArgSpec.of("var", ArgType.EXPRESSION),
          ArgSpec.integer("verbosity").defaultsTo(0))
      .with(ModuleSpec.Trait.CONTROLLER_ONLY, ModuleSpec.Trait.SHOWS_DATA)
      .inCollection("ansible.builtin")
      .describedAs("Prints a message or a variable's value.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    if (args.has("msg") && args.has("var")) {
      return Plan.failed("parameters are mutually exclusive: msg|var");
    }
    if (args.has("var")) {
      String var = args.str("var");
      Object value;
      try {
        value = call.controller().evaluate(var);
      } catch (ModuleFailure undefined) {
        // As Ansible: an undefined variable is shown, not a failure.
        value = "VARIABLE IS NOT DEFINED!";
      }
      return Plan.unchanged(var + ": " + value, Map.of(var, value == null ? "None" : value));
    }
    Object msg = args.has("msg") ? args.raw("msg") : "Hello world!";
    return Plan.unchanged(String.valueOf(msg), Map.of("msg", msg));
  }
}
