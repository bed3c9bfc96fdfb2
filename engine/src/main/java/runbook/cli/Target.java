package runbook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What apply and validate both take: the inventory, runbooks, extra vars. */
final class Target {
  @Parameters(index = "0", paramLabel = "INVENTORY", description = "Inventory file (Ansible's YAML format).")
  Path inventory;

  @Parameters(
      index = "1..*",
      paramLabel = "RUNBOOK",
      description = "Runbooks to apply; when none is given, those the inventory names in all.vars.runbook_apply.")
  List<Path> runbooks = new ArrayList<>();

  @Option(
      names = {"-e", "--extra-vars"},
      paramLabel = "VARS",
      description = "Extra variables, highest precedence: k=v ..., @file.yml or inline YAML/JSON. Repeatable.")
  List<String> extraVars = new ArrayList<>();
}
