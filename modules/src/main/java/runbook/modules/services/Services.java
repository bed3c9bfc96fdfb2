package runbook.modules.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.ShellWords;

/**
 * What service, systemd and sysvinit share: their common arguments and the one planner, which
 * compares a {@link Service} as its manager sees it with what the task asks. restarted and
 * reloaded always change, as in Ansible; started and stopped only when the state differs.
 */
final class Services {
  /** Init script names and unit names; no path, no glob, no option. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@:+\\-]*");

  private Services() {}

  /** A service module's spec: {@code name}, state and enabled, then its own arguments; in ansible.builtin. */
  static ModuleSpec spec(String module, ArgSpec name, ArgSpec... own) {
    List<ArgSpec> args = new ArrayList<>(List.of(
        name, ArgSpec.str("state").choices("started", "stopped", "restarted", "reloaded"), ArgSpec.bool("enabled")));
    args.addAll(List.of(own));
    return ModuleSpec.of(module, args).inCollection("ansible.builtin");
  }

  /** Ansible's name argument: the init script's or the unit's name, also called service. */
  static ArgSpec name() {
    return ArgSpec.str("name").alias("service");
  }

  /** One thing the task does, in words ("start apache2"), and how. */
  record Step(String words, List<Action> actions) {
    Step {
      actions = List.copyOf(actions);
    }
  }

  /**
   * What a manager does before the common steps (systemd: daemon-reload, unmask), and what it found
   * already as asked ("masked"), for the reason of a task with nothing to do.
   */
  record First(List<Step> steps, List<String> settled) {
    static final First NONE = new First(List.of(), List.of());

    First {
      steps = List.copyOf(steps);
      settled = List.copyOf(settled);
    }
  }

  /**
   * Why the task cannot be planned before the host is asked anything, or null: a name that is no
   * service name, nothing asked, an argument of Ansible's that runbook does not honour.
   *
   * @param more what the manager's own arguments ask ("masked", "daemon_reload"), if anything
   */
  static String problem(Args args, boolean more) {
    String name = args.str("name");
    if (name == null) {
      return "name is required";
    }
    if (!NAME.matcher(name).matches()) {
      return "'" + name + "' is not a service name (letters, digits and _ . @ : + - only)";
    }
    if (!args.has("state") && !args.has("enabled") && !more) {
      return "give state or enabled (or both) for " + name;
    }
    if (args.has("pattern")) {
      return "pattern is not supported: whether " + name + " runs is read from the exit code of its status, not from ps";
    }
    return null;
  }

  /**
   * Plans the task for the service {@code found}; when there is none, a check run whose earlier
   * simulated change would install a package answers as if for {@code fresh}, depending on that
   * change (a real run has made it, so the service is really missing: {@code missing} says so).
   *
   * @param first what the manager does or found first
   */
  static Plan plan(ModuleCall call, String name, Optional<? extends Service> found, Service fresh, String missing, First first) {
    Args args = call.args();
    if (found.isPresent()) {
      // In a check run the status probe sees the real host; an earlier task of the run may have
      // stopped or started this service only in simulation (S2's cut-over: stop, move data, start).
      List<String> earlier = call.checkMode() ? call.host().pending("service:" + name) : List.of();
      Boolean simulated = leftRunning(earlier);
      Plan plan = decide(name, found.get(), simulated, args, first);
      return simulated != null && plan instanceof Plan.Change change ? change.dependingOn(earlier.get(earlier.size() - 1)) : plan;
    }
    List<String> earlier = earlierInstall(call.host(), name);
    if (earlier.isEmpty()) {
      return Plan.failed(missing);
    }
    Plan plan = decide(name, fresh, null, args, first);
    return plan instanceof Plan.Change change ? change.dependingOn(String.join(" and ", earlier)) : plan;
  }

  /**
   * Whether the service runs as the last of these simulated changes of it left it, or null when none
   * started or stopped it. The summaries are this class's own steps, joined by ", " (see decide).
   */
  static Boolean leftRunning(List<String> earlier) {
    for (int i = earlier.size() - 1; i >= 0; i--) {
      String[] steps = earlier.get(i).split(", ");
      for (int j = steps.length - 1; j >= 0; j--) {
        if (steps[j].startsWith("stop ")) {
          return false;
        }
        if (steps[j].startsWith("start ") || steps[j].startsWith("restart ") || steps[j].startsWith("reload ")) {
          return true;
        }
      }
    }
    return null;
  }

  /** Plans the task for the init script {@code name}, with the task's extra arguments for it. */
  static Plan initScript(ModuleCall call, String name, List<String> runlevels, int pause) {
    String arguments = call.args().str("arguments");
    Optional<List<String>> words = arguments == null ? Optional.of(List.of()) : ShellWords.split(arguments);
    if (words.isEmpty()) {
      return Plan.failed("arguments has an unclosed quotation: " + arguments);
    }
    return InitScript.plan(call, name, new InitScript.Options(runlevels, pause, words.get()));
  }

  /** The earlier simulated package changes: of a package named as the service, else of any. */
  private static List<String> earlierInstall(HostView host, String name) {
    List<String> same = host.pending("package:" + name);
    return same.isEmpty() ? host.pending("package:") : same;
  }

  /** @param simulated whether it runs as an earlier simulated start or stop left it, or null: as its manager sees it */
  private static Plan decide(String name, Service service, Boolean simulated, Args args, First first) {
    List<Step> steps = new ArrayList<>(first.steps());
    Boolean enabled = args.has("enabled") ? args.bool("enabled") : null;
    if (enabled != null && !service.is(enabled)) {
      String refusal = service.refuses(enabled);
      if (refusal != null) {
        return Plan.failed(refusal);
      }
      steps.add(new Step((enabled ? "enable " : "disable ") + name, service.enable(enabled)));
    }
    String state = args.str("state");
    Boolean running = simulated != null ? simulated : service.running();
    if (running == null && state != null && !state.equals("restarted")) {
      return Plan.failed(service.unknown());
    }
    if (state != null) {
      switch (state) {
        case "started" -> {
          if (!running) {
            steps.add(new Step("start " + name, service.start()));
          }
        }
        case "stopped" -> {
          if (simulated != null ? simulated : service.stopNeeded()) {
            steps.add(new Step("stop " + name, service.stop()));
          }
        }
        case "restarted" -> steps.add(new Step("restart " + name, service.restart()));
        default -> steps.add(running
            ? new Step("reload " + name, service.reload())
            : new Step("start " + name + " (it is not running, so it cannot be reloaded)", service.start()));
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    boolean runs = state == null ? Boolean.TRUE.equals(running) : !state.equals("stopped");
    data.put("state", runs ? "started" : "stopped");
    Boolean enabledAfter = enabled != null ? enabled : service.enabled();
    if (enabledAfter != null) {
      data.put("enabled", enabledAfter);
    }
    data.put("status", service.status());
    if (steps.isEmpty()) {
      return Plan.unchanged(reason(name, state, enabled, first.settled()), data);
    }
    List<Action> actions = steps.stream().flatMap(s -> s.actions().stream()).toList();
    String summary = String.join(", ", steps.stream().map(Step::words).toList());
    return Plan.change(summary, actions, List.of()).touching("service:" + name).withData(data);
  }

  private static String reason(String name, String state, Boolean enabled, List<String> settled) {
    List<String> facts = new ArrayList<>(settled);
    if (state != null) {
      facts.add(state.equals("stopped") ? "stopped" : "running");
    }
    if (enabled != null) {
      facts.add(enabled ? "enabled" : "disabled");
    }
    return name + " is " + String.join(" and ", facts);
  }
}
