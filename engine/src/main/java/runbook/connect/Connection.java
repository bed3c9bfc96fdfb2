package runbook.connect;

import runbook.spi.HostException;

/**
 * A way to run commands on one host. Every command is a POSIX shell command line, run with
 * {@code /bin/sh -c} on the host; every value in it must already be quoted with
 * {@link runbook.spi.Shell#quote}. Implementations are opened once per host and reused for the
 * whole run; they must be safe to call from one thread at a time.
 */
public interface Connection extends AutoCloseable {
  /**
   * Runs {@code command} with {@code stdin} (null for none) and waits for it.
   *
   * @throws HostException unreachable when the host cannot be reached or the connection is lost
   */
  ExecResult exec(String command, byte[] stdin);

  /**
   * Starts {@code command} with its stdin and stdout as streams (see {@link StreamedCommand}), in a session
   * of its own; many may run at once.
   *
   * @throws HostException unreachable when the host cannot be reached or the connection is lost
   */
  default StreamedCommand start(String command) {
    return start(command, java.io.OutputStream.nullOutputStream());
  }

  /**
   * As {@link #start(String)}, and everything the command writes on stderr is also copied to
   * {@code stderr} as it comes, all of it (a relayed rsync's report), not only the last part kept
   * for {@link StreamedCommand#finish}. It is written from another thread.
   */
  StreamedCommand start(String command, java.io.OutputStream stderr);

  @Override
  void close();
}
