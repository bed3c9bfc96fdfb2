package runbook.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import runbook.model.Task;

/**
 * Where a controller file named by a task is looked for, as Ansible looks: an absolute path as is;
 * else {@code FOLDER/PATH} then {@code PATH}: in the task's role first (when it has one), then beside
 * the task's own file (an imported task file), then beside the runbook. The one lookup: validate, the undefined-variable check and the
 * run all use it, so what validate accepts is what runs.
 */
public final class ControllerPaths {
  private ControllerPaths() {}

  /** @param role the task's role directory, or null */
  public static List<Path> candidates(Path role, Path taskFile, Path runbookDir, String folder, String path) {
    Path given = Path.of(path);
    if (given.isAbsolute()) {
      return List.of(given);
    }
    Set<Path> dirs = new LinkedHashSet<>();
    if (role != null) {
      dirs.add(role.toAbsolutePath());
    }
    dirs.add(taskFile.toAbsolutePath().getParent());
    dirs.add(runbookDir.toAbsolutePath());
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      out.add(dir.resolve(folder).resolve(path).normalize());
      out.add(dir.resolve(path).normalize());
    }
    return out;
  }

  /** The candidates for a file a loaded task names. */
  public static List<Path> candidates(Task task, Path runbookDir, String folder, String path) {
    return candidates(task.role() == null ? null : task.role().path(), task.location().file(), runbookDir, folder, path);
  }

  /** The first candidate that is a regular file. */
  public static Optional<Path> find(Task task, Path runbookDir, String folder, String path) {
    return candidates(task, runbookDir, folder, path).stream().filter(Files::isRegularFile).findFirst();
  }
}
