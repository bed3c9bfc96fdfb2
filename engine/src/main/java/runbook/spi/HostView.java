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

  /** Runs a read-only probe through {@code /bin/sh -c}; values in it must be quoted with {@link Shell#quote}. */
  CommandResult probe(String command);
}
