package runbook.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a controller file named by a task is looked for, as Ansible looks: an absolute path as is;
 * else {@code FOLDER/PATH} then {@code PATH}, beside the task's own file first (an imported task
 * file), then beside the runbook. The one lookup: validate, the undefined-variable check and the
 * run all use it, so what validate accepts is what runs.
 */
public final class ControllerPaths {
  private ControllerPaths() {}

  public static List<Path> candidates(Path taskFile, Path runbookDir, String folder, String path) {
    Path given = Path.of(path);
    if (given.isAbsolute()) {
      return List.of(given);
    }
    Set<Path> dirs = new LinkedHashSet<>(List.of(taskFile.toAbsolutePath().getParent(), runbookDir.toAbsolutePath()));
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      out.add(dir.resolve(folder).resolve(path).normalize());
      out.add(dir.resolve(path).normalize());
    }
    return out;
  }

  /** The first candidate that is a regular file. */
  public static Optional<Path> find(Path taskFile, Path runbookDir, String folder, String path) {
    return candidates(taskFile, runbookDir, folder, path).stream().filter(Files::isRegularFile).findFirst();
  }
}
