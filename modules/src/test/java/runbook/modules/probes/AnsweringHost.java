package runbook.modules.probes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import runbook.modules.FakeHost;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.HostView;

/** A FakeHost whose probes, scripts too long to write out in a table, are answered by a function; it keeps what it was asked. */
final class AnsweringHost implements HostView {
  private final FakeHost files;
  private final Function<Command, CommandResult> answers;
  final List<Command> asked = new ArrayList<>();

  AnsweringHost(FakeHost files, Function<Command, CommandResult> answers) {
    this.files = files;
    this.answers = answers;
  }

  @Override
  public FileState stat(String path) {
    return files.stat(path);
  }

  @Override
  public FileState read(String path) {
    return files.read(path);
  }

  @Override
  public List<FileState> tree(String path) {
    return files.tree(path);
  }

  @Override
  public List<String> pending(String topic) {
    return files.pending(topic);
  }

  @Override
  public CommandResult probe(Command command) {
    asked.add(command);
    return answers.apply(command);
  }
}
