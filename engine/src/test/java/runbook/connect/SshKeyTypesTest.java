package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.Shell;

/** Logging in with each key type Ansible users have: ed25519, ecdsa, rsa. */
@ExtendWith(LabExtension.class)
class SshKeyTypesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ed25519, 256", "ecdsa, 256", "ecdsa, 521", "rsa, 3072"})
  void logsInWithTheKey(String type, int bits, Lab lab) throws IOException, InterruptedException {
    Path key = keygen(dir.resolve("id_" + type + "_" + bits), type, bits, "");
    Lab.LabHost host = lab.hosts().get(0);
    authorise(lab, host, key);
    Map<String, Object> vars = new HashMap<>(lab.connectionVars(host, "deploy"));
    vars.put("ansible_ssh_private_key_file", key.toString());
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      var who = connections.forHost(host.name(), vars).exec("whoami", null);
      assertEquals("deploy\n", who.out());
    }
  }

  /** A fresh key pair at {@code key} (and {@code key.pub}). */
  static Path keygen(Path key, String type, int bits, String passphrase) throws IOException, InterruptedException {
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-b", String.valueOf(bits), "-N", passphrase, "-C", key.getFileName().toString(),
        "-f", key.toString()).redirectErrorStream(true).start();
    assertEquals(0, keygen.waitFor(), new String(keygen.getInputStream().readAllBytes()));
    return key;
  }

  /** Lets the key log in as deploy on the host. */
  static void authorise(Lab lab, Lab.LabHost host, Path key) throws IOException {
    String publicKey = Files.readString(Path.of(key + ".pub")).strip();
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Connection root = connections.forHost(host.name(), lab.connectionVars(host, "root"));
      var added = root.exec("grep -qxF " + Shell.quote(publicKey) + " /home/deploy/.ssh/authorized_keys 2>/dev/null"
          + " || { mkdir -p /home/deploy/.ssh && printf '%s\\n' " + Shell.quote(publicKey)
          + " >> /home/deploy/.ssh/authorized_keys && chown -R deploy /home/deploy/.ssh; }", null);
      assertEquals(0, added.rc(), added.err());
    }
  }
}
