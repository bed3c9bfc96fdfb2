package runbook.modules.control;

import java.util.List;
import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.ArgType;
import runbook.spi.Args;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's assert: every condition must hold, else the task fails naming the first that did not. */
public final class AssertModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "assert",
          ArgSpec.of("that", ArgType.EXPRESSION).required(),
          ArgSpec.str("fail_msg").alias("msg"),
          ArgSpec.str("success_msg").defaultsTo("All assertions passed"),
          ArgSpec.bool("quiet").defaultsTo(false))
      .onController()
      .inCollection("ansible.builtin")
      .describedAs("Fails unless every condition holds.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    Object that = args.raw("that");
    List<?> conditions = that instanceof List<?> list ? list : List.of(that);
    for (Object condition : conditions) {
      String text = String.valueOf(condition);
      if (!call.controller().test(text)) {
        String msg = args.optional("fail_msg").orElse("Assertion failed: " + text);
        return Plan.failed(msg, Map.of("assertion", text, "evaluated_to", false, "msg", msg));
      }
    }
    String success = args.str("success_msg");
    return Plan.unchanged(success, Map.of("msg", success));
  }
}
