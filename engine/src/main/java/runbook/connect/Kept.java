package runbook.connect;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run and the keeper process (see {@link Keeper}) share: where a kept connection's socket
 * lives, and the bytes they exchange.
 *
 * <p>Sockets live in {@link LocalSockets#directory}, a directory only its owner may enter, as
 * OpenSSH's control sockets do. A run and a keeper greet each other with everything that decides
 * how the host is reached and checked, so a run only ever uses a connection made exactly as it
 * would make it. Targets with a password are never kept: the password would have to travel to the keeper.
 */
final class Kept {
  /** Changes whenever the exchange below does, so a run never talks to an older keeper. */
  static final String HELLO = "runbook-kept-connection-3";
  /** What a run asks for after the greeting: commands one after another, or one streamed command (see {@link KeptStream}). */
  static final byte COMMANDS = 0;
  static final byte STREAM = 1;
  /** The keeper's answers: a command's end, a failure, and a streamed command's stdout, its end, and its stderr. */
  static final byte RESULT = 0;
  static final byte FAILURE = 1;
  static final byte STDOUT = 2;
  static final byte STDOUT_END = 3;
  static final byte STDERR = 4;
  /** What a run sends a streamed command after a block of stdin (its length first); a run that closes its side aborts. */
  static final int STDIN_END = 0;

  private Kept() {}

  /** Whether this target may be kept at all. */
  static boolean keepable(SshTarget target) {
    return target.password() == null;
  }

  /** Whether any connection is kept for this user now (a quick look: no directory is made). */
  static boolean any(Path home) {
    return LocalSockets.any(home, ".sock");
  }

  /**
   * The socket for {@code target} in {@code dir}, named by a hash of its {@link #identity}. The
   * name only finds the keeper; a keeper takes a run on only when their identities are equal.
   */
  static Path socket(Path dir, SshTarget target) {
    return LocalSockets.named(dir, identity(target), ".sock");
  }

  /** Everything that decides how the host is reached and checked, as bytes. */
  static byte[] identity(SshTarget target) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      write(new DataOutputStream(bytes), target);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static void write(DataOutputStream out, SshTarget t) throws IOException {
    out.writeUTF(t.name());
    out.writeUTF(t.host());
    out.writeInt(t.port());
    out.writeUTF(t.user());
    paths(out, t.keyFiles());
    out.writeUTF(t.agentSocket() == null ? "" : t.agentSocket().toString());
    paths(out, t.defaultKeyFiles());
    paths(out, t.knownHostsFiles());
    out.writeBoolean(t.hostKeyChecking());
    out.writeLong(t.connectTimeout().toMillis());
  }

  static SshTarget read(DataInputStream in) throws IOException {
    String name = in.readUTF();
    String host = in.readUTF();
    int port = in.readInt();
    String user = in.readUTF();
    List<Path> keys = paths(in);
    String agent = in.readUTF();
    List<Path> defaultKeys = paths(in);
    List<Path> knownHosts = paths(in);
    boolean checking = in.readBoolean();
    Duration timeout = Duration.ofMillis(in.readLong());
    return new SshTarget(name, host, port, user, null, keys, agent.isEmpty() ? null : Path.of(agent), defaultKeys, knownHosts,
        checking, timeout);
  }

  static void string(DataOutputStream out, String s) throws IOException {
    LocalSockets.bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  static String string(DataInputStream in) throws IOException {
    return new String(LocalSockets.bytes(in), StandardCharsets.UTF_8);
  }

  private static void paths(DataOutputStream out, List<Path> paths) throws IOException {
    out.writeInt(paths.size());
    for (Path p : paths) {
      out.writeUTF(p.toString());
    }
  }

  private static List<Path> paths(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<Path> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      paths.add(Path.of(in.readUTF()));
    }
    return List.copyOf(paths);
  }
}
