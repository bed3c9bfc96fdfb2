package runbook.run;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.ArgSpec;
import runbook.spi.FileDiff;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/** Modules with fixed decisions, to test the engine without a real module or host. */
final class FakeModules {
  private FakeModules() {}

  /** Plans a write of {@code content} to {@code path}: a predictable change with a diff. */
  static final Module WRITE =
      module(
          ModuleSpec.of("fake_write", ArgSpec.str("path").required(), ArgSpec.str("content").defaultsTo("x\n"),
              ArgSpec.str("validate").containing("%s")),
          call ->
              Plan.change(
                  "write " + call.args().str("path"),
                  List.of(
                      new Action.WriteFile(
                          call.args().str("path"),
                          call.args().str("content").getBytes(StandardCharsets.UTF_8),
                          null,
                          null,
                          null,
                          false)),
                  List.of(new FileDiff(call.args().str("path"), "", call.args().str("content")))));

  /** Writes each of {@code paths} (its own name as content), with the command {@code then} run after the first {@code before} writes. */
  static final Module WRITES =
      module(
          ModuleSpec.of("fake_writes", ArgSpec.list("paths").required(), ArgSpec.str("then").required(), ArgSpec.integer("before").required()),
          call -> {
            List<Action> actions = new java.util.ArrayList<>();
            for (Object path : call.args().list("paths")) {
              actions.add(new Action.WriteFile(String.valueOf(path), String.valueOf(path).getBytes(StandardCharsets.UTF_8), null, null, null, false));
            }
            actions.add(call.args().integer("before"), new Action.Run(Command.script(call.args().str("then"))));
            return Plan.change("write " + actions.size() + " files and run", actions, List.of());
          });

  /** Changed or not as told, touching nothing (controller-only). */
  static final Module SAY =
      module(
          ModuleSpec.of("fake_say", ArgSpec.bool("changed").defaultsTo(false), ArgSpec.bool("fail").defaultsTo(false), ArgSpec.raw("value"))
              .onController(),
          call -> {
            Map<String, Object> data = call.args().raw("value") == null ? Map.of() : Map.of("value", call.args().raw("value"));
            if (call.args().bool("fail")) {
              return Plan.failed("told to fail", data);
            }
            return call.args().bool("changed")
                ? Plan.change("told to change", List.of(), List.of()).withData(data)
                : Plan.unchanged("told not to change", data);
          });

  /** Like command without creates: only running it tells. */
  static final Module RUN =
      module(
          ModuleSpec.of("fake_run", ArgSpec.str("_raw_params").required()).withFreeForm("_raw_params"),
          call -> Plan.unpredictable("run " + call.args().str("_raw_params"), List.of(new Action.Run(Command.script(call.args().str("_raw_params"))))));

  /** Gathers fixed facts, counting how often it is asked. */
  static Module gatherer(java.util.concurrent.atomic.AtomicInteger calls) {
    return module(
        ModuleSpec.of("fake_setup").with(ModuleSpec.Trait.GATHERS_FACTS),
        call -> {
          calls.incrementAndGet();
          return Plan.unchanged("gathered", Map.of("ansible_facts", Map.of("ansible_distribution", "Debian", "ansible_memtotal_mb", 1024)));
        });
  }

  /** Changes when the facts it is given (no ansible_ prefix) have memtotal_mb above {@code over}. */
  static final Module NEEDS_FACTS =
      module(
          ModuleSpec.of("fake_size", ArgSpec.integer("over").required()),
          call -> ((Integer) call.facts().get("memtotal_mb")) > call.args().integer("over")
              ? Plan.change("sized", List.of(), List.of())
              : Plan.unchanged("small"));

  /** Pipes {@code lines} times the line {@code line} from host {@code from} into the file {@code path} on host {@code to}. */
  static final Module PIPE =
      module(
          ModuleSpec.of("fake_pipe", ArgSpec.str("from").required(), ArgSpec.str("to").required(), ArgSpec.str("line").required(),
              ArgSpec.integer("lines").defaultsTo(1), ArgSpec.str("path").required()),
          call -> Plan.change("pipe", List.of(new Action.Pipe(
              call.args().str("from"),
              Command.of("sh", "-c", "yes \"$0\" | head -n \"$1\"", call.args().str("line"), call.args().str("lines")),
              call.args().str("to"), Command.script("cat > " + runbook.spi.Shell.quote(call.args().str("path"))))), List.of()));

  /** Writes {@code content} to {@code path} on another host of the play, {@code on}. */
  static final Module WRITE_ON =
      module(
          ModuleSpec.of("fake_write_on", ArgSpec.str("on").required(), ArgSpec.str("path").required(), ArgSpec.str("content").required()),
          call -> {
            var seen = call.host(call.args().str("on")).read(call.args().str("path"));
            byte[] content = call.args().str("content").getBytes(StandardCharsets.UTF_8);
            return seen.exists() && java.util.Arrays.equals(seen.content(), content)
                ? Plan.unchanged("in place on " + call.args().str("on"))
                : Plan.change("write on " + call.args().str("on"), List.of(new Action.OnHost(call.args().str("on"),
                    new Action.WriteFile(call.args().str("path"), content, null, null, null, false))), List.of());
          });

  /** Connects afresh until the host lets it, as wait_for_connection does. */
  static final Module RECONNECT =
      module(
          ModuleSpec.of("fake_reconnect").with(ModuleSpec.Trait.CONNECTS),
          call -> {
            while (true) {
              try {
                call.reconnect(java.time.Duration.ofSeconds(1)).probe(runbook.spi.Command.of("true"));
                return Plan.unchanged("the host answers");
              } catch (runbook.spi.HostException refused) {
                // again: the test's factory lets it in after a few attempts
              }
            }
          });

  static ModuleRegistry registry() {
    return ModuleRegistry.of(List.of(WRITE, SAY, RUN, PIPE, WRITE_ON, RECONNECT, WRITES));
  }

  static ModuleRegistry withGatherer(java.util.concurrent.atomic.AtomicInteger calls) {
    return ModuleRegistry.of(List.of(WRITE, SAY, RUN, NEEDS_FACTS, gatherer(calls)));
  }

  private static Module module(ModuleSpec spec, java.util.function.Function<ModuleCall, Plan> planner) {
    return new Module() {
      @Override
      public ModuleSpec spec() {
        return spec;
      }

      @Override
      public Plan plan(ModuleCall call) {
        return planner.apply(call);
      }
    };
  }
}
