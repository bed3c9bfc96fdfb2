package runbook.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import runbook.connect.Become;
import runbook.connect.Connection;
import runbook.host.ActionResult;
import runbook.host.ActionRunner;
import runbook.host.ShellHostView;
import runbook.model.SourceLocation;
import runbook.model.Task;
import runbook.report.Console;
import runbook.spi.Action;
import runbook.spi.Args;
import runbook.spi.HostException;
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
  private Connection connection;

  TaskRun(PlayRun play, Task task, Scope scope, HostState host, boolean handler) {
    this.play = play;
    this.task = task;
    this.scope = scope;
    this.host = host;
    this.handler = handler;
  }

  Outcome execute() {
    try {
      Map<String, Object> vars = vars(Map.of());
      if (task.loop() == null) {
        return conditionsHold(vars) ? once(vars) : Outcome.skipped("Conditional result was False");
      }
      List<Outcome> results = new ArrayList<>();
      for (Object item : loopItems(vars)) {
        Map<String, Object> itemVars = vars(Map.of(task.loopVar(), item));
        String label = label(item, itemVars);
        Outcome result =
            conditionsHold(itemVars) ? once(itemVars) : Outcome.skipped("Conditional result was False");
        if (result.status() == Status.UNREACHABLE) {
          return result;
        }
        results.add(result.forItem(task.loopVar(), item, label));
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

  /** The task's variables; in a play that gathers facts, reading one gathers them. */
  private Map<String, Object> vars(Map<String, Object> loopVars) {
    Map<String, Object> vars = Vars.of(host, play, scope.vars(), loopVars);
    return play.gathersFacts() ? new FactVars(vars, () -> factVariables(vars)) : vars;
  }

  private Map<String, Object> factVariables(Map<String, Object> vars) {
    facts(vars);
    synchronized (host.facts) {
      return new LinkedHashMap<>(host.facts);
    }
  }

  /**
   * The host's facts, gathered on first use by the module whose spec says it gathers them, over the
   * host's own connection (not a delegate's), with the task's become.
   */
  private Map<String, Object> facts(Map<String, Object> vars) {
    synchronized (host) {
      if (host.gathered() == null) {
        Run run = play.run();
        Module gatherer = run.modules().gatherer().orElseThrow(() -> new ModuleFailure("no installed module gathers facts"));
        Connection own = scope.delegateTo() == null ? connection(vars) : become(run.connections().forHost(host.name(), Vars.rendered(run.templar(), vars, vars)), vars);
        Args args = ArgBinder.bind(gatherer.spec(), Map.of(), run.templar(), vars);
        Plan plan = gatherer.plan(new Call(args, new ShellHostView(own, Map.of()), false, new ControllerFiles(play, task, run.templar(), vars), Map::of));
        if (!(plan.data().get("ansible_facts") instanceof Map<?, ?> gathered) || plan instanceof Plan.Failed) {
          throw new ModuleFailure("gathering the facts of " + host.name() + " failed"
              + (plan instanceof Plan.Failed f ? ": " + f.message() : ""));
        }
        host.learn(gathered);
      }
      return host.gathered();
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
    if (items instanceof List<?> list) {
      return list;
    }
    throw new TemplateError("loop must be a list, got " + (items == null ? "nothing" : "'" + items + "'"));
  }

  /** loop_control.label rendered for the item, else the item itself (JSON when it is a structure). */
  private String label(Object item, Map<String, Object> itemVars) {
    Object shown = task.loopLabel() == null ? item : play.run().templar().render(task.loopLabel(), itemVars);
    return shown instanceof Map || shown instanceof List ? Console.compact(shown) : String.valueOf(shown);
  }

  private Outcome once(Map<String, Object> vars) {
    Run run = play.run();
    Module module = run.modules().module(task.module()).orElseThrow();
    ModuleSpec spec = module.spec();
    Args args = ArgBinder.bind(spec, task.args(), run.templar(), vars);
    boolean check = scope.checkMode() != null ? scope.checkMode() : run.options().check();
    if (handler && check) {
      return Outcome.handlerWouldRun();
    }
    ShellHostView view = spec.controllerOnly() ? null : new ShellHostView(connection(vars), environment(vars));
    Prediction prediction = view != null && run.options().check() ? run.prediction(target(vars)) : null;
    // A task run for real inside a check run plans against the real host: it must never write predicted content.
    PredictedHostView predicted =
        prediction != null && check ? new PredictedHostView(prediction, view, Objects.requireNonNullElse(becomeUser(vars), "")) : null;
    Call call = new Call(args, predicted != null ? predicted : view, check, new ControllerFiles(play, task, run.templar(), vars),
        () -> facts(vars));
    Plan plan = module.plan(call);
    Outcome result = outcome(plan, check, view, predicted, prediction, vars);
    result = Verdicts.apply(task, result, run.templar(), vars);
    Object facts = result.data().get("ansible_facts");
    if (facts instanceof Map<?, ?> newFacts && !result.failed()) {
      if (spec.has(ModuleSpec.Trait.GATHERS_FACTS)) {
        host.learn(newFacts);
      } else {
        newFacts.forEach((k, v) -> host.facts.put(String.valueOf(k), v));
      }
    }
    return result;
  }

  /**
   * @param predicted the view the module planned against in a check run, else null
   * @param prediction the host's prediction in a check run, else null
   */
  private Outcome outcome(
      Plan plan, boolean check, ShellHostView view, PredictedHostView predicted, Prediction prediction, Map<String, Object> vars) {
    if (!(plan instanceof Plan.Change change)) {
      return Outcome.planned(plan);
    }
    if (check) {
      if (change.predictable() && predicted != null) {
        change.actions().forEach(action -> prediction.record(action, predicted));
        change.touches().forEach(topic -> prediction.touched(topic, change.summary()));
      }
      return Outcome.planned(change);
    }
    ActionRunner runner = change.actions().isEmpty() ? null : new ActionRunner(connection(vars));
    Map<String, Object> data = new LinkedHashMap<>(change.data());
    for (Action action : change.actions()) {
      if (prediction != null) {
        prediction.forget(action);
      }
      ActionResult done = runner.run(action instanceof Action.Run r ? new Action.Run(r.command().underEnv(environment(vars))) : action);
      merge(data, action instanceof Action.Run ? CommandOutput.shape(done.data()) : done.data());
      if (!done.ok()) {
        return Outcome.failed(done.error(), data, change.diffs());
      }
      if (action instanceof Action.Run && done.data().get("rc") instanceof Integer rc && rc != 0) {
        data.put("changed", true);
        return Outcome.failed("non-zero return code", data, change.diffs());
      }
    }
    if (view != null) {
      view.invalidate();
    }
    return Outcome.changed(change.summary(), data, change.diffs());
  }

  /** The environment keywords in force, outer to inner, rendered and merged: what every command of the task gets. */
  private Map<String, String> environment(Map<String, Object> vars) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Object written : scope.environments()) {
      Object rendered = play.run().templar().render(written, vars);
      if (!(rendered instanceof Map<?, ?> map)) {
        throw new TemplateError("environment must be a mapping of variable names to values, got '" + rendered + "'");
      }
      map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return env;
  }

  /** Adds an action's values to the task's; warnings add up (a directory copy writes many files). */
  private static void merge(Map<String, Object> data, Map<String, Object> more) {
    Object earlier = data.get("warnings");
    data.putAll(more);
    if (earlier instanceof List<?> before && more.get("warnings") instanceof List<?> added) {
      data.put("warnings", Stream.concat(before.stream(), added.stream()).toList());
    }
  }

  /** The host's connection (or the delegate's), opened on first use, wrapped for become. */
  private Connection connection(Map<String, Object> vars) {
    if (connection != null) {
      return connection;
    }
    Run run = play.run();
    String target = target(vars);
    Map<String, Object> connectionVars = scope.delegateTo() != null ? Vars.connectionVars(run.inventory(), run, target) : vars;
    Connection base = run.connections().forHost(target, Vars.rendered(run.templar(), connectionVars, vars));
    if (scope.delegateTo() == null && run.locks() != null) {
      run.locks().take(host.name(), base);
    }
    connection = become(base, vars);
    return connection;
  }

  /** The host the task's connection reaches: its own, or the one it is delegated to. */
  private String target(Map<String, Object> vars) {
    return scope.delegateTo() != null ? String.valueOf(play.run().templar().render(scope.delegateTo(), vars)) : host.name();
  }

  /** Wraps the connection for become, when asked; sudo only. */
  private Connection become(Connection base, Map<String, Object> vars) {
    String user = becomeUser(vars);
    if (user == null) {
      return base;
    }
    Object password = vars.getOrDefault("ansible_become_password", vars.get("ansible_become_pass"));
    Object login = vars.getOrDefault("ansible_user", System.getProperty("user.name"));
    return Become.wrap(base, String.valueOf(login), user, password == null ? null : String.valueOf(password));
  }

  /** The user to become, from the task, its blocks or the play, else ansible_become; null when not becoming. */
  private String becomeUser(Map<String, Object> vars) {
    Object varBecome = vars.get("ansible_become");
    boolean become =
        scope.become() != null ? scope.become() : varBecome != null && ArgBinder.bool(varBecome).orElse(false);
    if (!become) {
      return null;
    }
    return scope.becomeUser() != null ? scope.becomeUser() : String.valueOf(vars.getOrDefault("ansible_become_user", "root"));
  }
}
