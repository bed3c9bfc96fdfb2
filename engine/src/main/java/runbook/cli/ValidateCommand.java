package runbook.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import runbook.run.ModuleRegistry;

final class ValidateCommand implements Callable<Integer> {
  final CommandSpec spec = Options.command("validate", "Load and check the inventory and runbooks; contact no host.", this);
  private final Target target = new Target(spec);
  private final SecretOptions secrets = new SecretOptions(spec);

  @Override
  public Integer call() {
    var loaded = Loading.load(target, secrets.secrets(), ModuleRegistry.load(), spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return ExitCodes.INVALID;
    }
    int plays = loaded.get().runbooks().stream().mapToInt(r -> r.plays().size()).sum();
    spec.commandLine().getOut().printf(
        "ok: %d runbook(s), %d play(s), %d host(s) in the inventory%n",
        loaded.get().runbooks().size(), plays, loaded.get().inventory().hosts().size());
    return ExitCodes.OK;
  }
}
