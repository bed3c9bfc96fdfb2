package runbook.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import runbook.spi.Command;
import runbook.spi.CommandResult;

/** A FakeHost whose probes, scripts too long to write out in a table, are answered by a function; it keeps what it was asked. */
public final class AnsweringHost extends FilesOf {
  private final Function<Command, CommandResult> answers;
  public final List<Command> asked = new ArrayList<>();

  public AnsweringHost(FakeHost files, Function<Command, CommandResult> answers) {
    super(files);
    this.answers = answers;
  }





  @Override
  public CommandResult probe(Command command) {
    asked.add(command);
    return answers.apply(command);
  }
}
