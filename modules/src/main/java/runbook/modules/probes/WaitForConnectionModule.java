package runbook.modules.probes;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.HostException;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's wait_for_connection: after {@code delay}, connects to the host afresh (the old
 * connection dropped, as Ansible resets it) and runs {@code true}, every {@code sleep} seconds
 * until that works or {@code timeout} has passed; registers {@code elapsed}, whole seconds. Each
 * attempt gives up after {@code connect_timeout}, or sooner when the time is nearly up. It only
 * looks, so it runs in check mode too (Ansible skips it there).
 */
public final class WaitForConnectionModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "wait_for_connection",
          ArgSpec.integer("delay").defaultsTo(0),
          ArgSpec.integer("sleep").defaultsTo(1),
          ArgSpec.integer("timeout").defaultsTo(600),
          ArgSpec.integer("connect_timeout").defaultsTo(5))
      .inCollection("ansible.builtin")
      .with(ModuleSpec.Trait.WAITS, ModuleSpec.Trait.CONNECTS)
      .describedAs("Waits until the host can be connected to afresh and runs a command (after a reboot, or while it boots).");

  /** Waits this many milliseconds. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final LongSupplier clock;
  private final Sleeper sleeper;

  public WaitForConnectionModule() {
    this(System::currentTimeMillis, Thread::sleep);
  }

  /** @param clock milliseconds, as the sleeper counts them */
  WaitForConnectionModule(LongSupplier clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    long start = clock.getAsLong();
    try {
      sleeper.sleep(seconds(args, "delay") * 1000L);
      long end = clock.getAsLong() + seconds(args, "timeout") * 1000L;
      String error = "no attempt was made in a timeout of " + seconds(args, "timeout") + " s";
      while (clock.getAsLong() < end) {
        long left = end - clock.getAsLong();
        try {
          CommandResult r = call.reconnect(Duration.ofMillis(Math.max(1000, Math.min(seconds(args, "connect_timeout") * 1000L, left))))
              .probe(Command.of("true"));
          if (r.ok()) {
            return Plan.unchanged("the host answered", Map.of("elapsed", elapsed(start)));
          }
          error = "the host could not run a command (rc " + r.rc() + ")" + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip());
        } catch (HostException e) {
          error = e.getMessage();
        }
        sleeper.sleep(seconds(args, "sleep") * 1000L);
      }
      return Plan.failed("timed out waiting for a connection after " + seconds(args, "timeout") + " s: " + error,
          Map.of("elapsed", elapsed(start)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Plan.failed("interrupted while waiting for a connection", Map.of("elapsed", elapsed(start)));
    }
  }

  private long elapsed(long start) {
    return (clock.getAsLong() - start) / 1000;
  }

  private static long seconds(Args args, String name) {
    return Math.max(0, args.integer(name));
  }
}
