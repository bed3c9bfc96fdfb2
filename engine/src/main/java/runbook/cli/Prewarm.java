package runbook.cli;

import java.util.concurrent.CompletableFuture;
import runbook.connect.Connections;
import runbook.template.Templar;

/**
 * Start-up work that does not depend on the command line, done on a spare core while picocli
 * parses and the runbooks load: Jinjava's setup and the first SSH handshake's crypto are the two
 * largest fixed costs of a short run.
 */
final class Prewarm {
  private static volatile CompletableFuture<Templar> templar;

  private Prewarm() {}

  static void start() {
    CompletableFuture<Templar> made = new CompletableFuture<>();
    templar = made;
    Thread warm = new Thread(() -> {
      boolean logins = !Connections.someKept();
      // first what the first task's SSH logins wait for, then what the run's start waits for
      if (logins) {
        Connections.prewarmKeys();
      }
      try {
        made.complete(new Templar());
      } catch (RuntimeException | Error e) {
        made.completeExceptionally(e);
        return;
      }
      // after the templar is handed over: the run may start while the crypto warms up
      if (logins) {
        Connections.prewarm();
      }
    }, "runbook-prewarm");
    warm.setDaemon(true);
    warm.start();
  }

  /** The templar made in the background when {@link #start} ran, else a new one. */
  static Templar templar() {
    CompletableFuture<Templar> started = templar;
    return started != null ? started.join() : new Templar();
  }
}
