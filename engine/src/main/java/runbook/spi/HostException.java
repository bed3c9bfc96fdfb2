package runbook.spi;

/** The host could not be read or written: the connection broke, or a remote command went wrong. */
public final class HostException extends RuntimeException {
  private final boolean unreachable;

  public HostException(String message, boolean unreachable, Throwable cause) {
    super(message, cause);
    this.unreachable = unreachable;
  }

  public HostException(String message) {
    this(message, false, null);
  }

  /** True when the host could not be reached at all (connect, authentication, lost connection). */
  public boolean unreachable() {
    return unreachable;
  }
}
