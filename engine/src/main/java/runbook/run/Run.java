package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import runbook.connect.ConnectionFactory;
import runbook.host.Answers;
import runbook.model.Inventory;
import runbook.template.Templar;

/**
 * What every play of one run shares: inventory, options, connections, each host's state, the hosts'
 * locks (none in a check run, which writes nothing), what each host has answered so far, and in a check run what it predicts each
 * host's files to be, the one way to ask the person running it, and which tasks --start-at-task and --step let run.
 */
record Run(
    java.util.concurrent.atomic.AtomicReference<Inventory> liveInventory,
    Map<String, Object> extraVars,
    RunOptions options,
    ModuleRegistry modules,
    Templar templar,
    ConnectionFactory connections,
    RunListener listener,
    Map<String, HostState> states,
    Map<String, Prediction> predictions,
    ExecutorService pool,
    HostLocks locks,
    Prompts prompts,
    Map<String, Answers> answers,
    TaskGate gate) {

  static Run start(
      Inventory inventory,
      Map<String, Object> extraVars,
      RunOptions options,
      ModuleRegistry modules,
      Templar templar,
      ConnectionFactory connections,
      RunListener listener) {
    Map<String, HostState> states = new LinkedHashMap<>();
    inventory.hosts().forEach(h -> states.put(h.name(), new HostState(h)));
    ExecutorService pool = new HostPool(options.forks(), Run::daemon);
    RunListener shared = serialized(listener);
    HostLocks locks = options.check() ? null : new HostLocks(options.waitForLocks(), message -> shared.on(new RunEvent.Warning(message)));
    Prompts prompts = Prompts.atTerminal(options.yes());
    return new Run(new java.util.concurrent.atomic.AtomicReference<>(inventory), extraVars, options, modules, templar, connections, shared, states, new ConcurrentHashMap<>(), pool, locks,
        prompts, new ConcurrentHashMap<>(), new TaskGate(options.startAt(), options.step(), prompts));
  }

  /** The inventory as it is now: group_by and add_host change it during the run. */
  Inventory inventory() {
    return liveInventory.get();
  }

  /** Hosts' threads tell of waits as they happen: the listener hears one event at a time. */
  private static RunListener serialized(RunListener listener) {
    return event -> {
      synchronized (listener) {
        listener.on(event);
      }
    };
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "host");
    t.setDaemon(true);
    return t;
  }

  /** The state of a host, created on first use for hosts outside the inventory (implicit localhost). */
  HostState state(String name) {
    synchronized (states) {
      return states.get(name);
    }
  }

  HostState stateFor(runbook.model.Host host) {
    synchronized (states) {
      return states.computeIfAbsent(host.name(), n -> new HostState(host));
    }
  }

  /**
   * What a check run predicts for the host a task's connection reaches (a real run asks for none).
   * Keyed by that host rather than kept in its {@link HostState}, because a delegated task reaches
   * a host that may have no state (delegate_to: localhost).
   */
  Prediction prediction(String host) {
    return predictions.computeIfAbsent(host, h -> new Prediction());
  }

  List<String> hostNames() {
    synchronized (states) {
      return List.copyOf(states.keySet());
    }
  }

  /** What a host, as one user, has answered so far in this run. */
  Answers answers(String host, String user) {
    return answers.computeIfAbsent(host + '\0' + user, k -> new Answers(() -> {
      HostState state = state(host);
      if (state != null) {
        state.lookedAhead = null; // the next task asks ahead again
      }
    }));
  }

  /** The run has changed a host (or may have): what it answered is out of date, for every user. */
  void changed(String host) {
    answers.forEach((key, known) -> {
      if (key.startsWith(host + '\0')) {
        known.forget();
      }
    });
  }
}
