package runbook.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ansible's roles_path, where roles are looked for after {@code roles/} beside the runbook: the
 * environment's {@code ANSIBLE_ROLES_PATH}, else {@code roles_path} under {@code [defaults]} of
 * {@code ./ansible.cfg} (relative to that file), else Ansible's default
 * {@code ~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles}. Entries are separated by ':'.
 */
public final class RolesPath {
  private RolesPath() {}

  public static List<Path> of(Map<String, String> env, Path cwd, Path home) {
    String fromEnv = env.get("ANSIBLE_ROLES_PATH");
    if (fromEnv != null) {
      return split(fromEnv, cwd, home);
    }
    Path cfg = cwd.resolve("ansible.cfg");
    String fromCfg = Files.isRegularFile(cfg) ? setting(cfg, "defaults", "roles_path") : null;
    if (fromCfg != null) {
      return split(fromCfg, cwd, home);
    }
    return split("~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles", cwd, home);
  }

  private static List<Path> split(String path, Path base, Path home) {
    List<Path> dirs = new ArrayList<>();
    for (String entry : path.split(":")) {
      if (!entry.isBlank()) {
        String dir = entry.strip();
        dirs.add(dir.equals("~") || dir.startsWith("~/") ? home.resolve(dir.substring(Math.min(2, dir.length()))) : base.resolve(dir));
      }
    }
    return dirs;
  }

  /** One key of an INI file's section (key = value or key: value), or null; a file that cannot be read has none. */
  private static String setting(Path ini, String section, String key) {
    List<String> lines;
    try {
      lines = Files.readAllLines(ini);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    String current = "";
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("[") && line.endsWith("]")) {
        current = line.substring(1, line.length() - 1).strip();
      } else if (current.equals(section) && !line.startsWith("#") && !line.startsWith(";")) {
        int sep = line.replace(':', '=').indexOf('=');
        if (sep > 0 && line.substring(0, sep).strip().equals(key)) {
          return line.substring(sep + 1).strip();
        }
      }
    }
    return null;
  }
}
