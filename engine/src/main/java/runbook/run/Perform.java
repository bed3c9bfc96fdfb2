package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.host.ActionResult;
import runbook.host.ActionRunner;
import runbook.host.PipeRunner;
import runbook.spi.Action;
import runbook.spi.CommandOutput;
import runbook.spi.Meter;
import runbook.spi.Module;
import runbook.spi.Plan;

/**
 * Does what a change plans, in order, each action on the host it names; or in a check run records
 * it into that host's prediction instead. The first action that fails ends the task.
 */
final class Perform {
  private final Run run;
  private final Reach reach;
  private final String taskName;
  private final String host;

  Perform(Run run, Reach reach, String taskName, String host) {
    this.run = run;
    this.reach = reach;
    this.taskName = taskName;
    this.host = host;
  }

  /** @param module the module that planned the change, which reads what its actions returned */
  Outcome apply(Plan.Change change, boolean check, Module module) {
    if (check) {
      if (change.predictable()) {
        change.actions().forEach(a -> predict(a, change.summary()));
        Prediction own = reach.prediction(null);
        if (own != null) {
          change.touches().forEach(topic -> own.touched(topic, change.summary()));
        }
      }
      return Outcome.planned(change);
    }
    Map<String, Object> data = new LinkedHashMap<>(change.data());
    List<Action> actions = change.actions();
    for (int from = 0, to; from < actions.size(); from = to) {
      to = from + 1;
      while (to < actions.size() && fileAction(actions.get(from)) && fileAction(actions.get(to))
          && java.util.Objects.equals(host(actions.get(from)), host(actions.get(to)))) {
        to++;
      }
      List<Action> group = actions.subList(from, to);
      List<ActionResult> results;
      try {
        results = fileAction(group.get(0)) ? performFiles(group) : List.of(perform(group.get(0)));
      } finally {
        group.forEach(this::changed); // even half done: what the hosts answered before may be out of date
      }
      for (int i = 0; i < results.size(); i++) {
        Action action = group.get(i);
        ActionResult done = results.get(i);
        merge(data, action instanceof Action.Run r ? CommandOutput.shape(done.data(), r.stripEnds()) : done.data());
        if (!done.ok()) {
          return Outcome.failed(done.error(), data, change.diffs());
        }
        if (action instanceof Action.Run && done.data().get("rc") instanceof Integer rc && rc != 0) {
          data.put("changed", true);
          return Outcome.failed("non-zero return code", data, change.diffs());
        }
      }
    }
    Map<String, Object> registered = module.performed(data);
    if (Boolean.FALSE.equals(registered.get("changed"))) {
      return Outcome.ok(change.summary() + ": nothing differed", registered);
    }
    return Outcome.changed(change.summary(), registered, change.diffs());
  }

  /** The hosts an action acts on have changed, or may have. */
  private void changed(Action action) {
    if (action instanceof Action.Pipe p) {
      run.changed(p.fromHost() != null ? p.fromHost() : reach.target());
      run.changed(p.toHost() != null ? p.toHost() : reach.target());
    } else if (action instanceof Action.Relay r) {
      for (String end : java.util.Arrays.asList(r.clientHost(), r.serverHost())) {
        if (!Action.CONTROLLER.equals(end)) {
          run.changed(end != null ? end : reach.target());
        }
      }
    } else {
      String on = host(action);
      run.changed(on != null ? on : reach.target());
    }
  }

  /**
   * A check run records a file action into the prediction of the host it is aimed at. A pipe's or
   * relay's effect cannot be known; a relay that writes below a path (a sync's dest) marks it, so
   * that later tasks reading there know their answer rests on this change ({@code summary}).
   */
  private void predict(Action action, String summary) {
    String on = host(action);
    Action what = what(action);
    if (what instanceof Action.Relay r) {
      Prediction there = Action.CONTROLLER.equals(r.clientHost()) ? null : reach.prediction(r.clientHost());
      if (r.writes() != null && there != null) {
        there.touched(Prediction.FILES + r.writes(), summary);
      }
    } else if (!(what instanceof Action.Pipe) && reach.view(on) instanceof PredictedHostView predicted) {
      reach.prediction(on).record(what, predicted);
    }
  }

  private ActionResult perform(Action action) {
    if (action instanceof Action.Pipe p) {
      return PipeRunner.run(reach.connection(p.fromHost()), p.from().underEnv(reach.environment()), reach.connection(p.toHost()),
          p.to().underEnv(reach.environment()), bytes -> progress(Meter.Reading.ofBytes(bytes)));
    }
    if (action instanceof Action.Relay r) {
      return reach.relay(r, this::progress)
          .asAction(r, "the relayed client on " + reach.name(r.clientHost()) + " (server on " + reach.name(r.serverHost()) + ")");
    }
    Action.Run r = (Action.Run) what(action);
    return new ActionRunner(reach.connection(host(action)))
        .run(new Action.Run(r.command().underEnv(reach.environment()), r.meter(), r.stripEnds()), this::progress);
  }

  /**
   * Consecutive file actions on one host go to it as one script, one round trip: a plan's actions
   * do not depend on each other's results, and each still answers as it would alone.
   */
  private List<ActionResult> performFiles(List<Action> group) {
    String on = host(group.get(0));
    List<Action> whats = group.stream().map(Perform::what).toList();
    Prediction prediction = reach.prediction(on);
    if (prediction != null) {
      whats.forEach(prediction::forget); // a task run for real inside a check run: the host itself now tells
    }
    return new ActionRunner(reach.connection(on)).runAll(whats);
  }

  /** The inventory host an action is aimed at, or null for the task's own. */
  private static String host(Action action) {
    return action instanceof Action.OnHost o ? o.host() : null;
  }

  /** The action itself, on whichever host it is aimed at. */
  private static Action what(Action action) {
    return action instanceof Action.OnHost o ? o.action() : action;
  }

  /** An action that only changes files: one of a run of them can share a round trip with the others. */
  private static boolean fileAction(Action action) {
    Action what = what(action);
    return !(what instanceof Action.Run || what instanceof Action.Pipe || what instanceof Action.Relay);
  }

  private void progress(Meter.Reading reading) {
    run.listener().on(new RunEvent.Progress(taskName, host, reading));
  }

  /** Adds an action's values to the task's; warnings add up (a directory copy writes many files). */
  private static void merge(Map<String, Object> data, Map<String, Object> more) {
    Object earlier = data.get("warnings");
    data.putAll(more);
    if (earlier instanceof java.util.List<?> before && more.get("warnings") instanceof java.util.List<?> added) {
      data.put("warnings", java.util.stream.Stream.concat(before.stream(), added.stream()).toList());
    }
  }
}
