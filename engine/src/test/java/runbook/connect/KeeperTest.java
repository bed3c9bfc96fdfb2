package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.HostException;

/** Connections kept for the next run by a keeper process, against real lab hosts. */
@ExtendWith(LabExtension.class)
class KeeperTest {
  private static final Duration IDLE = Duration.ofSeconds(3);

  @TempDir Path home;

  private Connections run(Duration persist) {
    return new Connections(ConnectOptions.defaults().persisting(persist), home, null);
  }

  /** The process id of the shell that runs this connection's commands: the same id, the same login. */
  private static String shell(Connections connections, Lab lab, Lab.LabHost host) {
    return connections.forHost(host.name(), lab.connectionVars(host, "root")).exec("echo $$", null).out().strip();
  }

  private List<Path> sockets() throws IOException {
    Path dir = home.resolve(".cache/runbook/cp");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".sock")).toList();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited 30 s for " + what);
      Thread.sleep(100);
    }
  }

  private BooleanSupplier socketsAre(int n) {
    return () -> {
      try {
        return sockets().size() == n;
      } catch (IOException e) {
        return false;
      }
    };
  }

  @Test
  void theNextRunsUseTheConnectionsARunLeftUntilNoneComesForTheIdleTime(Lab lab) throws Exception {
    Lab.LabHost h1 = lab.hosts().get(0);
    Lab.LabHost h2 = lab.hosts().get(1);
    String first;
    try (Connections c = run(IDLE)) {
      first = shell(c, lab, h1);
      shell(c, lab, h2);
    }
    await("a socket per host", socketsAre(2));
    SshTarget target = SshTarget.of(h1.name(), lab.connectionVars(h1, "root"), ConnectOptions.defaults(), home, null);
    SshTarget other = new SshTarget(target.name(), target.host(), target.port(), target.user(), null, target.keyFiles(),
        target.agentSocket(), target.defaultKeyFiles(), target.knownHostsFiles(), target.hostKeyChecking(), Duration.ofSeconds(1));
    Path socket = Kept.socket(LocalSockets.directory(home).orElseThrow(), target);
    assertTrue(KeptConnection.attach(socket, other, KeptTest::noStreams).isEmpty(), "a keeper serves only the very target it logged in for");
    assertTrue(Files.exists(socket), "and is not taken for a dead one");
    String second;
    String third;
    try (Connections c = run(IDLE)) {
      second = shell(c, lab, h1);
      assertEquals("h2", c.forHost(h2.name(), lab.connectionVars(h2, "root")).exec("hostname", null).out().strip());
    }
    try (Connections c = run(IDLE)) {
      third = shell(c, lab, h1);
    }
    assertNotEquals(first, second, "the keeper logs in itself");
    assertEquals(second, third, "both later runs used the kept connection");
    await("the keeper to leave after " + IDLE.toSeconds() + " s unused", socketsAre(0));
    try (Connections c = run(Duration.ZERO)) {
      assertNotEquals(third, shell(c, lab, h1), "with the keeper gone, a run logs in itself");
    }
  }

  @Test
  void aKeeperWhoseConnectionDiedLeavesAndTheNextRunLogsInItself(Lab lab) throws Exception {
    Lab.LabHost h3 = lab.hosts().get(2);
    try (Connections c = run(Duration.ofSeconds(60))) {
      shell(c, lab, h3);
    }
    await("a socket", socketsAre(1));
    String kept;
    try (Connections c = run(Duration.ofSeconds(1))) {
      kept = shell(c, lab, h3);
    }
    lab.killSessions(h3.name());
    await("the keeper of a dead connection to leave long before its 60 s", socketsAre(0));
    try (Connections c = run(Duration.ofSeconds(1))) {
      assertNotEquals(kept, shell(c, lab, h3));
    }
    await("the next keeper to leave after 1 s", socketsAre(0));
  }

  @Test
  @Timeout(120)
  void aStreamedCommandRunsOverTheKeptConnectionAndFailsCleanlyWhenThatDies(Lab lab) throws Exception {
    Lab.LabHost h2 = lab.hosts().get(1);
    try (Connections c = run(Duration.ofSeconds(60))) {
      shell(c, lab, h2);
    }
    await("a socket", socketsAre(1));
    SshTarget target = SshTarget.of(h2.name(), lab.connectionVars(h2, "root"), ConnectOptions.defaults(), home, null);
    Path socket = Kept.socket(LocalSockets.directory(home).orElseThrow(), target);
    // no login of its own to fall back on: every stream below goes through the keeper
    try (Connection kept = KeptConnection.attach(socket, target, KeptTest::noStreams).orElseThrow()) {
      byte[] data = new byte[3 << 20];
      new Random(7).nextBytes(data);
      ByteArrayOutputStream copied = new ByteArrayOutputStream();
      StreamedCommand cat = kept.start("cat; echo 'on stderr' >&2; exit 3", copied);
      StreamedCommand other = kept.start("echo at once", OutputStream.nullOutputStream());
      Thread writer = new Thread(() -> {
        try (OutputStream in = cat.stdin()) {
          in.write(data);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      writer.start();
      assertEquals("at once\n", new String(other.stdout().readAllBytes(), StandardCharsets.UTF_8));
      assertEquals(0, other.finish().rc(), "two streams run at once");
      assertArrayEquals(data, cat.stdout().readAllBytes(), "3 MB of stdin come back whole on stdout");
      writer.join();
      ExecResult ended = cat.finish();
      assertEquals(3, ended.rc());
      assertEquals("on stderr\n", ended.err());
      assertEquals("on stderr\n", copied.toString(StandardCharsets.UTF_8), "stderr is copied as it comes");
      assertEquals("still\n", kept.exec("echo still", null).out(), "commands go on beside streams");

      StreamedCommand waiting = kept.start("cat", OutputStream.nullOutputStream());
      waiting.stdin().write("x\n".getBytes(StandardCharsets.UTF_8));
      waiting.stdin().flush();
      assertEquals('x', waiting.stdout().read(), "the command runs");
      lab.killSessions(h2.name());
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> readToTheEnd(waiting.stdout()), "stdout ends when the kept connection dies");
      HostException lost = assertThrows(HostException.class, waiting::finish);
      assertTrue(lost.unreachable(), lost.getMessage());
      assertTrue(lost.getMessage().startsWith("lost the SSH connection to h2"), lost.getMessage());
    }
    await("the keeper of the dead connection to leave", socketsAre(0));
  }

  private static void readToTheEnd(InputStream in) {
    try {
      in.readAllBytes();
    } catch (IOException broken) {
      // a broken stream has ended too
    }
  }
}
