package runbook.connect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.PumpStreamHandler;
import runbook.spi.HostException;

/** {@code ansible_connection: local}: each command is a {@code /bin/sh -c} child of this process. */
public final class LocalConnection implements Connection {
  @Override
  public ExecResult exec(String command, byte[] stdin) {
    CommandLine line = new CommandLine("/bin/sh").addArgument("-c").addArgument(command, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DefaultExecutor executor = DefaultExecutor.builder().get();
    executor.setStreamHandler(
        new PumpStreamHandler(out, err, new ByteArrayInputStream(stdin == null ? new byte[0] : stdin)));
    executor.setExitValues(null);
    try {
      int rc = executor.execute(line);
      return new ExecResult(rc, out.toByteArray(), err.toByteArray());
    } catch (ExecuteException e) {
      return new ExecResult(e.getExitValue(), out.toByteArray(), err.toByteArray());
    } catch (IOException e) {
      throw new HostException("cannot run /bin/sh locally: " + e.getMessage(), true, e);
    }
  }

  @Override
  public StreamedCommand start(String command, java.io.OutputStream stderr) {
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
      java.util.concurrent.CompletableFuture<byte[]> err =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> Streams.drain(p.getErrorStream(), stderr), Streams.PUMPS);
      return new StreamedCommand() {
        @Override
        public java.io.OutputStream stdin() {
          return p.getOutputStream();
        }

        @Override
        public java.io.InputStream stdout() {
          return p.getInputStream();
        }

        @Override
        public void abort() {
          p.destroyForcibly();
        }

        @Override
        public ExecResult finish() {
          Streams.closeQuietly(p.getOutputStream());
          try {
            return new ExecResult(p.waitFor(), new byte[0], err.join());
          } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while waiting for a local command", false, e);
          }
        }
      };
    } catch (IOException e) {
      throw new HostException("cannot run /bin/sh locally: " + e.getMessage(), true, e);
    }
  }

  @Override
  public void close() {}
}
