package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import runbook.spi.HostException;

/** A streamed command as a keeper runs it for a run over a line of its own, here on this machine's shell. */
@Timeout(60)
class KeptStreamTest {
  @TempDir Path dir;

  private final SshTarget target = SshTarget.of("web1", Map.of("ansible_host", "10.0.0.1"), ConnectOptions.defaults(), Path.of("/nonexistent"), null);

  /** The run's side of a line whose keeper's side runs {@link Keeper#stream} on a local connection; {@code keeper} gets the keeper's channel. */
  private KeptConnection.Line line(java.util.function.Consumer<SocketChannel> keeper) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(dir.resolve("k.sock")));
    SocketChannel run = SocketChannel.open(StandardProtocolFamily.UNIX);
    run.connect(UnixDomainSocketAddress.of(dir.resolve("k.sock")));
    SocketChannel kept = server.accept();
    server.close();
    keeper.accept(kept);
    Thread serving = new Thread(() -> {
      try (kept) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(LocalSockets.in(kept)));
        Keeper.stream(Kept.string(in), in, new DataOutputStream(new BufferedOutputStream(LocalSockets.out(kept))), new LocalConnection());
      } catch (IOException e) {
        // the run's side tells
      }
    });
    serving.setDaemon(true);
    serving.start();
    return new KeptConnection.Line(run, new DataInputStream(new BufferedInputStream(LocalSockets.in(run))),
        new DataOutputStream(new BufferedOutputStream(LocalSockets.out(run))));
  }

  @Test
  void stdinStdoutStderrAndTheStatusAllCross() throws Exception {
    byte[] data = new byte[2 << 20];
    new Random(3).nextBytes(data);
    ByteArrayOutputStream copied = new ByteArrayOutputStream();
    StreamedCommand cat = KeptStream.start(line(k -> { }), target, "cat; echo 'on stderr' >&2; exit 3", copied);
    Thread writer = new Thread(() -> {
      try (OutputStream in = cat.stdin()) {
        in.write(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    assertArrayEquals(data, cat.stdout().readAllBytes(), "stdin and stdout flow at once, whole");
    writer.join();
    ExecResult ended = cat.finish();
    assertEquals(3, ended.rc());
    assertEquals("on stderr\n", ended.err());
    assertEquals("on stderr\n", copied.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aCommandThatClosesItsStdoutStillGetsAllItsStdin() throws Exception {
    StreamedCommand late = KeptStream.start(line(k -> { }), target, "exec >&-; sleep 0.2; wc -c >&2", OutputStream.nullOutputStream());
    assertEquals(-1, late.stdout().read());
    late.stdin().write(new byte[100_000]);
    assertEquals("100000", late.finish().err().strip(), "the keeper finishes it only once the run closed stdin");
  }

  @Test
  void anAbortEndsTheCommand() throws Exception {
    StreamedCommand waiting = KeptStream.start(line(k -> { }), target, "cat", OutputStream.nullOutputStream());
    waiting.abort();
    waiting.stdout().readAllBytes();
    waiting.finish(); // ends, whatever the status of a killed cat
  }

  @Test
  void aKeeperThatGoesAwayMidStreamFailsItAsUnreachable() throws Exception {
    SocketChannel[] keeper = new SocketChannel[1];
    StreamedCommand waiting = KeptStream.start(line(k -> keeper[0] = k), target, "cat", OutputStream.nullOutputStream());
    waiting.stdin().write("x".getBytes(StandardCharsets.UTF_8));
    waiting.stdin().flush();
    assertEquals('x', waiting.stdout().read());
    keeper[0].close();
    assertThrows(IOException.class, () -> waiting.stdout().readAllBytes(), "stdout breaks");
    HostException lost = assertThrows(HostException.class, waiting::finish);
    assertTrue(lost.unreachable());
    assertTrue(lost.getMessage().startsWith("lost the SSH connection to web1"), lost.getMessage());
  }
}
