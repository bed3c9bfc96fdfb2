package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent client against a fake agent that answers as scripted, byte for byte. */
class AgentTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final byte[] ED_BLOB = bytes(string("ssh-ed25519"), string(new byte[32]));
  private static final byte[] RSA_BLOB = bytes(string("ssh-rsa"), string(new byte[] {1, 0, 1}), string(new byte[257]));

  @TempDir Path dir;

  static Stream<Arguments> identityReplies() {
    return Stream.of(
        Arguments.of("two keys", reply(12, uint32(2), string(ED_BLOB), string("me@laptop"), string(RSA_BLOB), string("old rsa")),
            List.of("ssh-ed25519 me@laptop", "ssh-rsa old rsa")),
        Arguments.of("no keys", reply(12, uint32(0)), List.of()),
        Arguments.of("failure", reply(5), List.of()),
        Arguments.of("another message", reply(14, string("x")), List.of()),
        Arguments.of("a key cut short", reply(12, uint32(2), string(ED_BLOB), string("only one")), List.of()),
        Arguments.of("an absurd length", uint32(1 << 30), List.of()),
        Arguments.of("closing without a word", new byte[0], List.of()),
        Arguments.of("silence", null, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityReplies")
  void identitiesAreTheAgentsKeysOrNone(String what, byte[] reply, List<String> expected) throws IOException {
    try (FakeAgent fake = new FakeAgent(dir.resolve("agent"), reply)) {
      List<Agent.Identity> keys = new Agent(fake.socket, SHORT).identities();
      assertEquals(expected, keys.stream().map(k -> k.type() + " " + k.comment()).toList());
      assertArrayEquals(new byte[] {11}, fake.requests.get(0));
      if (!keys.isEmpty()) {
        assertArrayEquals(ED_BLOB, keys.get(0).blob());
      }
    }
  }

  @Test
  void noSocketOrADeadOneMeansNoKeys() throws IOException {
    assertEquals(List.of(), new Agent(dir.resolve("absent"), SHORT).identities());
    Path dead = dir.resolve("dead");
    new FakeAgent(dead, null).close();
    assertEquals(List.of(), new Agent(dead, SHORT).identities());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ssh-ed25519, 0", "ecdsa-sha2-nistp256, 0", "rsa-sha2-512, 4", "rsa-sha2-256, 2"})
  void signRequestsCarryTheKeyTheDataAndTheFlags(String algorithm, int flags) throws IOException {
    byte[] signature = bytes(string(algorithm), string("signed".getBytes(StandardCharsets.UTF_8)));
    byte[] data = "session id and request".getBytes(StandardCharsets.UTF_8);
    byte[] blob = algorithm.startsWith("rsa") ? RSA_BLOB : ED_BLOB;
    try (FakeAgent fake = new FakeAgent(dir.resolve("agent"), reply(14, string(signature)))) {
      assertArrayEquals(signature, new Agent(fake.socket, SHORT).sign(blob, data, algorithm));
      assertArrayEquals(bytes(new byte[] {13}, string(blob), string(data), uint32(flags)), fake.requests.get(0));
    }
  }

  static Stream<Arguments> signFailures() {
    return Stream.of(
        Arguments.of("failure", reply(5), "the ssh-agent at %s refused the request"),
        Arguments.of("another message", reply(12, uint32(0)), "the ssh-agent at %s answered with message 12 instead of 14"),
        Arguments.of("closing without a word", new byte[0], "the ssh-agent at %s closed the connection without an answer"),
        Arguments.of("silence", null, "the ssh-agent at %s did not answer within 300 ms"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signFailures")
  void aSignatureRefusedIsOneSentence(String what, byte[] reply, String message) throws IOException {
    try (FakeAgent fake = new FakeAgent(dir.resolve("agent"), reply)) {
      IOException e = assertThrows(IOException.class, () -> new Agent(fake.socket, SHORT).sign(ED_BLOB, new byte[] {1}, "ssh-ed25519"));
      assertEquals(String.format(message, fake.socket), e.getMessage());
    }
  }

  @Test
  void aSignatureWithoutAnAgentSaysWhereItLooked() {
    Path absent = dir.resolve("absent");
    IOException e = assertThrows(IOException.class, () -> new Agent(absent, SHORT).sign(ED_BLOB, new byte[] {1}, "ssh-ed25519"));
    assertTrue(e.getMessage().startsWith("cannot talk to the ssh-agent at " + absent + ": "), e.getMessage());
  }

  /**
   * Answers every request with the same bytes: a framed reply, nothing at all and a close (empty),
   * or silence (null) until closed. Keeps each request's body.
   */
  private static final class FakeAgent implements AutoCloseable {
    final Path socket;
    final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    FakeAgent(Path socket, byte[] reply) throws IOException {
      this.socket = socket;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread t = new Thread(() -> serve(reply), "fake-ssh-agent");
      t.setDaemon(true);
      t.start();
    }

    private void serve(byte[] reply) {
      try {
        while (true) {
          SocketChannel client = server.accept();
          open.add(client);
          ByteBuffer length = read(client, 4);
          requests.add(read(client, length.getInt(0)).array());
          if (reply != null) {
            client.write(ByteBuffer.wrap(reply));
            client.close();
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    private static ByteBuffer read(SocketChannel client, int n) throws IOException {
      ByteBuffer in = ByteBuffer.allocate(n);
      while (in.hasRemaining() && client.read(in) >= 0) {
        // until the whole message is in
      }
      return in;
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (SocketChannel c : open) {
        c.close();
      }
    }
  }

  private static byte[] reply(int type, byte[]... body) {
    byte[] message = bytes(new byte[] {(byte) type}, bytes(body));
    return bytes(uint32(message.length), message);
  }

  private static byte[] uint32(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }

  private static byte[] string(String s) {
    return string(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] string(byte[] b) {
    return bytes(uint32(b.length), b);
  }

  private static byte[] bytes(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
