package runbook.host;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.HostException;
import runbook.spi.HostView;
import runbook.spi.Shell;

/**
 * {@link HostView} over a {@link Connection}: one exec per question. Questions about the host's state
 * are answered from the host's {@link Answers}, which hold until the run changes the host (and may
 * have been fetched in advance, many in one round trip); other probes are asked once per task. Used
 * by one thread at a time, like the connection under it.
 */
public final class ShellHostView implements HostView {
  /** find's reasons for a path that is not there; anything else (Permission denied...) is an error. */
  private static final Set<String> ABSENT = Set.of("No such file or directory", "Not a directory");

  static final byte CONTENT_MARK = 'c';

  private final Connection connection;
  private final Answers answers;
  /** The task's environment keyword: its probes run with it, as Ansible runs a module with it. */
  private final Map<String, String> environment;
  private final Map<Command, CommandResult> probes = new HashMap<>();

  public ShellHostView(Connection connection, Answers answers, Map<String, String> environment) {
    this.connection = connection;
    this.answers = answers;
    this.environment = Map.copyOf(environment);
  }

  /** After the task's own actions: what the host answered before is out of date. */
  public void invalidate() {
    answers.forget();
    probes.clear();
  }

  @Override
  public FileState stat(String path) {
    ExecResult read = answers.known(readCommand(path));
    if (read != null) {
      return withoutContent(readAnswer(path, read));
    }
    return answer(path, answers.ask(StatRecords.find(path, false), connection, new Batch.FileQuestion(path, false)), "stat").get(0);
  }

  @Override
  public FileState read(String path) {
    return readAnswer(path, answers.ask(readCommand(path), connection, new Batch.FileQuestion(path, true)));
  }

  @Override
  public List<FileState> tree(String path) {
    return answer(path, answers.ask(StatRecords.find(path, true), connection), "list");
  }

  /**
   * A probe's answer may move on its own (a port that opens, a file a daemon writes), so the host
   * may have moved since its other answers were given: they are forgotten.
   */
  @Override
  public CommandResult probe(Command command) {
    return probes.computeIfAbsent(command.underEnv(environment), c -> {
      Answers.throwIfLookingAhead(null);
      byte[] stdin = c.stdin() == null ? null : c.stdin().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      CommandResult result = connection.exec(CommandText.of(c), stdin).text();
      answers.forget();
      return result;
    });
  }

  /** A command with stdin cannot go in a batch, whose commands read nothing: it is asked as a probe. */
  @Override
  public CommandResult state(Command command) {
    if (command.stdin() != null) {
      return probe(command);
    }
    return answers.ask(CommandText.of(command.underEnv(environment)), connection).text();
  }

  private static FileState readAnswer(String path, ExecResult r) {
    StatRecords.Parsed parsed = StatRecords.parse(path, r.stdout(), 1);
    if (parsed.states().isEmpty()) {
      return answer(path, r, "stat").get(0);
    }
    if (r.rc() != 0) {
      throw failure("read", path, r);
    }
    FileState s = parsed.states().get(0);
    byte[] out = r.stdout();
    boolean hasContent = parsed.end() < out.length && out[parsed.end()] == CONTENT_MARK;
    byte[] content = hasContent ? Arrays.copyOfRange(out, parsed.end() + 1, out.length) : null;
    return new FileState(s.path(), s.type(), s.mode(), s.owner(), s.group(), s.size(), s.linkTarget(), content);
  }

  /**
   * The stat record, then the content when {@code [ -f ]} (which follows links) says it is a regular
   * file: a FIFO or a device is never opened, so a read cannot hang. A mark byte before the content
   * tells "empty file" from "no content" (a link to a directory).
   */
  static String readCommand(String path) {
    String q = Shell.quote(StatRecords.startingPoint(path));
    return StatRecords.find(path, false) + " || exit; if [ -f " + q + " ]; then printf " + (char) CONTENT_MARK
        + "; exec cat -- " + q + "; fi";
  }

  /** The records of a find run, absent when find says the path is not there, else an error. */
  private static List<FileState> answer(String path, ExecResult r, String verb) {
    List<FileState> states = StatRecords.parse(path, r.stdout(), Integer.MAX_VALUE).states();
    if (r.rc() == 0 && !states.isEmpty()) {
      return states;
    }
    if (states.isEmpty() && ABSENT.contains(Stderr.reason(r.err()))) {
      return List.of(FileState.absent(path));
    }
    throw failure(verb, path, r);
  }

  private static HostException failure(String verb, String path, ExecResult r) {
    String reason = Stderr.reason(r.err());
    return new HostException("cannot " + verb + " " + path + ": " + (reason.isEmpty() ? "the command ended with status " + r.rc() : reason));
  }

  private static FileState withoutContent(FileState s) {
    return new FileState(s.path(), s.type(), s.mode(), s.owner(), s.group(), s.size(), s.linkTarget(), null);
  }
}
