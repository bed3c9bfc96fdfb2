package runbook.spi;

/** What a command printed and how it ended. */
public record CommandResult(int rc, String stdout, String stderr) {
  public boolean ok() {
    return rc == 0;
  }
}
