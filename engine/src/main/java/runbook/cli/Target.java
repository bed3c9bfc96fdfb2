package runbook.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** What apply and validate both take: the inventory, runbooks, extra vars. */
final class Target {
  private final PositionalParamSpec inventory;
  private final PositionalParamSpec runbooks;
  private final OptionSpec extraVars;

  Target(CommandSpec spec) {
    inventory = Options.positional(spec, "0", Path.class, null, "INVENTORY", "Inventory file (Ansible's YAML format).");
    runbooks = Options.positional(spec, "1..*", List.class, Path.class, "RUNBOOK",
        "Runbooks to apply; when none is given, those the inventory names in all.vars.runbook_apply.");
    extraVars = Options.strings(spec, "VARS", null,
        "Extra variables, highest precedence: k=v ..., @file.yml or inline YAML/JSON. Repeatable.", "-e", "--extra-vars");
  }

  Path inventory() {
    return inventory.getValue();
  }

  List<Path> runbooks() {
    return Options.list(runbooks);
  }

  List<String> extraVars() {
    return Options.list(extraVars);
  }
}
