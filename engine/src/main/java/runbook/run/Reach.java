package runbook.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import runbook.connect.Become;
import runbook.connect.Connection;
import runbook.host.Answers;
import runbook.load.HostPatterns;
import runbook.host.RelayRunner;
import runbook.host.ShellHostView;
import runbook.spi.Action;
import runbook.spi.Args;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleFailure;
import runbook.spi.Plan;
import runbook.template.TemplateError;

/**
 * The hosts one task on one host reaches, and how: its own host (or the one it is delegated to) and
 * the play's other hosts, each through its connection opened on first use, with the task's become
 * and environment; in a check run, each as predicted so far. Facts are gathered here too.
 */
final class Reach {
  private final PlayRun play;
  private final Scope scope;
  private final HostState host;
  private final Map<String, Object> vars;
  private final boolean check;
  private static final Connection CONTROLLER = new runbook.connect.LocalConnection();
  private final Map<String, Connection> connections = new HashMap<>();
  /** In a check run: the earlier simulated changes that what this task's views read rests on (see PredictedHostView). */
  private final java.util.Set<String> restsOn = new java.util.LinkedHashSet<>();
  private Map<String, String> environment;

  /**
   * @param check whether this task plans without doing (a check run, unless check_mode: false; or
   *     check_mode: true in a real run, which plans against the real host, having no prediction)
   */
  Reach(PlayRun play, Scope scope, HostState host, Map<String, Object> vars, boolean check) {
    this.play = play;
    this.scope = scope;
    this.host = host;
    this.vars = vars;
    this.check = check;
  }

  /** The host the task's own actions reach: the task's host, or the one it is delegated to. */
  String target() {
    return scope.delegateTo() != null ? String.valueOf(play.run().templar().render(scope.delegateTo(), vars)) : host.name();
  }

  /** The connection to an inventory host (null: the target), opened on first use, wrapped for become. */
  Connection connection(String name) {
    String to = name == null ? target() : name;
    Connection open = connections.get(to);
    if (open == null) {
      Run run = play.run();
      Connection base = run.connections().forHost(to, connectionVars(to));
      if (run.locks() != null && run.inventory().host(to) != null) {
        base = run.locks().guard(to, base);
      }
      open = become(base);
      connections.put(to, open);
    }
    return open;
  }

  /**
   * The target over a connection opened afresh ({@link runbook.spi.ModuleCall#reconnect}), which
   * this task and later ones use; the host's lock is taken again over it (the host may have
   * rebooted, its /tmp emptied).
   */
  HostView reconnected(java.time.Duration connectTimeout) {
    String to = target();
    Run run = play.run();
    Connection base = run.connections().reconnect(to, connectionVars(to), connectTimeout);
    if (run.locks() != null && run.inventory().host(to) != null) {
      run.locks().retake(to, base);
    }
    connections.put(to, become(base));
    return view(to);
  }

  /** A host's connection variables, rendered with the task's. */
  private Map<String, Object> connectionVars(String to) {
    Run run = play.run();
    Map<String, Object> own = to.equals(host.name()) ? vars : Vars.connectionVars(run.inventory(), run, to);
    return Vars.rendered(run.templar(), own, vars);
  }

  /** Runs a relay between two hosts (either may be the controller), with the task's environment on both commands. */
  RelayRunner.Relayed relay(Action.Relay relay, java.util.function.Consumer<runbook.spi.Meter.Reading> progress) {
    return RelayRunner.run(endpoint(relay.clientHost()), name(relay.clientHost()), relay.client(), endpoint(relay.serverHost()),
        name(relay.serverHost()), relay.admit(), c -> c.underEnv(environment()), relay.meter(), progress);
  }

  /** A relay's end: the controller itself (no become: it is the user running runbook), or a host's connection. */
  private Connection endpoint(String name) {
    return Action.CONTROLLER.equals(name) ? CONTROLLER : connection(name);
  }

  /** A relay's end as messages name it. */
  String name(String host) {
    return Action.CONTROLLER.equals(host) ? "the controller" : host == null ? target() : host;
  }

  /** The delegate's name when the task is delegated, else null. */
  String delegate() {
    return scope.delegateTo() != null ? target() : null;
  }

  /** A fresh read-only view of a host (null: the target), as this task sees it; in a check run, as predicted. */
  HostView view(String name) {
    String to = name == null ? target() : name;
    ShellHostView real = new ShellHostView(connection(to), answers(to), environment());
    Prediction prediction = prediction(to);
    return check && prediction != null
        ? new PredictedHostView(prediction, real, Objects.requireNonNullElse(becomeUser(), ""), restsOn) : real;
  }

  /** The earlier simulated changes that what the task read so far rests on: empty unless a check run read below a sync's dest, or data an earlier load alters. */
  List<String> restsOn() {
    synchronized (restsOn) {
      return List.copyOf(restsOn);
    }
  }

  /** What the run predicts of a host in a check run, else null (a task run for real still forgets what it changes). */
  Prediction prediction(String name) {
    return play.run().options().check() ? play.run().prediction(name == null ? target() : name) : null;
  }

  /** The environment keywords in force, outer to inner, rendered and merged: what every command of the task gets. */
  Map<String, String> environment() {
    if (environment == null) {
      Map<String, String> env = new LinkedHashMap<>();
      for (Object written : scope.environments()) {
        Object rendered = play.run().templar().render(written, vars);
        if (!(rendered instanceof Map<?, ?> map)) {
          throw new TemplateError("environment must be a mapping of variable names to values, got '" + rendered + "'");
        }
        map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
      }
      environment = env;
    }
    return environment;
  }

  List<String> playHostNames() {
    return play.hostNames();
  }

  /** A host of the inventory by its name (as delegate_to takes any inventory host, not only the play's). */
  HostState inventoryHost(String name) {
    Run run = play.run();
    runbook.model.Host known = run.inventory().host(name);
    if (known == null && name.equals("localhost")) {
      known = HostPatterns.select(run.inventory(), name).get(0); // the implicit one, as delegate_to: localhost reaches
    }
    if (known == null) {
      throw new ModuleFailure("'" + name + "' is not a host of the inventory");
    }
    return run.stateFor(known);
  }

  /**
   * A host's facts, gathered on first use by the module whose spec says it gathers them, over that
   * host's own connection (not a delegate's), with the task's become.
   */
  Map<String, Object> facts(HostState of) {
    synchronized (of) {
      if (of.gathered() == null) {
        Run run = play.run();
        Module gatherer = run.modules().gatherer().orElseThrow(() -> new ModuleFailure("no installed module gathers facts"));
        Args args = ArgBinder.bind(gatherer.spec(), play.gathering(), run.templar(), vars);
        HostView real = new ShellHostView(connection(of.name()), answers(of.name()), Map.of());
        Plan plan = gatherer.plan(new Call(args, real, false, null, null, null));
        if (!(plan.data().get("ansible_facts") instanceof Map<?, ?> gathered) || plan instanceof Plan.Failed) {
          throw new ModuleFailure("gathering the facts of " + of.name() + " failed" + (plan instanceof Plan.Failed f ? ": " + f.message() : ""));
        }
        of.learn(gathered);
      }
      return of.gathered();
    }
  }

  /** What a host has answered so far to the user this task reaches it as; with --no-lookahead, nothing. */
  private Answers answers(String to) {
    if (!play.run().options().lookahead()) {
      return new Answers();
    }
    return play.run().answers(to, vars.getOrDefault("ansible_user", "") + ">" + Objects.requireNonNullElse(becomeUser(), ""));
  }

  /** Wraps the connection for become, when asked; sudo only. */
  private Connection become(Connection base) {
    String user = becomeUser();
    if (user == null) {
      return base;
    }
    Object password = vars.getOrDefault("ansible_become_password", vars.get("ansible_become_pass"));
    Object login = vars.getOrDefault("ansible_user", System.getProperty("user.name"));
    return Become.wrap(base, String.valueOf(login), user, password == null ? null : String.valueOf(password));
  }

  /** The user to become, from the task, its blocks or the play, else ansible_become; null when not becoming. */
  private String becomeUser() {
    Object varBecome = vars.get("ansible_become");
    boolean become = scope.become() != null ? scope.become() : varBecome != null && ArgBinder.bool(varBecome).orElse(false);
    if (!become) {
      return null;
    }
    return scope.becomeUser() != null ? scope.becomeUser() : String.valueOf(vars.getOrDefault("ansible_become_user", "root"));
  }
}
