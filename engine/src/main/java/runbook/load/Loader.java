package runbook.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import runbook.model.Block;
import runbook.model.Inventory;
import runbook.model.Keywords;
import runbook.model.Play;
import runbook.model.Runbook;
import runbook.model.Step;
import runbook.model.Task;
import runbook.model.SourceLocation;
import runbook.secret.Secrets;
import runbook.spi.ModuleSpec;
import runbook.template.Templar;

/** Loads and checks everything a run needs, collecting every problem before anything runs. */
public final class Loader {
  private final Function<String, Optional<ModuleSpec>> modules;
  private final Collection<String> moduleNames;
  private final Supplier<Templar> templar;
  private final Secrets secrets;
  private final List<Path> rolesPath;

  /**
   * modules: any name of a module (its own, a collection name) -> its spec, empty when unknown;
   * moduleNames: the modules' own names, for suggestions; templar: the run's, asked for only when a
   * runbook has templates to check.
   */
  public Loader(Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Supplier<Templar> templar) {
    this(modules, moduleNames, templar, Secrets.none());
  }

  /**
   * A loader that also opens vault values with the vault of {@code secrets} and adds to it every
   * value it finds secret (README, "Secrets").
   */
  public Loader(
      Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Supplier<Templar> templar, Secrets secrets) {
    this(modules, moduleNames, templar, secrets, List.of());
  }

  private Loader(
      Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Supplier<Templar> templar, Secrets secrets,
      List<Path> rolesPath) {
    this.modules = modules;
    this.moduleNames = List.copyOf(moduleNames);
    this.templar = templar;
    this.secrets = secrets;
    this.rolesPath = List.copyOf(rolesPath);
  }

  /** This loader, looking for roles also in these directories (Ansible's roles_path), after roles/ beside the runbook. */
  public Loader withRolesPath(List<Path> rolesPath) {
    return new Loader(modules, moduleNames, templar, secrets, rolesPath);
  }

  /**
   * Loads the inventory, then the runbooks (when empty: the inventory's runbook_apply list), then extra
   * vars ("k=v k2=v2" or "@file.yml" each; later ones win). When all of that is well, checks that
   * every variable the runbooks read is defined. Never throws for user errors: they are Problems.
   */
  public Loaded load(Path inventory, List<Path> runbooks, List<String> extraVars) {
    Problems problems = new Problems(secrets);
    InventoryLoader.Result inv = InventoryLoader.load(inventory, problems);
    List<Path> paths = runbooks.isEmpty() ? inv.inventory().runbooks() : runbooks;
    // A missing inventory names no runbook either; saying so twice would only confuse.
    if (paths.isEmpty() && Files.exists(inventory)) {
      problems.add(new SourceLocation(inventory, 1, 1),
          "no runbook to apply: name one after the inventory, or list them under all.vars." + InventoryLoader.RUNBOOK_APPLY
              + " in the inventory");
    }
    List<Runbook> loaded = new ArrayList<>();
    Sources sources = new Sources();
    JinjaCheck jinja = new JinjaCheck(templar, problems);
    for (Path path : paths) {
      if (Files.isRegularFile(path)) {
        loaded.add(RunbookLoader.load(path, modules, moduleNames, problems, sources, jinja, rolesPath));
      } else {
        problems.add(runbooks.isEmpty() ? inv.runbookRefs().get(path) : null, "runbook file '" + path + "' not found");
      }
    }
    Map<String, Object> extra = ExtraVars.parse(extraVars, problems);
    addNamedSecrets(inv.inventory(), loaded, extra);
    if (problems.list().isEmpty()) {
      // on a runbook that loaded only in part, a name defined by a task left out would be a false alarm
      UndefinedVariables.check(inv.inventory(), loaded, extra, sources, modules, problems);
    }
    return new Loaded(inv.inventory(), loaded, extra, problems.list(), unmatchedHosts(inv.inventory(), loaded, sources));
  }

  /**
   * Ansible warns of a host pattern that matches nothing, and so do we: the play would be skipped
   * quietly. Not when a task adds hosts or groups (add_host, group_by): a later play may match them.
   */
  private static List<Problem> unmatchedHosts(Inventory inventory, List<Runbook> runbooks, Sources sources) {
    List<Problem> warnings = new ArrayList<>();
    boolean grows = runbooks.stream().flatMap(b -> b.plays().stream()).flatMap(p -> UndefinedVariables.allTasks(p).stream())
        .anyMatch(t -> t.module().equals("group_by") || t.module().equals("add_host"));
    if (grows) {
      return warnings;
    }
    for (Runbook runbook : runbooks) {
      for (Play play : runbook.plays()) {
        String pattern = play.hosts();
        if (pattern.isEmpty() || Nodes.templated(pattern)) {
          continue;
        }
        SourceLocation at = sources.keyword(play, "hosts", 0, play.location());
        if (HostPatterns.select(inventory, pattern).isEmpty()) {
          warnings.add(new Problem(at, "the play's hosts '" + pattern + "' match no host of the inventory; the play is skipped"));
        } else {
          HostPatterns.unknownTerms(inventory, pattern).forEach(term -> warnings.add(new Problem(at,
              "'" + term + "' in the play's hosts '" + pattern + "' names no host or group of the inventory")));
        }
      }
    }
    return warnings;
  }

  /** The values written under secret names, in variables and task arguments, once every name is declared. */
  private void addNamedSecrets(Inventory inventory, List<Runbook> runbooks, Map<String, Object> extra) {
    inventory.hosts().forEach(h -> secrets.addNamed(h.vars()));
    secrets.addNamed(extra);
    for (Runbook runbook : runbooks) {
      for (Play play : runbook.plays()) {
        secrets.addNamed(play.vars());
        addNamedSecrets(play.environment());
        addNamedSecrets(play.tasks());
        addNamedSecrets(play.handlers());
      }
    }
  }

  private void addNamedSecrets(List<? extends Step> steps) {
    for (Step step : steps) {
      if (step instanceof Task task) {
        addNamedSecrets(task.keywords());
        secrets.addNamed(task.args());
        if (task.role() != null) {
          task.role().chain().forEach(role -> {
            secrets.addNamed(role.defaults());
            secrets.addNamed(role.vars());
            secrets.addNamed(role.params());
          });
        }
      } else if (step instanceof Block block) {
        addNamedSecrets(block.keywords());
        addNamedSecrets(block.block());
        addNamedSecrets(block.rescue());
        addNamedSecrets(block.always());
      }
    }
  }

  private void addNamedSecrets(Keywords keywords) {
    secrets.addNamed(keywords.vars());
    addNamedSecrets(keywords.environment());
  }

  /** An environment is a mapping of variables (PGPASSWORD=...), or a template yielding one. */
  private void addNamedSecrets(Object environment) {
    if (environment instanceof Map<?, ?> variables) {
      secrets.addNamed(variables);
    }
  }
}
