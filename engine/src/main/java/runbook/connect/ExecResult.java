package runbook.connect;

import java.nio.charset.StandardCharsets;
import runbook.spi.CommandResult;

/** Raw outcome of one remote command: bytes, since file content travels through stdout. */
public record ExecResult(int rc, byte[] stdout, byte[] stderr) {
  public String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String err() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  public CommandResult text() {
    return new CommandResult(rc, out(), err());
  }
}
