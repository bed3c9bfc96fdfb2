package runbook.run;

import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Controller;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;

/**
 * A module's view of one call. Controller-only modules get no host: asking for it is a bug.
 *
 * @param self the task's own host, whose facts are {@link #facts()}
 * @param reach the hosts the task may reach; null for the gathering of facts itself
 */
record Call(Args args, HostView hostView, boolean checkMode, Controller controller, HostState self, Reach reach)
    implements ModuleCall {
  @Override
  public Map<String, Object> facts() {
    return reach.facts(self);
  }

  @Override
  public List<String> playHosts() {
    return reach.playHostNames();
  }

  @Override
  public HostView host(String name) {
    reach.inventoryHost(name);
    return reach.view(name);
  }

  @Override
  public Map<String, Object> facts(String name) {
    return reach.facts(reach.inventoryHost(name));
  }

  @Override
  public String delegate() {
    return reach.delegate();
  }

  @Override
  public CommandResult relay(Action.Relay relay) {
    return reach.relay(relay, reading -> {}).result();
  }

  @Override
  public HostView reconnect(java.time.Duration connectTimeout) {
    return reach.reconnected(connectTimeout);
  }

  @Override
  public HostView host() {
    return hostView != null ? hostView : NO_HOST;
  }

  private static final HostView NO_HOST =
      new HostView() {
        @Override
        public FileState stat(String path) {
          throw misuse();
        }

        @Override
        public FileState read(String path) {
          throw misuse();
        }

        @Override
        public List<FileState> tree(String path) {
          throw misuse();
        }

        @Override
        public CommandResult probe(Command command) {
          throw misuse();
        }

        private IllegalStateException misuse() {
          return new IllegalStateException("a controller-only module asked for the host");
        }
      };
}
