package runbook.spi;

import java.util.List;

/**
 * The host as a module may see it while planning: read-only. Each call is one round trip at most.
 * What {@link #stat}, {@link #read}, {@link #tree} and {@link #state} answer may come from earlier
 * in the run, or from a batch asked ahead of the task, as long as the run has not changed the host
 * since; {@link #probe} asks afresh in every task.
 *
 * @throws HostException from every method when the host cannot answer
 */
public interface HostView {
  /** lstat of {@code path}, without content. */
  FileState stat(String path);

  /** lstat of {@code path} and, when it is a regular file (or a link to one), its content. */
  FileState read(String path);

  /** lstat of {@code path} and, when it is a directory, of everything below it (for recurse). */
  List<FileState> tree(String path);

  /** Runs a read-only probe: a command that looks and changes nothing (dpkg-query, apt-get -s, sysctl -n). */
  CommandResult probe(Command command);

  /**
   * A read-only probe of the host's state, which only a change to the host can change (dpkg-query,
   * an init script's status, sysctl -n): its answer may be fetched ahead, in one round trip with
   * other tasks' questions, and kept until the run changes the host. A probe whose answer moves on
   * its own (a port that opens, a log that grows, a replica catching up) is a {@link #probe}.
   */
  default CommandResult state(Command command) {
    return probe(command);
  }

  /**
   * In a check run: the earlier simulated changes of this run that touch {@code topic} (see
   * {@link Plan.Change#touches}), in words ("the install of apache2"); a topic ending in ':'
   * matches every topic it begins ("package:"). Probes see the real host, so a module whose probe
   * may be out of date asks this and answers "depends on an earlier simulated change". Empty
   * in a real run, where every earlier change has been made.
   */
  default List<String> pending(String topic) {
    return List.of();
  }

  /**
   * In a check run: what this task's probes read rests on the earlier simulated changes of
   * {@code topic} (see {@link #pending}), which the real host does not show yet (a database an
   * earlier copy would load). As for a file read below a simulated sync, the engine then takes the
   * task's change as depending on them, and its "no change" or failure as cannot be predicted.
   * Nothing in a real run.
   */
  default void readsAfter(String topic) {}

  /** A read-only probe written as a shell script; values in it must be quoted with {@link Shell#quote}. */
  default CommandResult probe(String script) {
    return probe(Command.script(script));
  }
}
