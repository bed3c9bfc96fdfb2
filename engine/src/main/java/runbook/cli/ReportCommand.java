package runbook.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import runbook.report.Console;
import runbook.report.Redactor;
import runbook.report.Reports;
import runbook.run.RecapRow;
import runbook.run.Runner;

/** runbook report merge: the reports of shards as one. */
final class ReportCommand implements Runnable {
  final CommandSpec spec = Options.command("report", "Work with the reports that apply --report wrote.", this);

  ReportCommand() {
    spec.addSubcommand("merge", new CommandLine(new MergeCommand().spec));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a report command: merge");
  }

  static final class MergeCommand implements Callable<Integer> {
    final CommandSpec spec = Options.command("merge",
        "Merge the JSON reports of the shards of one run (apply --shard I/N) into one recap and report, as one run would have written them.",
        this);
    private final PositionalParamSpec shards = Options.positional(spec, "0..*", List.class, Path.class, "SHARD.json", "The shards' JSON reports.");
    private final OptionSpec reports = Options.strings(spec, "FILE", null,
        "Write the merged run to FILE: Markdown (.md), JSON (.json) or JUnit XML (.xml). Repeatable.", "--report");

    @Override
    public Integer call() {
      List<Path> inputs = Options.list(shards);
      if (inputs.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "name the shards' JSON reports to merge");
      }
      List<Path> files = ReportFiles.of(spec, Options.list(reports));
      List<RecapRow> recap;
      try {
        recap = Reports.merge(inputs, files);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      // the reports were redacted when they were written
      new Console(spec.commandLine().getOut(), Redactor.none()).recap(recap);
      return Runner.exitCode(recap);
    }
  }
}
