package runbook.connect;

import java.time.Duration;

/**
 * Run-wide transport settings. Host-key checking is on unless turned off explicitly (a CLI flag
 * here, or a host's {@code ansible_host_key_checking: false}).
 */
public record ConnectOptions(boolean hostKeyChecking, Duration connectTimeout) {
  public static ConnectOptions defaults() {
    return new ConnectOptions(true, Duration.ofSeconds(10));
  }
}
