package runbook.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    // A task run for real inside a check run plans against the real host: it must never see predicted content.
    Reach reach = new Reach(play, scope, host, vars, check);
    HostView view = spec.controllerOnly() ? null : reach.view(null);
    Plan plan = module.plan(new Call(args, view, check, new ControllerFiles(play, task, run.templar(), vars), host, reach));
    Outcome result = plan instanceof Plan.Change change ? new Perform(play.run(), reach, task.displayName(), host.name()).apply(change, check, view)
        : Outcome.planned(plan);
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
}
