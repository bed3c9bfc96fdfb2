package runbook.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import runbook.load.Loaded;
import runbook.load.Loader;
import runbook.load.Problem;
import runbook.load.RolesPath;
import runbook.report.Redactor;
import runbook.run.ModuleRegistry;
import runbook.secret.Secrets;

/** Loads and checks everything; prints every problem. Contacts no host. */
final class Loading {
  private Loading() {}

  /** The loaded run, or empty after printing its problems to {@code err}. */
  static Optional<Loaded> load(Target target, Secrets secrets, ModuleRegistry modules, PrintWriter err) {
    Loaded loaded = loadOnly(target, secrets, modules);
    for (Problem warning : loaded.warnings()) {
      err.println("[WARNING]: " + warning.location() + ": " + warning.message());
    }
    err.flush();
    if (loaded.problems().isEmpty()) {
      return Optional.of(loaded);
    }
    Redactor redactor = new Redactor(secrets);
    for (Problem problem : loaded.problems()) {
      err.println(redactor.redact(problem.format(redactor::sourceLine)));
    }
    int n = loaded.problems().size();
    err.println(n + (n == 1 ? " problem" : " problems") + " found; nothing was run.");
    err.flush();
    return Optional.empty();
  }

  /** The loaded run, problems and all, printing nothing. */
  static Loaded loadOnly(Target target, Secrets secrets, ModuleRegistry modules) {
    return new Loader(modules::spec, modules.names(), Prewarm::templar, secrets)
        .withRolesPath(RolesPath.of(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home"))))
        .load(target.inventory(), target.runbooks(), target.extraVars());
  }
}
