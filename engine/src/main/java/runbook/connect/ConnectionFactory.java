package runbook.connect;

import java.util.Map;

/** Where the executor gets a host's connection: {@link Connections} in a run, a fake in tests. */
@FunctionalInterface
public interface ConnectionFactory {
  /**
   * The open connection to a host, opened on first use.
   *
   * @param vars the host's connection variables (ansible_host, ansible_port, ansible_user, ...)
   * @throws runbook.spi.HostException unreachable when it cannot be opened
   */
  Connection forHost(String hostName, Map<String, Object> vars);

  /**
   * A new connection to the host in place of the one open (closed first, if any), or of a failure
   * to open one, giving up after {@code connectTimeout}; {@link #forHost} answers with it from then
   * on. By default the open one: a factory whose connections are never lost.
   *
   * @throws runbook.spi.HostException unreachable when it cannot be opened
   */
  default Connection reconnect(String hostName, Map<String, Object> vars, java.time.Duration connectTimeout) {
    return forHost(hostName, vars);
  }
}
