package runbook.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.connect.LocalConnection;
import runbook.spi.Shell;

/** Real files for the host tests: connections, and looking at the disk without going through the code under test. */
final class TestHost {
  static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private TestHost() {}

  static Connection local() {
    return new LocalConnection();
  }

  /** A connection that cannot pass permission checks: nobody when the tests run as root, else the user itself. */
  static Connection unprivileged() {
    return ROOT ? rewriting(c -> "exec setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c " + Shell.quote(c)) : local();
  }

  static Connection rewriting(UnaryOperator<String> command) {
    return wrapping((c, in) -> new LocalConnection().exec(command.apply(c), in));
  }

  interface Exec {
    ExecResult exec(String command, byte[] stdin);
  }

  static Connection wrapping(Exec exec) {
    return new Connection() {
      @Override
      public ExecResult exec(String command, byte[] stdin) {
        return exec.exec(command, stdin);
      }

      @Override
      public runbook.connect.StreamedCommand start(String command, java.io.OutputStream stderr) {
        return new LocalConnection().start(command, stderr);
      }

      @Override
      public void close() {}
    };
  }

  /** Runs a program directly, no shell in between. */
  static String run(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), () -> String.join(" ", argv) + ": " + out);
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static void chmod(Path path, String mode) {
    run("chmod", mode, path.toString());
  }

  static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  static PosixFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  static String owner(Path path) throws IOException {
    return attributes(path).owner().getName();
  }

  static String group(Path path) throws IOException {
    return attributes(path).group().getName();
  }

  /** The mode a new file gets from this process's umask. */
  static int newFileMode() {
    return 0666 & ~Integer.parseInt(run("/bin/sh", "-c", "umask").trim(), 8);
  }

  /** Names of the temp files a write leaves behind when it goes wrong; the tests want none. */
  static List<String> leftovers(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(ActionRunner.TEMP_MARK)).toList();
    }
  }
}
