package runbook.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import runbook.report.Reports;

/** The --report files of a command, each checked before anything runs: a report that cannot be written must not cost a run. */
final class ReportFiles {
  private ReportFiles() {}

  static List<Path> of(CommandSpec spec, List<String> names) {
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      Path file = Path.of(name);
      if (!Reports.known(file)) {
        throw new ParameterException(spec.commandLine(), "--report " + name + ": the extension names no report format (" + Reports.extensions() + ")");
      }
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw new ParameterException(spec.commandLine(), "--report " + name + ": " + dir + " is not a writable directory");
      }
      files.add(file);
    }
    return files;
  }
}
