package runbook.spi;

import java.util.List;

/**
 * The host as a module may see it while planning: read-only. Each call is one round trip at most;
 * the engine may cache answers for the duration of one task.
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
   * In a check run: the earlier simulated changes of this run that touch {@code topic} (see
   * {@link Plan.Change#touches}), in words ("the install of apache2"); a topic ending in ':'
   * matches every topic it begins ("package:"). Probes see the real host, so a module whose probe
   * may be out of date asks this and answers "depends on an earlier simulated change". Empty
   * in a real run, where every earlier change has been made.
   */
  default List<String> pending(String topic) {
    return List.of();
  }

  /** A read-only probe written as a shell script; values in it must be quoted with {@link Shell#quote}. */
  default CommandResult probe(String script) {
    return probe(Command.script(script));
  }
}
