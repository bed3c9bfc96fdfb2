package runbook.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import runbook.spi.Shell;

/**
 * One long-lived {@code /bin/sh} on the host that runs commands one after another, each in a
 * subshell of its own (a fork, not a new shell: cheaper) that first forgets the loop's variables,
 * with stdin from /dev/null. A session per command costs sshd a fork, the login
 * shell with its rc files, and three round trips; most of a converged run is such small questions.
 *
 * <p>The protocol, all on the session's stdin: first a marker line, random per shell and never on
 * any command line (so no {@code ps} on the host shows it); then per command the number of lines,
 * and the lines. After each command the shell writes the marker and the exit status to stdout, and
 * the marker to stderr; whatever came before them is the command's output. The loop reads with
 * {@code read -r}, which takes every byte but NUL, and a command line cannot hold NUL anyway.
 */
final class RemoteShell implements AutoCloseable {
  /** The loop, one line with no literal newline, so that any login shell passes it on intact. */
  private static final String LOOP = "nl=$(printf '\\n_'); nl=${nl%_}; IFS= read -r m || exit 0;"
      + " while IFS= read -r n; do s=; while [ \"$n\" -gt 0 ]; do IFS= read -r l || exit 0; s=\"$s$l$nl\"; n=$((n - 1)); done;"
      + " (eval \"unset m n s l nl; $s\") </dev/null; printf '%s%d\\n' \"$m\" $?; printf %s \"$m\" >&2; done";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Session session;
  private final Session.Command loop;
  private final OutputStream in;
  private final InputStream out;
  private final InputStream err;
  private final byte[] marker;
  private final ExecutorService pumps;
  private boolean spent;

  private RemoteShell(Session session, Session.Command loop, byte[] marker, ExecutorService pumps) {
    this.session = session;
    this.loop = loop;
    this.in = loop.getOutputStream();
    this.out = loop.getInputStream();
    this.err = loop.getErrorStream();
    this.marker = marker;
    this.pumps = pumps;
  }

  static RemoteShell start(SSHClient client, ExecutorService pumps) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    byte[] marker = ("\u0001runbook-" + HexFormat.of().formatHex(random) + "\u0001").getBytes(StandardCharsets.US_ASCII);
    Session session = client.startSession();
    try {
      Session.Command loop = session.exec("/bin/sh -c " + Shell.quote(LOOP));
      RemoteShell shell = new RemoteShell(session, loop, marker, pumps);
      shell.in.write(marker);
      shell.in.write('\n');
      return shell;
    } catch (IOException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * Runs one command without stdin. When the shell ends before the command does (the command
   * killed it), the result has status 255, as for a command killed by a signal, and this shell is
   * spent: {@link #alive()} says so.
   *
   * @throws IOException when the connection fails
   */
  ExecResult run(String command) throws IOException, InterruptedException {
    byte[] text = command.getBytes(StandardCharsets.UTF_8);
    int lines = 1;
    for (byte b : text) {
      if (b == '\n') {
        lines++;
      }
    }
    Future<Framed> errors = pumps.submit(() -> readToMarker(err, false));
    in.write((lines + "\n").getBytes(StandardCharsets.US_ASCII));
    in.write(text);
    in.write('\n');
    in.flush();
    Framed output = readToMarker(out, true);
    Framed errorOutput;
    try {
      errorOutput = errors.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    if (output.status() < 0 || !errorOutput.complete()) {
      spent = true;
      return new ExecResult(255, output.bytes(), errorOutput.bytes());
    }
    return new ExecResult(output.status(), output.bytes(), errorOutput.bytes());
  }

  /** False once the shell has ended; a new one is needed then. */
  boolean alive() {
    return !spent && loop.isOpen();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (IOException e) {
      // the connection is going away anyway
    }
  }

  /** The bytes before the marker and, on stdout, the status after it; -1 when the stream ended first. */
  private record Framed(byte[] bytes, int status, boolean complete) {}

  private Framed readToMarker(InputStream stream, boolean withStatus) throws IOException {
    byte[] buf = new byte[8192];
    int len = 0;
    int searchFrom = 0;
    while (true) {
      int found = indexOf(buf, len, searchFrom);
      if (found >= 0) {
        if (!withStatus) {
          return new Framed(Arrays.copyOf(buf, found), 0, true);
        }
        int newline = indexOfNewline(buf, found + marker.length, len);
        if (newline >= 0) {
          int status = Integer.parseInt(new String(buf, found + marker.length, newline - found - marker.length, StandardCharsets.US_ASCII));
          return new Framed(Arrays.copyOf(buf, found), status, true);
        }
      } else {
        searchFrom = Math.max(0, len - marker.length + 1);
      }
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = stream.read(buf, len, buf.length - len);
      if (n < 0) {
        return new Framed(Arrays.copyOf(buf, len), -1, false);
      }
      len += n;
    }
  }

  private int indexOf(byte[] buf, int len, int from) {
    outer:
    for (int i = from; i + marker.length <= len; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (buf[i + j] != marker[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int indexOfNewline(byte[] buf, int from, int len) {
    for (int i = from; i < len; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
