package runbook.modules.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Ansible's set_fact: every argument but cacheable becomes a host variable. */
public final class SetFactModule implements Module {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ModuleSpec SPEC =
      ModuleSpec.of("set_fact", ArgSpec.bool("cacheable").defaultsTo(false))
          .with(ModuleSpec.Trait.CONTROLLER_ONLY, ModuleSpec.Trait.OPEN_ARGS, ModuleSpec.Trait.SETS_FACTS)
          .inCollection("ansible.builtin")
      .describedAs("Sets host variables for the rest of the run.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    var facts = new LinkedHashMap<String, Object>();
    for (var entry : call.args().values().entrySet()) {
      if (entry.getKey().equals("cacheable")) {
        continue;
      }
      if (!IDENTIFIER.matcher(entry.getKey()).matches()) {
        return Plan.failed("The variable name '" + entry.getKey()
            + "' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.");
      }
      facts.put(entry.getKey(), booleanWord(entry.getValue()));
    }
    if (facts.isEmpty()) {
      return Plan.failed("No key/value pairs provided, at least one is required for this action to succeed");
    }
    return Plan.unchanged("set " + String.join(", ", facts.keySet()), Map.of("ansible_facts", facts));
  }

  /** As Ansible's set_fact (without Jinja's native types): a string true, false, yes or no is a boolean. */
  private static Object booleanWord(Object value) {
    if (value instanceof String text) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes" -> Boolean.TRUE;
        case "false", "no" -> Boolean.FALSE;
        default -> value;
      };
    }
    return value;
  }
}
