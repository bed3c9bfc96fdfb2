package runbook.modules.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's setup: the host's facts, gathered by one POSIX shell script in one round trip (no
 * Python on the host), returned as {@code ansible_facts} with Ansible's names. The engine runs it
 * with its defaults the first time a play reads a fact; a {@code setup:} task runs it as written.
 */
public final class SetupModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "setup",
      ArgSpec.list("gather_subset").defaultsTo(List.of("all")),
      ArgSpec.list("filter").defaultsTo(List.of()),
      ArgSpec.integer("gather_timeout").defaultsTo(10))
      .with(ModuleSpec.Trait.GATHERS_FACTS)
      .inCollection("ansible.builtin")
      .describedAs("Gathers facts about the host (OS, memory, addresses, packages) in one round trip.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    List<String> subset = call.args().list("gather_subset").stream().map(String::valueOf).toList();
    Subsets.Choice choice = Subsets.choose(subset);
    if (choice.error() != null) {
      return Plan.failed(choice.error());
    }
    Map<String, Object> gathered = Map.of();
    if (!choice.collectors().isEmpty()) {
      CommandResult r = call.host().state(Command.script(Collector.script(choice.collectors(), call.args().integer("gather_timeout"))));
      if (r.stdout().isEmpty()) {
        return Plan.failed("gathering facts printed nothing (status " + r.rc() + ")" + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()));
      }
      gathered = Facts.of(r.stdout(), choice.collectors());
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    gathered.forEach((name, value) -> facts.put("ansible_" + name, value));
    facts.put("gather_subset", subset);
    facts.put("module_setup", true);
    Map<String, Object> kept = filter(facts, call.args().list("filter").stream().map(String::valueOf).toList());
    return Plan.unchanged("gathered " + kept.size() + " facts", Map.of("ansible_facts", kept));
  }

  /**
   * Ansible's filter (2.11+): the facts whose names match one of the fnmatch patterns, also with
   * {@code ansible_} put before a pattern that does not begin with it; no pattern keeps all.
   */
  static Map<String, Object> filter(Map<String, Object> facts, List<String> patterns) {
    if (patterns.isEmpty() || patterns.equals(List.of("*"))) {
      return facts;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    facts.forEach((name, value) -> {
      for (String p : patterns) {
        boolean bare = !(p.startsWith("ansible_") || p.startsWith("facter") || p.startsWith("ohai"));
        if (p.isEmpty() || Fnmatch.matches(name, p) || (bare && Fnmatch.matches(name, "ansible_" + p))) {
          kept.put(name, value);
          return;
        }
      }
    });
    return kept;
  }
}
