package runbook.connect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The private local sockets that runs share with the processes that outlive them (the keeper of
 * connections, the warm controller): where they live, how they are named, and streams over them.
 */
public final class LocalSockets {
  private static final String DIRECTORY = ".cache/runbook/cp";

  private LocalSockets() {}

  /** The private directory for sockets, made when missing; empty when it is not private to this user. */
  public static Optional<Path> directory(Path home) {
    Path dir = home.resolve(DIRECTORY);
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      // owner and mode as numbers: a name would be looked up in the user database on every run
      Map<String, Object> attributes = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      Path self = Path.of("/proc/self"); // Linux; elsewhere the owner's name is compared
      boolean mine = Files.exists(self) ? attributes.get("uid").equals(Files.getAttribute(self, "unix:uid"))
          : Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
      return mine && ((Integer) attributes.get("mode") & 0777) == 0700 ? Optional.of(dir) : Optional.empty();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The start of the command line of a process that outlives this one (a keeper, a warm
   * controller): in a session of its own, so that closing the terminal does not end it, with this
   * JVM and the options it was started with (the launcher's tuning and class-data archive), but for
   * those that make or write an archive or a class list, which belong to this run alone.
   */
  public static List<String> detachedJava() {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String option : jvmOptions()) {
      boolean archiving = option.startsWith("-Xshare:dump") || option.startsWith("-XX:DumpLoadedClassList")
          || option.startsWith("-XX:ArchiveClassesAtExit") || option.startsWith("-XX:SharedClassListFile");
      if ((option.startsWith("-XX:") || option.startsWith("-Xss") || option.startsWith("-Xm") || option.startsWith("-Xlog:"))
          && !archiving) {
        command.add(option);
      }
    }
    return command;
  }

  /**
   * The options this JVM was started with, up to its class path or jar: Linux's own record of the
   * command line, read directly, since the JDK's process API costs a run that is about to be served
   * some milliseconds to set up; elsewhere that API.
   */
  public static List<String> jvmOptions() {
    List<String> line = new ArrayList<>();
    try {
      byte[] bytes = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          line.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      line.remove(0); // the executable
    } catch (IOException | RuntimeException e) {
      line = new ArrayList<>(List.of(ProcessHandle.current().info().arguments().orElse(new String[0])));
    }
    List<String> options = new ArrayList<>();
    for (String argument : line) {
      if (argument.equals("-jar") || argument.equals("-cp") || argument.equals("-classpath") || !argument.startsWith("-")) {
        break; // the program's own arguments follow
      }
      options.add(argument);
    }
    return options;
  }

  /** Whether the socket directory holds a socket ending in {@code suffix} now (a quick look: no directory is made). */
  static boolean any(Path home, String suffix) {
    try (java.nio.file.DirectoryStream<Path> sockets = Files.newDirectoryStream(home.resolve(DIRECTORY), "*" + suffix)) {
      return sockets.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The socket in {@code dir} named by a hash of {@code identity}. The name only finds the process
   * that answers on it; that process takes a client on only when their identities are equal.
   */
  public static Path named(Path dir, byte[] identity, String suffix) {
    long hash = 0xcbf29ce484222325L; // FNV-1a: no cryptographic provider to start for a name
    for (byte b : identity) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    String hex = Long.toHexString(hash); // not String.format: a formatter starts regular expressions
    return dir.resolve("0".repeat(16 - hex.length()) + hex + suffix);
  }

  /** A block of bytes, its length first; null as length -1. */
  public static void bytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  /** A block {@link #bytes(DataOutputStream, byte[])} wrote; null for null. */
  public static byte[] bytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    return n < 0 ? null : in.readNBytes(n);
  }

  /**
   * A stream whose every write goes to {@code out} at once as one message: {@code type}, the
   * length, the bytes. Writes from other threads to {@code out} hold its lock too.
   */
  public static OutputStream messages(DataOutputStream out, byte type) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        synchronized (out) {
          out.writeByte(type);
          out.writeInt(len);
          out.write(b, off, len);
          out.flush();
        }
      }
    };
  }

  /**
   * A socket's two directions as streams that never wait on each other. Channels.newInputStream and
   * newOutputStream both hold the channel's blocking lock while they work, so a read waiting for
   * the other side would stop every write: a stream's stdin and stdout must flow at once.
   */
  public static InputStream in(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  public static OutputStream out(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    };
  }
}
