package runbook.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.load.HostPatterns;
import runbook.load.Loaded;
import runbook.report.Console;
import runbook.report.ConsoleReport;
import runbook.report.ProgressLine;
import runbook.report.Redactor;
import runbook.report.Reports;
import runbook.run.Listing;
import runbook.run.ModuleRegistry;
import runbook.run.RunListener;
import runbook.run.RunOptions;
import runbook.run.Runner;
import runbook.run.Shard;
import runbook.run.Terminals;
import runbook.secret.Secrets;

final class ApplyCommand implements Callable<Integer> {
  final CommandSpec spec = Options.command("apply", "Apply runbooks to the inventory's hosts.", this);
  private final Target target = new Target(spec);
  private final SecretOptions secretOptions = new SecretOptions(spec);
  private final OptionSpec check = Options.flag(spec, "Predict the changes; touch no host.", "-C", "--check");
  private final OptionSpec diff = Options.flag(spec, "Show each file change as a unified diff.", "-D", "--diff");
  private final OptionSpec limit = Options.value(spec, String.class, "PATTERN", null, "Only hosts matching this pattern.", "-l", "--limit");
  private final OptionSpec tags = Options.strings(spec, "TAGS", ",", "Only tasks with these tags.", "-t", "--tags");
  private final OptionSpec skipTags = Options.strings(spec, "TAGS", ",", "Skip tasks with these tags.", "--skip-tags");
  private final OptionSpec forks =
      Options.value(spec, int.class, "N", "50", "Hosts worked on at once (default: ${DEFAULT-VALUE}).", "-f", "--forks");
  private final OptionSpec forceHandlers =
      Options.flag(spec, "Run notified handlers even on hosts that failed later.", "--force-handlers");
  private final OptionSpec noWait =
      Options.flag(spec, "Fail on a host that another run is working on, instead of waiting for it.", "--no-wait");
  private final OptionSpec yes =
      Options.flag(spec, "Answer every prompt (pause) at once, for runs with no one at a terminal.", "-y", "--yes");
  private final OptionSpec noLookahead = Options.flag(spec,
      "Let each task ask the host its questions when it runs, instead of many tasks' at once ahead (slower; to compare).",
      "--no-lookahead");
  private final OptionSpec noHostKeyChecking =
      Options.flag(spec, "Accept unknown and changed SSH host keys (unsafe).", "--no-host-key-checking");
  private final OptionSpec persist = Options.value(spec, int.class, "SECONDS", "${env:RUNBOOK_PERSIST:-60}",
      "Keep the SSH connections open this long after the run, for the next run (default: ${DEFAULT-VALUE}; 0: do not).",
      "--persist");
  private final OptionSpec reports = Options.strings(spec, "FILE", null,
      "Also write the run to FILE when it ends: Markdown (.md), JSON (.json) or JUnit XML (.xml). Repeatable.", "--report");
  private final OptionSpec shard = Options.value(spec, String.class, "I/N", null,
      "Work only on part I of N of the inventory: each host is in exactly one part, always the same (see runbook report merge).", "--shard");
  private final ConnectionFlags connectionFlags = new ConnectionFlags(spec);
  private final OptionSpec listHosts = Options.flag(spec, "List each play's hosts; run nothing.", "--list-hosts");
  private final OptionSpec listTasks = Options.flag(spec, "List each play's tasks that would run; run nothing.", "--list-tasks");
  private final OptionSpec listTags = Options.flag(spec, "List each play's task tags; run nothing.", "--list-tags");
  private final OptionSpec syntaxCheck =
      Options.flag(spec, "Load and check everything, as validate does; run nothing.", "--syntax-check");
  private final OptionSpec startAt = Options.value(spec, String.class, "NAME", null,
      "Start at the first task with this name (or fnmatch pattern); those before it do not run.", "--start-at-task");
  private final OptionSpec step = Options.flag(spec, "Ask before each task whether to run it.", "--step");
  private final OptionSpec verbose =
      Options.count(spec, "More output; repeat for more (-vvv shows stack traces).", "-v");

  @Override
  public Integer call() {
    if (verbosity() > 0 && WarmController.serving()) {
      spec.commandLine().getOut().println("Run by the warm controller, pid " + ProcessHandle.current().pid()
          + ", which keeps runbook loaded between runs (--persist 0: in a process of its own)");
    }
    int forks = this.forks.getValue();
    if (forks < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--forks must be at least 1");
    }
    Secrets secrets = secretOptions.secrets();
    Redactor redactor = new Redactor(secrets);
    // what goes wrong past the console (an internal error) is printed through it too
    spec.commandLine().setErr(redactor.redacting(spec.commandLine().getErr()));
    ModuleRegistry modules = ModuleRegistry.load();
    var loadedOrNot = Loading.load(target, secrets, modules, spec.commandLine().getErr());
    if (loadedOrNot.isEmpty()) {
      return ExitCodes.INVALID;
    }
    Loaded loaded = loadedOrNot.get();
    String pattern = limit.getValue();
    if (pattern != null && HostPatterns.select(loaded.inventory(), pattern).isEmpty()) {
      // as ansible-playbook refuses it: a typo in --limit must not pass for a run that had nothing to do
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit '" + pattern + "' matches no host of the inventory " + loaded.inventory().file());
    }
    if (Options.on(step) && Terminals.interactive() == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--step needs a terminal to ask on");
    }
    RunOptions options =
        new RunOptions(
            Options.on(check), Options.on(diff), pattern, new LinkedHashSet<>(Options.<String>list(tags)),
            new LinkedHashSet<>(Options.<String>list(skipTags)), forks, Options.on(forceHandlers), verbosity(), !Options.on(noWait))
            .answering(Options.on(yes)).lookingAhead(!Options.on(noLookahead))
            .sharded(shard()).starting(startAt.getValue(), Options.on(step));
    if (Options.on(syntaxCheck) || Options.on(listHosts) || Options.on(listTasks) || Options.on(listTags)) {
      return list(loaded, options);
    }
    Loaded run = new Loaded(loaded.inventory().under(connectionFlags.vars(secrets)), loaded.runbooks(), loaded.extraVars(),
        loaded.problems(), loaded.warnings());
    Console console = new Console(spec.commandLine().getOut(), redactor);
    // the progress line first: it clears itself before the console prints
    List<RunListener> listeners = new ArrayList<>(List.of(
        ProgressLine.on(spec.commandLine().getOut(), redactor, ProgressLine.terminal()), new ConsoleReport(console, options.verbosity())));
    List<Path> files = ReportFiles.of(spec, Options.list(reports));
    if (!files.isEmpty()) {
      listeners.add(Reports.writing(files, redactor, options.check(), run.inventory().hosts().stream().map(h -> h.name()).toList()));
    }
    int keep = persist.getValue();
    if (keep < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--persist must be 0 or more seconds");
    }
    ConnectOptions connect = connectionFlags.connect(ConnectOptions.defaults().persisting(Duration.ofSeconds(keep)));
    if (Options.on(noHostKeyChecking)) {
      connect = connect.withoutHostKeyChecking();
    }
    Connections connections = new Connections(connect);
    Executor afterwards = WarmController.afterwards();
    try {
      return new Runner(modules, Prewarm.templar().tracking(secrets), connections, options, RunListener.all(listeners))
          .lettingGoOn(afterwards).run(run.inventory(), run.runbooks(), run.extraVars());
    } finally {
      afterwards.execute(connections::close); // after the locks: they are let go of over these connections
    }
  }

  /** --syntax-check, --list-hosts, --list-tasks, --list-tags: what ansible-playbook prints for them; exit 0. */
  private int list(Loaded loaded, RunOptions options) {
    Listing listing = new Listing(loaded.inventory(), options);
    var out = spec.commandLine().getOut();
    for (var runbook : loaded.runbooks()) {
      out.print(Options.on(syntaxCheck) ? "\nplaybook: " + runbook.file() + "\n"
          : listing.of(runbook, Options.on(listHosts), Options.on(listTasks), Options.on(listTags)));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private Shard shard() {
    String text = shard.getValue();
    if (text == null) {
      return null;
    }
    return Shard.parse(text).orElseThrow(() -> new picocli.CommandLine.ParameterException(
        spec.commandLine(), "--shard must be I/N with 1 <= I <= N (2/5: the second of five parts), not '" + text + "'"));
  }

  /** How many times -v was given. */
  private int verbosity() {
    boolean[] given = verbose.getValue();
    return given == null ? 0 : given.length;
  }
}
