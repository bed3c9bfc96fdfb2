package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/** Two runs on one host: the second waits for the first, or fails under --no-wait; a dead run's lock is taken over. */
@ExtendWith(LabExtension.class)
class HostLockTest {
  private static final String HOST = "h3";
  private static final String LOCK = "/tmp/.runbook-lock";

  @TempDir Path dir;

  private static String exec(Lab lab, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(HOST)).findFirst().orElseThrow();
      Connection c = connections.forHost(h.name(), lab.connectionVars(h, "root"));
      return c.exec(command, null).out();
    }
  }

  /** Starts a run that holds the host for a few seconds, and returns once it holds the lock. */
  private CompletableFuture<Command> slowRun(Lab lab) throws Exception {
    Path slow = Fixtures.runbook(dir.resolve("slow"), """
        - copy: {content: "first\\n", dest: /srv/lock-test}
        - command: sleep 6
        """);
    CompletableFuture<Command> first = CompletableFuture.supplyAsync(
        () -> Command.run("apply", "--limit", HOST, lab.inventory().toString(), slow.toString()));
    for (int i = 0; i < 200 && exec(lab, "cat " + LOCK + "/owner 2>/dev/null").isEmpty(); i++) {
      Thread.sleep(50);
    }
    return first;
  }

  private Path quick() throws Exception {
    return Fixtures.runbook(dir.resolve("quick"), "- copy: {content: \"second\\n\", dest: /srv/lock-test}\n");
  }

  @Test
  void aSecondRunWaitsForTheFirstAndSaysForWhom(Lab lab) throws Exception {
    exec(lab, "rm -rf " + LOCK + " /srv/lock-test");
    CompletableFuture<Command> first = slowRun(lab);
    Command second = Command.run("apply", "--limit", HOST, lab.inventory().toString(), quick().toString());
    assertTrue(first.isDone(), "the second run ended only after the first");
    assertEquals(0, first.get(1, TimeUnit.SECONDS).exitCode(), first.get().toString());
    assertEquals(0, second.exitCode(), second.toString());
    assertTrue(second.out().contains("[WARNING]: waiting for h3: it is busy with a run by "), second.toString());
    assertEquals("second\n", exec(lab, "cat /srv/lock-test"), "the second run's edit is the last");
    assertEquals("", exec(lab, "ls -d " + LOCK + " 2>/dev/null"), "both runs let go of the host");
  }

  @Test
  void underNoWaitTheSecondRunFailsOnThatHostInOneSentence(Lab lab) throws Exception {
    exec(lab, "rm -rf " + LOCK + " /srv/lock-test");
    CompletableFuture<Command> first = slowRun(lab);
    Command second = Command.run("apply", "--no-wait", "--limit", HOST, lab.inventory().toString(), quick().toString());
    assertEquals(2, second.exitCode(), second.toString());
    assertTrue(second.out().contains("h3 is busy with a run by "), second.toString());
    assertTrue(second.out().contains(", and --no-wait was given"), second.toString());
    assertEquals(0, first.get(60, TimeUnit.SECONDS).exitCode());
    assertEquals("first\n", exec(lab, "cat /srv/lock-test"));
  }

  @Test
  void theLockOfARunThatDiedIsTakenOverSayingSo(Lab lab) throws Exception {
    exec(lab, "rm -rf " + LOCK + " && mkdir -m 0777 " + LOCK
        + " && printf 'deadbeef\\na run by ghost@old (process 1)\\n' > " + LOCK + "/owner && touch -d '-3 minutes' " + LOCK + "/owner");
    Command run = Command.run("apply", "--limit", HOST, lab.inventory().toString(), quick().toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("[WARNING]: took over the lock of h3 from a run by ghost@old (process 1), which stopped touching it"),
        run.toString());
    assertEquals("", exec(lab, "ls -d " + LOCK + " 2>/dev/null"));
  }
}
