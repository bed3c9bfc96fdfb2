package runbook.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.model.LoopControl;
import runbook.model.Retries;
import runbook.model.Role;
import runbook.model.SourceLocation;
import runbook.model.Task;
import runbook.report.Console;
import runbook.spi.Args;
import runbook.spi.HostException;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleFailure;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.template.TemplateError;

/**
 * One task on one host: conditions, loop, arguments, the module's plan, and (unless in check mode)
 * the plan's actions. In a check run the module plans against the host as predicted so far, and a
 * predictable plan's actions are recorded into that prediction instead of run. Everything that
 * goes wrong becomes a result, never an exception.
 */
final class TaskRun {
  private final PlayRun play;
  private final Task task;
  private final Scope scope;
  private final HostState host;
  private final boolean handler;

  TaskRun(PlayRun play, Task task, Scope scope, HostState host, boolean handler) {
    this.play = play;
    this.task = task;
    this.scope = scope;
    this.host = host;
    this.handler = handler;
  }

  Outcome execute() {
    if (task.role() != null) {
      task.role().chain().stream().filter(Role::exposedOnceRun).forEach(host.exposedRoles::add);
    }
    try {
      Map<String, Object> vars = vars(Map.of());
      if (task.loop() == null) {
        return conditionsHold(vars) ? untilMet(vars) : Outcome.skipped("Conditional result was False");
      }
      List<?> items = loopItems(vars);
      LoopControl control = task.loopControl();
      double pause = control.pause() == null ? 0 : seconds(control.pause(), vars);
      List<Outcome> results = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          sleep(pause);
        }
        Map<String, Object> loopVars = LoopVars.of(control, items, i);
        Map<String, Object> itemVars = vars(loopVars);
        String label = label(items.get(i), itemVars);
        Outcome result =
            conditionsHold(itemVars) ? untilMet(itemVars) : Outcome.skipped("Conditional result was False");
        if (result.status() == Status.UNREACHABLE) {
          return result;
        }
        results.add(result.forItem(loopVars, label));
      }
      return Outcome.ofItems(results);
    } catch (TemplateError e) {
      return Outcome.failed(task.location() + ": " + e.getMessage());
    } catch (ArgBinder.BindError e) {
      SourceLocation at = task.argLocations().getOrDefault(e.arg, task.location());
      return Outcome.failed(at + ": " + e.getMessage());
    } catch (HostException e) {
      return e.unreachable() ? Outcome.unreachable(e.getMessage()) : Outcome.failed(e.getMessage());
    } catch (ModuleFailure e) {
      return Outcome.failed(e.getMessage());
    }
  }

  /** For meta: end_host: SKIPPED when the conditions do not hold, OK when they do. */
  Outcome conditionsOnly() {
    try {
      return conditionsHold(vars(Map.of())) ? Outcome.ok() : Outcome.skipped(null);
    } catch (TemplateError e) {
      return Outcome.failed(task.location() + ": " + e.getMessage());
    }
  }

  /**
   * For an include: OK when it is entered, SKIPPED when not; with a loop, one result per item,
   * each an OK whose data are the item's loop variables (see {@link LoopVars}), or SKIPPED.
   */
  Outcome included() {
    try {
      if (task.loop() == null) {
        Map<String, Object> vars = vars(Map.of());
        return conditionsHold(vars) ? entering(vars) : Outcome.skipped(null);
      }
      List<?> items = loopItems(vars(Map.of()));
      List<Outcome> results = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Map<String, Object> loopVars = LoopVars.of(task.loopControl(), items, i);
        Map<String, Object> itemVars = vars(loopVars);
        Outcome entered = conditionsHold(itemVars) ? entering(itemVars) : Outcome.skipped("Conditional result was False");
        results.add(entered.forItem(loopVars, label(items.get(i), itemVars)));
      }
      return Outcome.ofItems(results);
    } catch (TemplateError e) {
      return Outcome.failed(task.location() + ": " + e.getMessage());
    }
  }

  /**
   * Entering an include: for an include_tasks whose file name is a template, the name rendered for
   * these variables picks one of the files read at load time; its index is the result's
   * {@link Task#INCLUDE_CHOICES}.
   */
  private Outcome entering(Map<String, Object> vars) {
    if (!(task.args().get(Task.INCLUDE_CHOICES) instanceof List<?> choices)) {
      return Outcome.ok();
    }
    String name = String.valueOf(play.run().templar().render(task.args().get(Task.INCLUDE_FILE), vars));
    List<Path> roots = ((List<?>) task.args().get(Task.INCLUDE_ROOTS)).stream().map(root -> Path.of(String.valueOf(root))).toList();
    for (Path path : Task.includeCandidates(name, roots)) {
      int chosen = choices.indexOf(path.normalize().toString());
      String problems = chosen < 0 ? "" : String.valueOf(((List<?>) task.args().get(Task.INCLUDE_PROBLEMS)).get(chosen));
      if (!problems.isEmpty()) {
        return Outcome.failed(task.location() + ": the included task file has problems: " + problems);
      }
      if (chosen >= 0) {
        return Outcome.ok(null, Map.of(Task.INCLUDE_CHOICES, chosen));
      }
    }
    return Outcome.failed(task.location() + ": task file '" + name + "' is none of the files its name "
        + task.args().get(Task.INCLUDE_FILE) + " could give when the runbook was loaded (" + choices.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(", ")) + ")");
  }

  /** The task's variables; in a play that gathers facts, reading one gathers them. */
  private Map<String, Object> vars(Map<String, Object> loopVars) {
    Map<String, Object> vars = Vars.of(host, play, task.role(), scope.vars(), loopVars);
    if (!play.gathersFacts()) {
      return vars;
    }
    return new FactVars(vars, () -> {
      new Reach(play, scope, host, vars, false).facts(host);
      synchronized (host.facts) {
        return new LinkedHashMap<>(host.facts);
      }
    });
  }

  /**
   * The task, run again while its until conditions do not hold on the result (registered under its
   * name), at most {@code retries} more times with {@code delay} seconds between, as Ansible; each
   * retry is told. A result only a real run could give (check mode) is not retried.
   */
  private Outcome untilMet(Map<String, Object> vars) {
    Retries retries = task.retries();
    if (retries == null) {
      return once(vars);
    }
    int most = Math.max(0, (int) seconds(retries.retries(), vars)) + 1;
    double delay = seconds(retries.delay(), vars);
    for (int attempt = 1; ; attempt++) {
      Outcome result = once(vars);
      if (result.status() == Status.UNREACHABLE || result.status() == Status.SKIPPED) {
        return result;
      }
      Map<String, Object> seen = new LinkedHashMap<>(vars);
      if (task.register() != null) {
        seen.put(task.register(), result.registered());
      }
      boolean met = task.retries().until().stream().allMatch(condition -> play.run().templar().test(condition, seen));
      if (met || attempt >= most) {
        return result.afterAttempts(attempt, met);
      }
      play.run().listener().on(new RunEvent.Retrying(task.displayName(), host.name(), most - attempt));
      sleep(delay);
      play.run().changed(new Reach(play, scope, host, vars, false).target()); // the retry asks the host afresh: it is waiting for it to move
    }
  }

  /** A number of seconds (or retries) as written or templated. */
  private double seconds(Object value, Map<String, Object> vars) {
    Object rendered = play.run().templar().render(value, vars);
    try {
      return rendered instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(rendered).strip());
    } catch (NumberFormatException e) {
      throw new TemplateError("'" + rendered + "' is not a number");
    }
  }

  static void sleep(double seconds) {
    if (seconds <= 0) {
      return;
    }
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModuleFailure("interrupted");
    }
  }

  private boolean conditionsHold(Map<String, Object> vars) {
    for (String condition : scope.when()) {
      if (!play.run().templar().test(condition, vars)) {
        return false;
      }
    }
    return true;
  }

  private List<?> loopItems(Map<String, Object> vars) {
    Object items = play.run().templar().render(task.loop(), vars);
    if (task.loopLookup() != null) {
      return play.run().templar().query(task.loopLookup(), items, vars);
    }
    if (items instanceof List<?> list) {
      return list;
    }
    throw new TemplateError("loop must be a list, got " + (items == null ? "nothing" : "'" + items + "'"));
  }

  /** loop_control.label rendered for the item, else the item itself (JSON when it is a structure). */
  private String label(Object item, Map<String, Object> itemVars) {
    String written = task.loopControl().label();
    Object shown = written == null ? item : play.run().templar().render(written, itemVars);
    return shown instanceof Map || shown instanceof List ? Console.compact(shown) : String.valueOf(shown);
  }

  /**
   * Plans the task (each item of its loop) without doing anything, only so that the questions its
   * plans ask can be asked ahead (see {@link Lookahead}); what goes wrong is for the real run to tell.
   */
  void lookAhead() {
    Module module = play.run().modules().module(task.module()).orElseThrow();
    if (module.spec().controllerOnly()) {
      return; // it asks no host anything, and planning it may wait (pause)
    }
    Map<String, Object> vars = vars(Map.of());
    List<Map<String, Object>> each = new ArrayList<>();
    if (task.loop() == null) {
      each.add(vars);
    } else {
      List<?> items = loopItems(vars);
      for (int i = 0; i < items.size(); i++) {
        each.add(vars(LoopVars.of(task.loopControl(), items, i)));
      }
    }
    for (Map<String, Object> itemVars : each) {
      try {
        if (conditionsHold(itemVars)) {
          plan(module, ArgBinder.bind(module.spec(), task.args(), play.run().templar(), itemVars), itemVars, checking());
        }
      } catch (RuntimeException stopped) {
        // this item's plan needs an answer not asked yet, or cannot be made yet: the next ones may
      }
    }
  }

  private Outcome once(Map<String, Object> vars) {
    Run run = play.run();
    Module module = run.modules().module(task.module()).orElseThrow();
    ModuleSpec spec = module.spec();
    Args args = ArgBinder.bind(spec, task.args(), run.templar(), vars);
    boolean check = checking();
    if (handler && check) {
      return Outcome.handlerWouldRun();
    }
    Planned planned = plan(module, args, vars, check);
    Plan plan = planned.plan();
    // What the task read below an earlier simulated sync (or after a simulated load of its data) may not be what it finds then.
    List<String> restsOn = check ? planned.reach().restsOn() : List.of();
    if (!restsOn.isEmpty() && plan instanceof Plan.Change c && c.foresight() == Plan.Foresight.KNOWN) {
      plan = c.dependingOn(restsOn.get(0));
    }
    Outcome result;
    if (!(plan instanceof Plan.Change change)) {
      result = Outcome.planned(plan);
      if (!restsOn.isEmpty()) {
        result = result.unpredictable("it reads what an earlier simulated change alters (" + restsOn.get(0) + ")");
      }
    } else if (task.async() != null && !check) {
      // a check run predicts the change as it would without async: nothing starts, so nothing can fail to
      result = new AsyncRun(run, planned.reach(), (long) seconds(task.async().seconds(), vars), seconds(task.async().poll(), vars))
          .apply(change, module);
    } else {
      result = new Perform(run, planned.reach(), task.displayName(), host.name()).apply(change, check, module);
    }
    if (spec.inItsTurn()) {
      run.hostNames().forEach(run::changed);
    }
    if (scope.showsDiff(run.options())) {
      result = result.withDiffsRegistered();
    }
    result = Verdicts.apply(task, result, run.templar(), vars);
    Object facts = result.data().get("ansible_facts");
    // a shown ansible_facts (debug: var=ansible_facts) is data, not facts to learn, as in Ansible
    if (facts instanceof Map<?, ?> newFacts && !result.failed() && !spec.has(ModuleSpec.Trait.SHOWS_DATA)) {
      if (spec.has(ModuleSpec.Trait.GATHERS_FACTS)) {
        host.learn(newFacts);
      } else if (spec == IncludeVars.SPEC) {
        newFacts.forEach((k, v) -> host.includedVars.put(String.valueOf(k), v));
      } else {
        newFacts.forEach((k, v) -> host.facts.put(String.valueOf(k), v));
      }
    }
    return result;
  }

  private boolean checking() {
    return scope.checkMode() != null ? scope.checkMode() : play.run().options().check();
  }

  private record Planned(Plan plan, Reach reach) {}

  private Planned plan(Module module, Args args, Map<String, Object> vars, boolean check) {
    // A task run for real inside a check run plans against the real host: it must never see predicted content.
    Reach reach = new Reach(play, scope, host, vars, check);
    HostView view = module.spec().controllerOnly() || module.spec().has(ModuleSpec.Trait.CONNECTS) ? null : reach.view(null);
    Plan plan = module.plan(new Call(args, view, check, new ControllerFiles(play, task, play.run().templar(), vars), host, reach));
    return new Planned(plan, reach);
  }
}
