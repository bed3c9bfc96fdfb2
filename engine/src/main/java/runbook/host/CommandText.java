package runbook.host;

import java.util.stream.Collectors;
import runbook.spi.Command;
import runbook.spi.Shell;

/**
 * A {@link Command} as the POSIX shell text the connection runs. Every value passes through
 * {@link Shell#quote}. An argument list runs through {@code exec}, so its first word is never a
 * shell keyword or an assignment and no extra shell stays around; a script runs as written. A
 * time limit is coreutils' {@code timeout}, which ends the command with status 124.
 */
final class CommandText {
  /** timeout's status for a command it stopped. */
  static final int TIMED_OUT = 124;
  /** After the limit, a command that ignores TERM gets this long before KILL. */
  private static final int KILL_AFTER_SECONDS = 5;

  private CommandText() {}

  static String of(Command c) {
    StringBuilder text = new StringBuilder();
    if (c.chdir() != null) {
      text.append("cd -- ").append(Shell.quote(c.chdir())).append(" || exit\n");
    }
    c.env().forEach((name, value) -> text.append(name).append('=').append(Shell.quote(value)).append("; export ").append(name).append('\n'));
    String limit = c.timeout() == null ? "" : "timeout -k " + KILL_AFTER_SECONDS + " " + c.timeout().toMillis() / 1000.0 + " ";
    if (c.argv() != null) {
      text.append("exec ").append(limit).append(c.argv().stream().map(Shell::quote).collect(Collectors.joining(" ")));
    } else if (c.timeout() != null) {
      text.append("exec ").append(limit).append("/bin/sh -c ").append(Shell.quote(c.script()));
    } else {
      text.append(c.script());
    }
    return text.toString();
  }
}
