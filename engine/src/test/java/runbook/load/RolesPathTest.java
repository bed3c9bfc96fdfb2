package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where roles are looked for after roles/ beside the runbook, as Ansible finds its roles_path. */
class RolesPathTest {
  @TempDir Path dir;
  private final Path home = Path.of("/home/me");

  @Test
  void theEnvironmentWinsOverAnsibleCfg() throws IOException {
    Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nroles_path = cfg\n");
    assertEquals(List.of(dir.resolve("a"), Path.of("/b"), home.resolve("c")),
        RolesPath.of(Map.of("ANSIBLE_ROLES_PATH", "a:/b:~/c"), dir, home));
  }

  @Test
  void ansibleCfgInTheCurrentDirectoryUnderDefaults() throws IOException {
    Files.writeString(dir.resolve("ansible.cfg"), "[ssh_connection]\nroles_path = no\n[defaults]\n# roles_path = old\nroles_path: ./roles:../shared\n");
    assertEquals(List.of(dir.resolve("./roles"), dir.resolve("../shared")), RolesPath.of(Map.of(), dir, home));
  }

  @Test
  void elseAnsiblesDefault() {
    assertEquals(List.of(home.resolve(".ansible/roles"), Path.of("/usr/share/ansible/roles"), Path.of("/etc/ansible/roles")),
        RolesPath.of(Map.of(), dir, home));
  }
}
