package runbook.cli;

import java.io.PrintWriter;
import java.util.Optional;
import runbook.load.Loaded;
import runbook.load.Loader;
import runbook.load.Problem;
import runbook.run.ModuleRegistry;

/** Loads and checks everything; prints every problem. Contacts no host. */
final class Loading {
  private Loading() {}

  /** The loaded run, or empty after printing its problems to {@code err}. */
  static Optional<Loaded> load(Target target, ModuleRegistry modules, PrintWriter err) {
    Loaded loaded = new Loader(modules::spec, modules.names(), Prewarm::templar).load(target.inventory(), target.runbooks(), target.extraVars());
    for (Problem warning : loaded.warnings()) {
      err.println("[WARNING]: " + warning.location() + ": " + warning.message());
    }
    err.flush();
    if (loaded.problems().isEmpty()) {
      return Optional.of(loaded);
    }
    for (Problem problem : loaded.problems()) {
      err.println(problem.format());
    }
    int n = loaded.problems().size();
    err.println(n + (n == 1 ? " problem" : " problems") + " found; nothing was run.");
    err.flush();
    return Optional.empty();
  }
}
