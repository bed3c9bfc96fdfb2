package runbook.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.connect.StreamedCommand;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.HostException;
import runbook.spi.Meter;
import runbook.spi.Shell;

/**
 * Performs a {@link Action.Relay}: reads the server command the client asks for, has it admitted,
 * starts it on the other host and copies bytes both ways until both ends are done. An end that
 * stops (its connection lost) closes the other end's input, so that end sees the stream break and
 * ends too: nothing waits forever.
 */
public final class RelayRunner {
  private static final int BLOCK = 256 * 1024;
  /** A request longer than this is no rsync command line: the client is refused. */
  private static final int MAX_REQUEST = 256 * 1024;

  /** How a relay ended: the client's status and report, the server's status and stderr (-1 and "" when none ran). */
  public record Relayed(int rc, String report, int serverRc, String serverStderr, long bytes) {
    public CommandResult result() {
      return new CommandResult(rc, report, serverStderr);
    }

    /** As an action's result: the client's status fails the task unless it is one of {@code warnings}. */
    public ActionResult asAction(Action.Relay relay, String what) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("rc", rc);
      data.put("stdout", report);
      data.put("stderr", serverStderr);
      data.put("server_rc", serverRc);
      data.put("bytes", bytes);
      if (rc == 0) {
        return ActionResult.success(data);
      }
      String reason = what + " ended with status " + rc + ": " + Stderr.reason(report.isBlank() ? serverStderr : report);
      if (relay.warnings().contains(rc)) {
        data.put("warnings", List.of(reason));
        return ActionResult.success(data);
      }
      return ActionResult.failure(reason, data);
    }
  }

  private RelayRunner() {}

  /**
   * @param clientName, serverName the hosts as messages name them
   * @param meter how the client's report shows its progress, or null: then the bytes so far in
   *     both directions show it, after each block
   * @param progress told each reading
   * @throws HostException unreachable when a connection is lost on the way
   * @throws runbook.spi.ModuleFailure when the server command asked for is not admitted
   */
  public static Relayed run(
      Connection clientHost, String clientName, Command client, Connection serverHost, String serverName,
      Action.Relay.Admission admission, java.util.function.UnaryOperator<Command> environment, Meter meter,
      Consumer<Meter.Reading> progress) {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    OutputStream reportCopy = meter == null ? report : new LineMeter(meter, progress, report);
    StreamedCommand c = clientHost.start(CommandText.of(environment.apply(client)), reportCopy);
    Optional<List<String>> asked;
    try {
      asked = request(c.stdout());
    } catch (IOException garbled) {
      c.abort();
      asked = Optional.empty();
    }
    if (asked.isEmpty()) {
      ExecResult ended = c.finish();
      // a client that ends without asking did not do its work, whatever its status
      return new Relayed(ended.rc() == 0 ? 1 : ended.rc(), text(report), -1, "", 0);
    }
    Optional<Command> server = admission.admit(asked.get());
    if (server.isEmpty()) {
      c.abort();
      c.finish();
      throw new runbook.spi.ModuleFailure("the client on " + clientName + " asked to run '"
          + asked.get().stream().map(Shell::quote).collect(Collectors.joining(" ")) + "' on " + serverName + ", which this task does not allow");
    }
    StreamedCommand s;
    try {
      s = serverHost.start(CommandText.of(environment.apply(server.get())));
    } catch (HostException e) {
      c.abort();
      c.finish();
      throw e;
    }
    AtomicLong bytes = new AtomicLong();
    LongConsumer counted = n -> {
      long total = bytes.addAndGet(n);
      if (meter == null) {
        synchronized (bytes) {
          progress.accept(Meter.Reading.ofBytes(total));
        }
      }
    };
    Thread up = new Thread(() -> copy(c.stdout(), s.stdin(), counted), "runbook-relay");
    up.setDaemon(true);
    up.start();
    if (!copy(s.stdout(), c.stdin(), counted)) {
      s.abort(); // the client is gone: the server's output has nowhere to go, and it would wait on a full window
    }
    try {
      up.join();
    } catch (InterruptedException e) {
      c.abort();
      s.abort();
      Thread.currentThread().interrupt();
      throw new HostException("interrupted while relaying between " + clientName + " and " + serverName, false, e);
    }
    int serverRc;
    String serverStderr;
    try {
      ExecResult sent = s.finish();
      serverRc = sent.rc();
      serverStderr = sent.err();
    } catch (HostException lost) {
      // the client's status says how the transfer ended; the server's side says why
      serverRc = 255;
      serverStderr = lost.getMessage();
    }
    ExecResult ended = c.finish();
    return new Relayed(ended.rc(), text(report), serverRc, serverStderr, bytes.get());
  }

  /** The words the client asks for: a NUL-terminated count, then as many NUL-terminated words; empty when it ends before. */
  static Optional<List<String>> request(InputStream in) throws IOException {
    List<String> words = new ArrayList<>();
    ByteArrayOutputStream word = new ByteArrayOutputStream();
    int count = -1;
    int total = 0;
    while (count < 0 || words.size() < count) {
      int b = in.read();
      if (b < 0) {
        return Optional.empty();
      }
      if (++total > MAX_REQUEST) {
        throw new IOException("a request longer than " + MAX_REQUEST + " bytes");
      }
      if (b != 0) {
        word.write(b);
        continue;
      }
      String w = word.toString(StandardCharsets.UTF_8);
      word.reset();
      if (count >= 0) {
        words.add(w);
      } else if (w.matches("[1-9][0-9]{0,4}")) {
        count = Integer.parseInt(w);
      } else {
        throw new IOException("a request that does not start with its count of words");
      }
    }
    return Optional.of(List.copyOf(words));
  }

  /**
   * Copies until the end or a broken stream on either side, then closes the output: its reader sees
   * the end. False when the output broke (its reader is gone).
   */
  private static boolean copy(InputStream in, OutputStream out, LongConsumer counted) {
    byte[] block = new byte[BLOCK];
    try {
      for (int n; (n = read(in, block)) >= 0; ) {
        try {
          out.write(block, 0, n);
          out.flush();
        } catch (IOException e) {
          return false;
        }
        counted.accept(n);
      }
      return true;
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }

  /** A read whose stream broke (its connection lost) is the end: the status of that end says how it ended. */
  private static int read(InputStream in, byte[] block) {
    try {
      return in.read(block);
    } catch (IOException e) {
      return -1;
    }
  }

  private static String text(ByteArrayOutputStream out) {
    return runbook.spi.RawText.decode(out.toByteArray());
  }
}
