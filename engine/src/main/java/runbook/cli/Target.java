package runbook.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * What apply and validate both take: the inventory, runbooks, extra vars. The inventory is the
 * first path, or, as ansible-playbook takes it, {@code -i INVENTORY}; then every path is a runbook.
 */
final class Target {
  private final CommandSpec spec;
  private final OptionSpec inventory;
  private final PositionalParamSpec paths;
  private final OptionSpec extraVars;

  Target(CommandSpec spec) {
    this.spec = spec;
    inventory = Options.value(spec, Path.class, "INVENTORY", null,
        "The inventory, as ansible-playbook takes it; then every PATH is a runbook.", "-i", "--inventory");
    paths = Options.positional(spec, "0..*", List.class, Path.class, "PATH",
        "The inventory (a YAML or INI file, or a directory of them) unless -i names it, then the runbooks to apply;"
            + " when no runbook is given, those the inventory names in all.vars.runbook_apply.");
    extraVars = Options.strings(spec, "VARS", null,
        "Extra variables, highest precedence: k=v ..., @file.yml or inline YAML/JSON. Repeatable.", "-e", "--extra-vars");
  }

  Path inventory() {
    Path given = inventory.getValue();
    if (given != null) {
      return given;
    }
    List<Path> all = Options.list(paths);
    if (all.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'INVENTORY'");
    }
    return all.get(0);
  }

  List<Path> runbooks() {
    List<Path> all = Options.list(paths);
    return inventory.getValue() != null || all.isEmpty() ? all : all.subList(1, all.size());
  }

  List<String> extraVars() {
    return Options.list(extraVars);
  }
}
