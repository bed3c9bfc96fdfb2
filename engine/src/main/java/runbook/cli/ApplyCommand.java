package runbook.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.load.Loaded;
import runbook.report.Console;
import runbook.report.Redactor;
import runbook.run.ModuleRegistry;
import runbook.run.RunOptions;
import runbook.run.Runner;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Apply runbooks to the inventory's hosts.")
final class ApplyCommand implements Callable<Integer> {
  @Mixin Target target;
  @Spec CommandSpec spec;

  @Option(names = {"-C", "--check"}, description = "Predict the changes; touch no host.")
  boolean check;

  @Option(names = {"-D", "--diff"}, description = "Show each file change as a unified diff.")
  boolean diff;

  @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "Only hosts matching this pattern.")
  String limit;

  @Option(names = {"-t", "--tags"}, split = ",", paramLabel = "TAGS", description = "Only tasks with these tags.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--skip-tags", split = ",", paramLabel = "TAGS", description = "Skip tasks with these tags.")
  List<String> skipTags = new ArrayList<>();

  @Option(names = {"-f", "--forks"}, paramLabel = "N", defaultValue = "50", description = "Hosts worked on at once (default: ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--force-handlers", description = "Run notified handlers even on hosts that failed later.")
  boolean forceHandlers;

  @Option(names = "--no-host-key-checking", description = "Accept unknown and changed SSH host keys (unsafe).")
  boolean noHostKeyChecking;

  @Option(names = "-v", description = "More output; repeat for more (-vvv shows stack traces).")
  boolean[] verbose = new boolean[0];

  @Override
  public Integer call() {
    if (forks < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--forks must be at least 1");
    }
    ModuleRegistry modules = ModuleRegistry.load();
    var loadedOrNot = Loading.load(target, modules, spec.commandLine().getErr());
    if (loadedOrNot.isEmpty()) {
      return ExitCodes.INVALID;
    }
    Loaded loaded = loadedOrNot.get();
    RunOptions options =
        new RunOptions(
            check, diff, limit, new LinkedHashSet<>(tags), new LinkedHashSet<>(skipTags), forks, forceHandlers, verbose.length);
    Console console = new Console(spec.commandLine().getOut(), redactor(loaded));
    ConnectOptions connect = ConnectOptions.defaults();
    if (noHostKeyChecking) {
      connect = new ConnectOptions(false, connect.connectTimeout());
    }
    try (Connections connections = new Connections(connect)) {
      return new Runner(modules, Prewarm.templar(), connections, options, console)
          .run(loaded.inventory(), loaded.runbooks(), loaded.extraVars());
    }
  }

  private static Redactor redactor(Loaded loaded) {
    List<Map<String, Object>> varSets = new ArrayList<>();
    loaded.inventory().hosts().forEach(h -> varSets.add(h.vars()));
    varSets.add(loaded.extraVars());
    loaded.runbooks().forEach(r -> r.plays().forEach(p -> varSets.add(p.vars())));
    return Redactor.of(varSets);
  }
}
