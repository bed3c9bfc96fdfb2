package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.lab.Lab;

/** Commands on a lab host as root, over a connection of their own, for tests to prepare and look. */
final class LabHosts {
  private LabHosts() {}

  /** Runs {@code command} on {@code host}, which must succeed; returns its stdout. */
  static String exec(Lab lab, String host, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
      var r = connections.forHost(h.name(), lab.connectionVars(h, "root")).exec(command, null);
      assertEquals(0, r.rc(), command + ": " + r.err());
      return r.out();
    }
  }
}
