package runbook.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.connect.StreamedCommand;
import runbook.connect.Streams;
import runbook.spi.Command;
import runbook.spi.HostException;

/**
 * Performs a pipe: one command's stdout on one host into another command's stdin on another,
 * through the controller, in blocks, counting the bytes. A receiving command that ends early ends
 * the sending one too (its output has nowhere to go); both statuses are checked.
 */
public final class PipeRunner {
  private static final int BLOCK = 256 * 1024;

  private PipeRunner() {}

  /**
   * @param progress told the bytes so far, after each block
   * @throws HostException unreachable when a connection is lost on the way
   */
  public static ActionResult run(Connection fromHost, Command from, Connection toHost, Command to, LongConsumer progress) {
    StreamedCommand receiver = toHost.start(CommandText.of(to));
    StreamedCommand sender;
    try {
      sender = fromHost.start(CommandText.of(from));
    } catch (HostException e) {
      receiver.finish();
      throw e;
    }
    // what the receiver prints (a few lines at most) is read all along, so that it can never block on a full channel
    CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> Streams.drain(receiver.stdout()));
    long bytes = 0;
    boolean receiverGone = false;
    byte[] block = new byte[BLOCK];
    try (InputStream in = sender.stdout()) {
      OutputStream out = receiver.stdin();
      try (OutputStream own = sender.stdin()) {
        feed(own, from);
      }
      try {
        feed(out, to);
      } catch (IOException e) {
        receiverGone = true;
      }
      for (int n; !receiverGone && (n = in.read(block)) >= 0; ) {
        try {
          out.write(block, 0, n);
        } catch (IOException e) {
          receiverGone = true;
          break;
        }
        bytes += n;
        progress.accept(bytes);
      }
    } catch (IOException e) {
      receiver.abort(); // its input is gone for good: no process may wait for it on the other host
      throw new HostException("the stream from the sending host broke after " + bytes + " bytes: " + e.getMessage(), true, e);
    }
    if (receiverGone) {
      sender.abort();
    }
    ExecResult received = receiver.finish();
    ExecResult sent = sender.finish();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("bytes", bytes);
    data.put("rc", received.rc());
    data.put("source_rc", sent.rc());
    data.put("stdout", new String(answer.join(), StandardCharsets.UTF_8));
    data.put("stderr", received.err());
    data.put("source_stderr", sent.err());
    if (sent.rc() != 0 && !receiverGone) {
      return ActionResult.failure("'" + from.display() + "' failed with status " + sent.rc() + ": " + Stderr.reason(sent.err()), data);
    }
    if (received.rc() != 0) {
      return ActionResult.failure("'" + to.display() + "' failed with status " + received.rc() + ": " + Stderr.reason(received.err()), data);
    }
    return ActionResult.success(data);
  }

  /** A command's own stdin, small (an option file's lines), written before anything else. */
  private static void feed(OutputStream out, Command c) throws IOException {
    if (c.stdin() != null) {
      out.write(c.stdin().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
