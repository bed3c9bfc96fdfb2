package runbook.run;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Controller;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;

/** A module's view of one call. Controller-only modules get no host: asking for it is a bug. */
record Call(Args args, HostView hostView, boolean checkMode, Controller controller, Supplier<Map<String, Object>> gathered)
    implements ModuleCall {
  @Override
  public Map<String, Object> facts() {
    return gathered.get();
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
