package runbook.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import runbook.model.Block;
import runbook.model.FactNames;
import runbook.model.Host;
import runbook.model.Inventory;
import runbook.model.Keywords;
import runbook.model.Play;
import runbook.model.Role;
import runbook.model.Runbook;
import runbook.model.SourceLocation;
import runbook.model.Step;
import runbook.model.Task;
import runbook.spi.ArgType;
import runbook.spi.ModuleSpec;

/**
 * Finds the variables a runbook reads that no host of a play could have, before any host is
 * contacted: in module arguments, conditions, loops, notify, delegate_to, vars values and template
 * files. Variables are checked by root name only (web.port is checked as web).
 *
 * <p>A name counts as defined when the host has it (inventory, group_vars, host_vars), a play, block
 * or task defines it in vars, it is the task's loop variable, any task of the run registers it or
 * sets it with set_fact (wherever that task is: order is not checked), it is an extra var or a magic
 * variable (every ansible_* name included), the template defines it (for, set, macro...), or the task
 * guards it (is defined, is undefined, default, d, mandatory; a guard in an enclosing block's when
 * counts). Values of vars are templated when used, by a task that may bring its own vars, so they may
 * read any variable defined anywhere in the play. When in doubt, nothing is reported: a false alarm
 * would block a valid runbook.
 *
 * <p>Only what a run certainly evaluates is reported, as Ansible fails on an undefined variable only
 * when it templates it: under a {@code when} (the task's or a block's) only the condition and the
 * loop are (Ansible evaluates both before it may skip), and nothing of a task whose failure is
 * ignored ({@code ignore_errors}, its own or a block's) or rescued (a block with {@code rescue}),
 * since there the failure is part of the run. The rest fails at run time, on the task, as in
 * Ansible. Handlers count as reached: a notified handler runs.
 *
 * <p>Not checked: task and play names (never templated), the expression arguments of modules (assert's
 * that, debug's var: the module decides what an undefined value means), and templated template paths.
 */
final class UndefinedVariables {
  private static final Set<String> MAGIC = Set.of(
      "inventory_hostname", "inventory_hostname_short", "groups", "group_names", "hostvars", "playbook_dir", "omit", "role_path",
      "role_name");

  /**
   * Names defined at one point of a play, names guarded by the conditions around it, and whether a
   * run certainly evaluates what is written there (see the class comment).
   */
  private record Scope(Set<String> names, Set<String> guarded, boolean certain) {
    Scope with(Set<String> moreNames, Set<String> moreGuarded) {
      return new Scope(union(names, moreNames), union(guarded, moreGuarded), certain);
    }

    Scope uncertain() {
      return new Scope(names, guarded, false);
    }

    /** Inside a block or task with these keywords: a condition or an ignored failure makes it uncertain. */
    Scope under(Keywords k, boolean rescued) {
      return new Scope(names, guarded, certain && k.when().isEmpty() && !Boolean.TRUE.equals(k.ignoreErrors()) && !rescued);
    }
  }

  /** One templated value to check, where it was written; a condition is a bare expression. */
  private record Text(Object value, boolean condition, SourceLocation at) {}

  private final Inventory inventory;
  private final Sources sources;
  private final Function<String, Optional<ModuleSpec>> modules;
  private final Problems problems;
  /** Defined for every task of the run: extra vars, registered and set_fact names, magic variables. */
  private final Set<String> runWide = new HashSet<>(MAGIC);
  private final Set<String> reported = new HashSet<>();
  /** An include_vars reads a file known only when it runs: any name may be defined, so none is reported. */
  private boolean anyName;
  /** The directory of the play's own file (an imported runbook's, for its plays). */
  private Path playDir;
  private List<Host> hosts;
  /** Whether {@link #hosts} are the play's hosts, or every host of the inventory for want of knowing. */
  private boolean hostsKnown;
  /** The play gathers facts: every fact name is defined (gathered when first read). */
  private boolean gathers;
  /** What a vars value may read: the play's vars and every vars name and loop variable in the play. */
  private Set<String> lazy;

  private UndefinedVariables(
      Inventory inventory, Sources sources, Function<String, Optional<ModuleSpec>> modules, Problems problems) {
    this.inventory = inventory;
    this.sources = sources;
    this.modules = modules;
    this.problems = problems;
  }

  static void check(
      Inventory inventory,
      List<Runbook> runbooks,
      Map<String, Object> extraVars,
      Sources sources,
      Function<String, Optional<ModuleSpec>> modules,
      Problems problems) {
    UndefinedVariables check = new UndefinedVariables(inventory, sources, modules, problems);
    check.runWide.addAll(extraVars.keySet());
    runbooks.forEach(book -> book.plays().forEach(play -> allTasks(play).forEach(task -> check.learnFacts(task, directory(play)))));
    runbooks.forEach(check::runbook);
  }

  private void learnFacts(Task task, Path playDir) {
    if (task.register() != null) {
      runWide.add(task.register());
    }
    if (task.module().equals(Task.INCLUDE_VARS)) {
      learnIncludedVars(task, playDir);
    }
    if (modules.apply(task.module()).map(s -> s.has(ModuleSpec.Trait.SETS_FACTS)).orElse(false)) {
      runWide.addAll(task.args().keySet());
      // a templated key is a name known only when it runs: any name may be defined
      anyName |= task.args().keySet().stream().anyMatch(Nodes::templated);
    }
  }

  /** The names an include_vars defines: its name, or what its literal file holds; a file not known until it runs could define any. */
  private void learnIncludedVars(Task task, Path playDir) {
    Object name = task.args().get("name");
    Object file = task.args().getOrDefault("file", task.args().get("_raw_params"));
    if (name instanceof String literal && !Nodes.templated(literal)) {
      runWide.add(literal);
    } else if (file instanceof String literal && !Nodes.templated(literal) && name == null) {
      ControllerPaths.find(task, playDir, "vars", literal).ifPresent(path -> runWide.addAll(VarsFile.read(path, problems.secrets()).vars().keySet()));
    } else {
      anyName = true;
    }
  }

  private static Path directory(Play play) {
    return play.location().file().toAbsolutePath().getParent();
  }

  private void runbook(Runbook book) {
    book.plays().forEach(this::play);
  }

  private void play(Play play) {
    playDir = directory(play);
    boolean templated = Nodes.templated(play.hosts());
    List<Host> selected = templated ? List.of() : HostPatterns.select(inventory, play.hosts());
    hostsKnown = !selected.isEmpty();
    gathers = play.gatherFacts();
    hosts = hostsKnown ? selected : inventory.hosts();
    Set<String> playWide = new HashSet<>(play.vars().keySet());
    play.roles().forEach(role -> playWide.addAll(roleNames(role)));
    // a role included with public: true is seen by the tasks after it; which those are is not checked
    allTasks(play).stream().filter(t -> t.role() != null).flatMap(t -> t.role().chain().stream()).filter(Role::exposedOnceRun)
        .forEach(role -> playWide.addAll(roleNames(role)));
    play.prompts().forEach(prompt -> playWide.add(prompt.name()));
    lazy = new HashSet<>(playWide);
    allSteps(play.tasks()).stream().filter(Block.class::isInstance).forEach(b -> lazy.addAll(((Block) b).keywords().vars().keySet()));
    allTasks(play).forEach(task -> {
      lazy.addAll(task.keywords().vars().keySet());
      if (task.role() != null) {
        task.role().chain().forEach(role -> lazy.addAll(roleNames(role)));
      }
      if (task.loop() != null) {
        lazy.addAll(loopNames(task));
      }
    });
    play.vars().forEach((name, value) -> checkUnit(List.of(new Text(value, false, sources.var(play, name, play.location()))), Set.of(), lazy));
    Scope root = new Scope(playWide, Set.of(), true);
    steps(play.tasks(), root);
    play.handlers().forEach(handler -> task(handler, root));
  }

  private void steps(List<Step> steps, Scope scope) {
    for (Step step : steps) {
      if (step instanceof Task task) {
        task(task, scope);
      } else if (step instanceof Block block) {
        Keywords k = block.keywords();
        Set<String> names = new HashSet<>(k.vars().keySet());
        // a looped include's tasks see its loop variables
        Task opening = !block.block().isEmpty() && block.block().get(0) instanceof Task first && first.isInclude() ? first : null;
        if (opening != null && opening.loop() != null) {
          names.addAll(loopNames(opening));
        }
        Scope around = scope.with(names, conditionGuards(k.when()));
        Scope inner = around.under(k, false);
        List<Text> texts = new ArrayList<>();
        keywordTexts(block, k, texts);
        if (scope.certain()) {
          checkUnit(texts, around.guarded(), around.names());
        }
        if (inner.certain()) {
          checkVars(block, k);
        }
        Scope body = around.under(k, !block.rescue().isEmpty());
        // of the files a templated include_tasks may name, each host reaches one, or none
        steps(block.block(), opening != null && opening.args().containsKey(Task.INCLUDE_CHOICES) ? body.uncertain() : body);
        steps(block.rescue(), inner.with(Set.of("ansible_failed_task", "ansible_failed_result"), Set.of()));
        steps(block.always(), inner);
      }
    }
  }

  private void task(Task task, Scope outer) {
    Keywords k = task.keywords();
    Set<String> own = new HashSet<>(k.vars().keySet());
    if (task.role() != null) {
      task.role().chain().forEach(role -> own.addAll(roleNames(role)));
    }
    Scope scope = outer.with(own, Set.of());
    List<Text> texts = new ArrayList<>();
    List<Text> loop = new ArrayList<>();
    if (task.loop() instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        loop.add(new Text(items.get(i), false, loopAt(task, i)));
      }
    } else if (task.loop() != null) {
      loop.add(new Text(task.loop(), false, loopAt(task, 0)));
    }
    Optional<ModuleSpec> spec = modules.apply(task.module());
    task.args().forEach((name, value) -> {
      boolean expression = spec.flatMap(s -> s.arg(name)).map(a -> a.type() == ArgType.EXPRESSION).orElse(false);
      if (!expression) {
        texts.add(new Text(value, false, task.argLocations().getOrDefault(name, task.location())));
      }
    });
    int conditions = texts.size();
    keywordTexts(task, k, texts);
    // what is evaluated before the task may be skipped: its when and delegate_to
    List<Text> reached = List.copyOf(texts.subList(conditions, texts.size()));
    conditionTexts(task, "changed_when", task.changedWhen(), texts);
    conditionTexts(task, "failed_when", task.failedWhen(), texts);
    if (task.retries() != null) {
      conditionTexts(task, "until", task.retries().until(), texts);
    }
    for (int i = 0; i < task.notifies().size(); i++) {
      texts.add(new Text(task.notifies().get(i), false, sources.keyword(task, "notify", i, task.location())));
    }
    Set<String> guarded = union(scope.guarded(), guards(texts));
    guarded.addAll(guards(loop));
    Set<String> withItem = task.loop() == null ? scope.names() : union(scope.names(), loopNames(task));
    boolean evaluated = scope.certain() && !Boolean.TRUE.equals(k.ignoreErrors());
    boolean runs = scope.under(k, false).certain();
    if (evaluated) {
      checkUnit(loop, guarded, scope.names());
    }
    checkUnit(texts.stream().filter(t -> runs || evaluated && reached.contains(t)).toList(), guarded, withItem);
    if (runs) {
      checkVars(task, k);
      templateFiles(task).forEach(file -> checkTemplateFile(file, guarded, withItem));
    }
  }

  private SourceLocation loopAt(Task task, int index) {
    return sources.keyword(task, "loop", index, sources.keyword(task, "with_items", index, task.location()));
  }

  /** The keywords a block shares with a task: when, delegate_to. */
  private void keywordTexts(Object element, Keywords k, List<Text> texts) {
    conditionTexts(element, "when", k.when(), texts);
    if (k.delegateTo() != null) {
      texts.add(new Text(k.delegateTo(), false, sources.keyword(element, "delegate_to", 0, location(element))));
    }
  }

  private void conditionTexts(Object element, String keyword, List<String> conditions, List<Text> texts) {
    for (int i = 0; i < conditions.size(); i++) {
      texts.add(new Text(conditions.get(i), true, sources.keyword(element, keyword, i, location(element))));
    }
  }

  private void checkVars(Object element, Keywords k) {
    k.vars().forEach((name, value) -> checkUnit(List.of(new Text(value, false, sources.var(element, name, location(element)))), Set.of(), lazy));
  }

  /** Reports the names the texts read that are defined nowhere, given what the scope defines. */
  private void checkUnit(List<Text> texts, Set<String> guarded, Set<String> defined) {
    Set<String> allGuarded = union(guarded, guards(texts));
    for (Text text : texts) {
      for (JinjaNames.Names names : names(text)) {
        names.open().forEach(read -> resolve(read.name(), text.at(), allGuarded, defined));
      }
    }
  }

  private void checkTemplateFile(Path file, Set<String> guarded, Set<String> defined) {
    String content;
    try {
      content = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return; // the template module reports an unreadable file when it runs
    }
    JinjaNames.Names names = JinjaNames.template(content);
    Set<String> allGuarded = union(guarded, names.guarded());
    Set<String> withTemplateVars = union(defined, runbook.template.TemplateVars.NAMES);
    for (JinjaNames.Read read : names.open()) {
      resolve(read.name(), at(file, content, read.offset()), allGuarded, withTemplateVars);
    }
  }

  private void resolve(String name, SourceLocation at, Set<String> guarded, Set<String> defined) {
    boolean fact = FactNames.isFact(name);
    if (anyName || (name.startsWith("ansible_") && (!fact || gathers)) || runWide.contains(name) || defined.contains(name) || guarded.contains(name)) {
      return;
    }
    List<String> missing = hosts.stream().filter(h -> !h.vars().containsKey(name)).map(Host::name).toList();
    boolean somewhere = missing.size() < hosts.size();
    if (hostsKnown ? missing.isEmpty() : somewhere) {
      return; // not knowing which hosts will run, any host that has it may be one of them
    }
    if (!reported.add(at + "\0" + name)) {
      return;
    }
    String suffix = missing.size() == hosts.size() ? ""
        : missing.size() == 1 ? " for host " + missing.get(0) : " for hosts " + String.join(", ", missing);
    problems.add(at, "'" + name + "' is undefined" + suffix
        + (fact ? " (it would be a fact, but this play does not gather facts: gather_facts is false)" : ""));
  }

  /** The template files a task renders (controller files under templates/), found as the run finds them. */
  private List<Path> templateFiles(Task task) {
    List<Path> found = new ArrayList<>();
    for (ModuleSpec.ControllerFile declared : modules.apply(task.module()).map(ModuleSpec::controllerFiles).orElse(List.of())) {
      if (declared.rendered() && task.args().get(declared.arg()) instanceof String src && !Nodes.templated(src)) {
        ControllerPaths.find(task, playDir, declared.folder(), src).ifPresent(found::add);
      }
    }
    return found;
  }

  /** Every template or expression inside a value (strings of maps and lists, their keys included). */
  private static List<JinjaNames.Names> names(Text text) {
    List<JinjaNames.Names> found = new ArrayList<>();
    collect(text.value(), text.condition(), found);
    return found;
  }

  private static void collect(Object value, boolean condition, List<JinjaNames.Names> found) {
    if (value instanceof String s) {
      if (Nodes.templated(s)) {
        found.add(JinjaNames.template(s));
      } else if (condition) {
        found.add(JinjaNames.expression(s));
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> {
        collect(key, false, found);
        collect(item, false, found);
      });
    } else if (value instanceof List<?> list) {
      list.forEach(item -> collect(item, false, found));
    }
  }

  private static Set<String> guards(List<Text> texts) {
    Set<String> guarded = new HashSet<>();
    texts.forEach(text -> names(text).forEach(n -> guarded.addAll(n.guarded())));
    return guarded;
  }

  private static Set<String> conditionGuards(List<String> conditions) {
    return guards(conditions.stream().map(c -> new Text(c, true, null)).toList());
  }

  /** Line and column of an offset into a file's text. */
  private static SourceLocation at(Path file, String content, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < content.length(); i++) {
      if (content.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourceLocation(file, line, offset - lineStart + 1);
  }

  private static SourceLocation location(Object element) {
    return element instanceof Step step ? step.location() : null;
  }

  /** The loop variable and the index_var of a looped task. */
  private static Set<String> loopNames(Task task) {
    return task.loopControl().indexVar() == null ? Set.of(task.loopVar()) : Set.of(task.loopVar(), task.loopControl().indexVar());
  }

  /** The names a role defines for its tasks: its defaults, vars and parameters. */
  private static Set<String> roleNames(Role role) {
    Set<String> names = new HashSet<>(role.defaults().keySet());
    names.addAll(role.vars().keySet());
    names.addAll(role.params().keySet());
    return names;
  }

  private static List<Step> allSteps(List<Step> steps) {
    List<Step> all = new ArrayList<>();
    for (Step step : steps) {
      all.add(step);
      if (step instanceof Block block) {
        all.addAll(allSteps(block.block()));
        all.addAll(allSteps(block.rescue()));
        all.addAll(allSteps(block.always()));
      }
    }
    return all;
  }

  static List<Task> allTasks(Play play) {
    List<Task> tasks = new ArrayList<>(play.handlers());
    allSteps(play.tasks()).stream().filter(Task.class::isInstance).map(Task.class::cast).forEach(tasks::add);
    return tasks;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
