package runbook.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a role and its files are, as Ansible looks: a name with a slash is a path from the runbook's
 * directory; any other name is looked for in {@code roles/} beside the runbook, then in each
 * directory of the roles path, then beside the runbook. Inside the role, {@code tasks_from: x} and
 * its kin name {@code x}, {@code x.yml}, {@code x.yaml} or {@code x.json} in the role's folder.
 */
record RoleFiles(Path runbookDir, List<Path> rolesPath) {
  private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

  RoleFiles {
    rolesPath = List.copyOf(rolesPath);
  }

  /** The directories a role of this name may be, in the order they are tried. */
  List<Path> candidates(String name) {
    List<Path> out = new ArrayList<>();
    if (name.contains("/")) {
      out.add(runbookDir.resolve(name).normalize());
      return out;
    }
    out.add(runbookDir.resolve("roles").resolve(name));
    rolesPath.forEach(dir -> out.add(runbookDir.resolve(dir).resolve(name).normalize()));
    out.add(runbookDir.resolve(name));
    return out;
  }

  Optional<Path> find(String name) {
    return candidates(name).stream().filter(Files::isDirectory).findFirst();
  }

  /** The files {@code from} may name in the role's {@code folder}. */
  static List<Path> candidates(Path role, String folder, String from) {
    return EXTENSIONS.stream().map(ext -> role.resolve(folder).resolve(from + ext)).toList();
  }

  static Optional<Path> find(Path role, String folder, String from) {
    return candidates(role, folder, from).stream().filter(Files::isRegularFile).findFirst();
  }
}
