package runbook.connect;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** What every {@link StreamedCommand} needs: stderr read to its end, keeping only its last part, and quiet closing. */
public final class Streams {
  /** Enough of a failing command's stderr to say why. */
  private static final int KEEP = 64 * 1024;

  /** Threads that pump a command's streams while the caller reads another; blocking, so never the common pool. */
  static final java.util.concurrent.ExecutorService PUMPS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "runbook-stream-pump");
    t.setDaemon(true);
    return t;
  });

  private Streams() {}

  /** Reads to the end, keeping the last {@value #KEEP} bytes. */
  public static byte[] drain(InputStream in) {
    return drain(in, java.io.OutputStream.nullOutputStream());
  }

  /** Reads to the end, keeping the last {@value #KEEP} bytes and copying all of them to {@code copy}. */
  static byte[] drain(InputStream in, java.io.OutputStream copy) {
    byte[] buffer = new byte[8192];
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        copy.write(buffer, 0, n);
        kept.write(buffer, 0, n);
        if (kept.size() > 2 * KEEP) {
          byte[] all = kept.toByteArray();
          kept.reset();
          kept.write(all, all.length - KEEP, KEEP);
        }
      }
    } catch (IOException e) {
      // the command or its connection ended; what came so far is what there is
    }
    byte[] all = kept.toByteArray();
    return all.length <= KEEP ? all : java.util.Arrays.copyOfRange(all, all.length - KEEP, all.length);
  }

  /**
   * Sends what is left and the end: sshj's close() alone sends only what fits the remote window.
   * A stream the caller closed already (a relay ends its ends' input itself) is left as it is; a
   * lost connection shows in the command's end.
   */
  static void flushAndClose(java.io.OutputStream out) {
    try {
      out.flush();
    } catch (IOException closedAlready) {
      // nothing more to send
    }
    closeQuietly(out);
  }

  static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed, or the other side is gone: finish() tells
    }
  }
}
