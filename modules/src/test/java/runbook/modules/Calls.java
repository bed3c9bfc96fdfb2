package runbook.modules;

import java.util.LinkedHashMap;
import java.util.Map;
import runbook.spi.Args;
import runbook.spi.Controller;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Builds calls as the engine would: aliases resolved, defaults filled in. */
public final class Calls {
  private Calls() {}

  /** Arguments from alternating names and values. */
  public static Map<String, Object> args(Object... namesAndValues) {
    var args = new LinkedHashMap<String, Object>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      args.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return args;
  }

  public static Plan plan(Module module, Map<String, Object> given, HostView host, Controller controller, boolean checkMode) {
    return plan(module, given, host, controller, checkMode, Map.of());
  }

  /** With the host's facts, as the engine gathers them (no ansible_ prefix). */
  public static Plan plan(
      Module module, Map<String, Object> given, HostView host, Controller controller, boolean checkMode, Map<String, Object> facts) {
    return plan(module, given, host, controller, checkMode, facts, Map.of(), Map.of());
  }

  /** With other hosts of the play, by inventory name, and their facts. */
  public static Plan plan(
      Module module, Map<String, Object> given, HostView host, Controller controller, boolean checkMode, Map<String, Object> facts,
      Map<String, HostView> others, Map<String, Map<String, Object>> othersFacts) {
    return plan(module, given, host, controller, checkMode, facts, others, othersFacts, null, relay -> {
      throw new AssertionError("unexpected relay: " + relay);
    }, NO_RECONNECT);
  }

  private static final java.util.function.Function<java.time.Duration, HostView> NO_RECONNECT = timeout -> {
    throw new AssertionError("unexpected reconnect");
  };

  /** A call whose every connection afresh ({@link ModuleCall#reconnect}) is answered by {@code reconnects}, given its time limit. */
  public static Plan reconnecting(Module module, Map<String, Object> given, boolean checkMode,
      java.util.function.Function<java.time.Duration, HostView> reconnects) {
    return plan(module, given, FakeHost.empty(), FakeController.empty(), checkMode, Map.of(), Map.of(), Map.of(), null, relay -> {
      throw new AssertionError("unexpected relay: " + relay);
    }, reconnects);
  }

  /** A call delegated to {@code delegate} (null: not delegated), whose relays {@code relays} answers. */
  public static Plan plan(Module module, Map<String, Object> given, Controller controller, boolean checkMode, String delegate,
      java.util.function.Function<runbook.spi.Action.Relay, runbook.spi.CommandResult> relays) {
    return plan(module, given, FakeHost.empty(), controller, checkMode, Map.of(), Map.of(), Map.of(), delegate, relays, NO_RECONNECT);
  }

  private static Plan plan(
      Module module, Map<String, Object> given, HostView host, Controller controller, boolean checkMode, Map<String, Object> facts,
      Map<String, HostView> others, Map<String, Map<String, Object>> othersFacts, String delegate,
      java.util.function.Function<runbook.spi.Action.Relay, runbook.spi.CommandResult> relays,
      java.util.function.Function<java.time.Duration, HostView> reconnects) {
    Args args = resolve(module.spec(), given);
    return module.plan(new ModuleCall() {
      @Override
      public Args args() {
        return args;
      }

      @Override
      public HostView host() {
        return host;
      }

      @Override
      public boolean checkMode() {
        return checkMode;
      }

      @Override
      public Controller controller() {
        return controller;
      }

      @Override
      public Map<String, Object> facts() {
        return facts;
      }

      @Override
      public java.util.List<String> playHosts() {
        return java.util.List.copyOf(others.keySet());
      }

      @Override
      public HostView host(String name) {
        HostView other = others.get(name);
        if (other == null) {
          throw new runbook.spi.ModuleFailure("'" + name + "' is not a host of this play");
        }
        return other;
      }

      @Override
      public Map<String, Object> facts(String name) {
        return othersFacts.getOrDefault(name, Map.of());
      }

      @Override
      public String delegate() {
        return delegate;
      }

      @Override
      public runbook.spi.CommandResult relay(runbook.spi.Action.Relay relay) {
        return relays.apply(relay);
      }

      @Override
      public HostView reconnect(java.time.Duration connectTimeout) {
        return reconnects.apply(connectTimeout);
      }
    });
  }

  public static Plan plan(Module module, Map<String, Object> given, HostView host) {
    return plan(module, given, host, FakeController.empty(), false);
  }

  static Args resolve(ModuleSpec spec, Map<String, Object> given) {
    var values = new LinkedHashMap<String, Object>();
    given.forEach((key, value) -> {
      var arg = spec.arg(key);
      if (arg.isEmpty() && !spec.openArgs()) {
        throw new AssertionError(spec.name() + " has no argument " + key);
      }
      values.put(arg.map(a -> a.name()).orElse(key), value);
    });
    spec.args().forEach(arg -> {
      if (!values.containsKey(arg.name()) && arg.defaultValue() != null) {
        values.put(arg.name(), arg.defaultValue());
      }
    });
    return new Args(values);
  }
}
