package runbook.connect;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A command running on a host with its stdin and stdout open as streams, for data too large to
 * hold in memory (a database dump piped from one host into another). Its stderr is kept (the last
 * part of it) for the error message.
 */
public interface StreamedCommand {
  /** What the command reads; close it to send end-of-file. */
  OutputStream stdin();

  /** What the command writes. */
  InputStream stdout();

  /**
   * Closes stdin if still open, waits for the command to end and returns its status and stderr
   * (stdout is the caller's to read, and is empty here).
   *
   * @throws runbook.spi.HostException unreachable when the connection was lost
   */
  ExecResult finish();

  /** Ends the command now (its output has nowhere to go any more); finish() then reports how it ended. */
  void abort();
}
