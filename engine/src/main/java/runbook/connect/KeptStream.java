package runbook.connect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import runbook.spi.HostException;

/**
 * A streamed command run by a {@link Keeper} on its kept connection, over a line of its own. The
 * keeper sends the command's stdout and stderr in blocks, each marked with what it is, then its
 * end; the run sends stdin in blocks (length first), then {@link Kept#STDIN_END}. A run that shuts
 * its side of the line without that end aborts the command. stdout is read on the caller's thread,
 * and stderr blocks met on the way are copied to the caller's stream as they come.
 */
final class KeptStream implements StreamedCommand {
  /** A block of stdin at most this long, so the keeper never holds more than one in memory. */
  private static final int BLOCK = 64 * 1024;

  private final KeptConnection.Line line;
  private final SshTarget target;
  private final OutputStream stderr;
  private final Object reading = new Object();
  /** Bytes of the current stdout block not read yet; -1 once stdout ended. */
  private int left;
  /** The command's end, once the keeper sent it. */
  private ExecResult ended;
  private HostException failed;
  private boolean stdinClosed;

  private KeptStream(KeptConnection.Line line, SshTarget target, OutputStream stderr) {
    this.line = line;
    this.target = target;
    this.stderr = stderr;
  }

  /** Asks the keeper to start {@code command}; its failure to start shows as the stream's end. */
  static StreamedCommand start(KeptConnection.Line line, SshTarget target, String command, OutputStream stderr) {
    try {
      Kept.string(line.out(), command);
      line.out().flush();
    } catch (IOException e) {
      line.close();
      throw SshConnection.lost(target, e);
    }
    return new KeptStream(line, target, stderr);
  }

  @Override
  public OutputStream stdin() {
    return stdin;
  }

  @Override
  public InputStream stdout() {
    return stdout;
  }

  private final OutputStream stdin = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      DataOutputStream out = line.out();
      synchronized (out) {
        if (stdinClosed) {
          throw new IOException("stdin is closed");
        }
        for (int at = off, n; at < off + len; at += n) {
          n = Math.min(BLOCK, off + len - at);
          out.writeInt(n);
          out.write(b, at, n);
        }
      }
    }

    @Override
    public void flush() throws IOException {
      DataOutputStream out = line.out();
      synchronized (out) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      DataOutputStream out = line.out();
      synchronized (out) {
        if (!stdinClosed) {
          stdinClosed = true;
          out.writeInt(Kept.STDIN_END);
          out.flush();
        }
      }
    }
  };

  private final InputStream stdout = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      synchronized (reading) {
        while (left == 0) {
          next();
        }
        if (left < 0) {
          return -1;
        }
        int n = line.in().read(b, off, Math.min(len, left));
        if (n < 0) {
          throw new IOException("the keeper's line ended inside a block");
        }
        left -= n;
        return n;
      }
    }
  };

  /** Reads the next mark and what goes with it: a stdout block (its length kept in {@link #left}), stderr, or the end. */
  private void next() throws IOException {
    DataInputStream in = line.in();
    byte mark = in.readByte();
    switch (mark) {
      case Kept.STDOUT -> left = in.readInt();
      case Kept.STDERR -> {
        byte[] err = LocalSockets.bytes(in);
        try {
          stderr.write(err);
        } catch (IOException e) {
          // the caller's copy is its own business; the last part still comes with the end
        }
      }
      case Kept.STDOUT_END -> left = -1;
      case Kept.RESULT -> {
        ended = new ExecResult(in.readInt(), new byte[0], LocalSockets.bytes(in));
        left = -1;
      }
      case Kept.FAILURE -> {
        boolean unreachable = in.readBoolean();
        failed = new HostException(Kept.string(in), unreachable, null);
        left = -1;
      }
      default -> throw new IOException("the keeper sent an unknown mark " + mark);
    }
  }

  @Override
  public void abort() {
    try {
      line.channel().shutdownOutput();
    } catch (IOException e) {
      // the line is gone already: the keeper aborts the command then too
    }
  }

  @Override
  public ExecResult finish() {
    try {
      try {
        stdin.close();
      } catch (IOException e) {
        // aborted, or the line is gone: the end below says which
      }
      synchronized (reading) {
        while (ended == null && failed == null) {
          if (left > 0) {
            line.in().skipNBytes(left); // stdout nobody read: it has nowhere to go
            left = 0;
          } else {
            next();
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
      return ended;
    } catch (IOException e) {
      throw SshConnection.lost(target, e);
    } finally {
      line.close();
    }
  }
}
