package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where kept connections live and what a run and a keeper say to each other. */
class KeptTest {
  @TempDir Path home;

  private SshTarget target(Object... kv) {
    Map<String, Object> vars = new HashMap<>(Map.of("ansible_host", "10.0.0.1", "ansible_ssh_private_key_file", "/keys/id"));
    for (int i = 0; i < kv.length; i += 2) {
      vars.put((String) kv[i], kv[i + 1]);
    }
    return SshTarget.of("web1", vars, ConnectOptions.defaults(), home, null);
  }

  static Stream<Arguments> differences() {
    return Stream.of(
        Arguments.of("another address", new Object[] {"ansible_host", "10.0.0.2"}),
        Arguments.of("another port", new Object[] {"ansible_port", 2222}),
        Arguments.of("another user", new Object[] {"ansible_user", "deploy"}),
        Arguments.of("another key", new Object[] {"ansible_ssh_private_key_file", "/keys/other"}),
        Arguments.of("other known hosts", new Object[] {"ansible_ssh_common_args", "-o UserKnownHostsFile=/elsewhere"}),
        Arguments.of("no host key checking", new Object[] {"ansible_host_key_checking", false}),
        Arguments.of("another timeout", new Object[] {"ansible_timeout", 3}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differences")
  void aTargetReachedOrCheckedDifferentlyHasAnotherSocket(String name, Object[] change) {
    Path dir = LocalSockets.directory(home).orElseThrow();
    assertEquals(Kept.socket(dir, target()), Kept.socket(dir, target()));
    assertNotEquals(Kept.socket(dir, target()), Kept.socket(dir, target(change)));
  }

  @Test
  void targetsTravelToTheKeeperWholeButNeverWithAPassword() throws IOException {
    SshTarget t = target("ansible_port", 2200, "ansible_user", "deploy");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Kept.write(new DataOutputStream(bytes), t);
    assertEquals(t, Kept.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertTrue(Kept.keepable(t));
    assertFalse(Kept.keepable(target("ansible_password", "secret")));
  }

  @Test
  void theSocketDirectoryIsPrivateOrNotUsed() throws IOException {
    Path dir = LocalSockets.directory(home).orElseThrow();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    assertTrue(LocalSockets.directory(home).isEmpty(), "a directory others may enter is not used");
  }

  @Test
  void noSocketMeansNoKeptConnection() {
    Path socket = Kept.socket(LocalSockets.directory(home).orElseThrow(), target());
    assertTrue(KeptConnection.attach(socket, target(), KeptTest::noStreams).isEmpty());
  }

  @Test
  void aSocketNobodyAnswersOnIsRemoved() throws IOException {
    Path socket = Kept.socket(LocalSockets.directory(home).orElseThrow(), target());
    ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)).close();
    assertTrue(Files.exists(socket), "closing a server leaves its socket file");
    assertTrue(KeptConnection.attach(socket, target(), KeptTest::noStreams).isEmpty());
    assertFalse(Files.exists(socket));
  }

  @Test
  void aKeeperThatDoesNotGreetInKindIsNotUsed() throws Exception {
    Path socket = Kept.socket(LocalSockets.directory(home).orElseThrow(), target());
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread other = new Thread(() -> {
        try (SocketChannel c = server.accept()) {
          DataInputStream in = new DataInputStream(Channels.newInputStream(c));
          DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
          in.readUTF();
          out.writeUTF("runbook-kept-connection-0");
          out.flush();
        } catch (IOException e) {
          // the test fails on what attach returns
        }
      });
      other.start();
      assertTrue(KeptConnection.attach(socket, target(), KeptTest::noStreams).isEmpty());
      other.join(Duration.ofSeconds(5).toMillis());
    }
  }

  /** A stand-in login for attach: these tests stream nothing. */
  static Connection noStreams() {
    throw new AssertionError("no stream in this test");
  }
}
