package runbook.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import runbook.connect.ConnectionFactory;
import runbook.model.Inventory;
import runbook.model.Play;
import runbook.model.Runbook;
import runbook.template.Templar;

/** Runs loaded runbooks against an inventory: plays in order, then the recap. */
public final class Runner {
  /** Exit codes, as ansible-playbook's: failed and unreachable combine bitwise. */
  public static final int OK = 0;
  public static final int HOST_FAILED = 2;
  public static final int HOST_UNREACHABLE = 4;

  private final ModuleRegistry modules;
  private final Templar templar;
  private final ConnectionFactory connections;
  private final RunOptions options;
  private final RunListener listener;
  private Executor lettingGo = Runnable::run;

  public Runner(ModuleRegistry modules, Templar templar, ConnectionFactory connections, RunOptions options, RunListener listener) {
    this.modules = modules;
    this.templar = templar;
    this.connections = connections;
    this.options = options;
    this.listener = listener;
  }

  /**
   * Where the hosts' locks are let go of once the recap is out: at once by default; a warm
   * controller does it after its client has the exit code, so that a round trip per host is not
   * added to the end of every run (its next command waits for it).
   */
  public Runner lettingGoOn(Executor executor) {
    this.lettingGo = executor;
    return this;
  }

  /** Runs everything and prints the recap; returns the exit code. */
  public int run(Inventory inventory, List<Runbook> runbooks, Map<String, Object> extraVars) {
    Run run = Run.start(inventory, extraVars, options, modules, templar, connections, listener);
    try {
      for (Runbook runbook : runbooks) {
        for (Play play : runbook.plays()) {
          new PlayRun(run, runbook, play).execute();
        }
      }
      String unmatched = run.gate().unmatched();
      if (unmatched != null) {
        listener.on(new RunEvent.Warning("no task matches --start-at-task '" + unmatched + "', so none ran"));
      }
      return recap(run);
    } finally {
      lettingGo.execute(() -> {
        if (run.locks() != null) {
          run.locks().close(run.pool());
        }
        run.pool().shutdownNow();
      });
    }
  }

  private int recap(Run run) {
    List<RecapRow> rows = new ArrayList<>();
    for (HostState s : run.states().values()) {
      HostState.Counters c = s.counters;
      if (c.ok + c.changed + c.failed + c.skipped + c.unreachable + c.rescued + c.ignored == 0) {
        continue;
      }
      rows.add(new RecapRow(s.name(), c.ok, c.changed, c.unreachable, c.failed, c.skipped, c.rescued, c.ignored));
    }
    listener.on(new RunEvent.Recap(rows));
    return exitCode(rows);
  }

  /** The exit code of a run with this recap (also of merged shards'). */
  public static int exitCode(List<RecapRow> rows) {
    int code = OK;
    for (RecapRow r : rows) {
      if (r.failed() > 0) code |= HOST_FAILED;
      if (r.unreachable() > 0) code |= HOST_UNREACHABLE;
    }
    return code;
  }
}
