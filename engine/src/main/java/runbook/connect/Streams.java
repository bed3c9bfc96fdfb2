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
   * sshj's channel output as a stream that fails only with IOException: once its transport has
   * broken (a host killed mid-transfer), sshj's encoder can throw an unchecked exception from a
   * write, flush or close (seen: an index out of bounds), which to a caller is a broken stream.
   */
  static java.io.OutputStream checked(java.io.OutputStream channel) {
    return new java.io.FilterOutputStream(channel) {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        guarded(() -> out.write(b, off, len));
      }

      @Override
      public void flush() throws IOException {
        guarded(out::flush);
      }

      @Override
      public void close() throws IOException {
        guarded(out::close);
      }
    };
  }

  private interface Io {
    void run() throws IOException;
  }

  private static void guarded(Io io) throws IOException {
    try {
      io.run();
    } catch (RuntimeException e) {
      throw new IOException("the SSH channel broke: " + e, e);
    }
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
