package runbook.connect;

import java.time.Duration;

/**
 * Run-wide transport settings. Host-key checking is on unless turned off explicitly (a CLI flag
 * here, or a host's {@code ansible_host_key_checking: false}). {@code persist}: how long a keeper
 * process holds the run's SSH connections open for the next run once the last one let go of them
 * (Ansible's ControlPersist); zero for none.
 */
public record ConnectOptions(boolean hostKeyChecking, Duration connectTimeout, Duration persist) {
  public static ConnectOptions defaults() {
    return new ConnectOptions(true, Duration.ofSeconds(10), Duration.ZERO);
  }

  public ConnectOptions withoutHostKeyChecking() {
    return new ConnectOptions(false, connectTimeout, persist);
  }

  /** The same settings, giving up a connection attempt after {@code timeout} (-T). */
  public ConnectOptions timingOut(Duration timeout) {
    return new ConnectOptions(hostKeyChecking, timeout, persist);
  }

  public ConnectOptions persisting(Duration idle) {
    return new ConnectOptions(hostKeyChecking, connectTimeout, idle);
  }
}
