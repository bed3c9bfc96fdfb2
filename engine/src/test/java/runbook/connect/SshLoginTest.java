package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.spi.HostException;

/** With no usable way to log in the login fails, before any connection, with one sentence saying why. */
class SshLoginTest {
  @TempDir Path home;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "nothing at all          | ''                | no way to log in to web1 (deploy@127.0.0.1:1): no private key (ansible_ssh_private_key_file or ~/.ssh/id_ed25519, id_ecdsa, id_rsa), no key in an ssh-agent (SSH_AUTH_SOCK) and no ansible_password",
      "an agent that is gone   | agent             | no way to log in to web1 (deploy@127.0.0.1:1): no private key (ansible_ssh_private_key_file or ~/.ssh/id_ed25519, id_ecdsa, id_rsa), no key in an ssh-agent (SSH_AUTH_SOCK) and no ansible_password",
      "a default key with a passphrase | passphrase | the private key HOME/.ssh/id_ed25519 for web1 has a passphrase, which runbook does not ask for: add the key to ssh-agent",
      "a key file that is not there    | missing    | cannot read the private key HOME/missing for web1",
      "a key file that is not a key    | garbage    | cannot load the private key HOME/garbage for web1: "})
  void withNothingUsableTheReasonIsOneSentence(String what, String setup, String message) throws Exception {
    Map<String, Object> vars = new HashMap<>(Map.of("ansible_host", "127.0.0.1", "ansible_port", 1, "ansible_user", "deploy"));
    switch (setup) {
      case "passphrase" -> SshKeyTypesTest.keygen(Files.createDirectory(home.resolve(".ssh")).resolve("id_ed25519"), "ed25519", 256, "secret");
      case "missing" -> vars.put("ansible_ssh_private_key_file", home.resolve("missing").toString());
      case "garbage" -> vars.put("ansible_ssh_private_key_file", Files.writeString(home.resolve("garbage"), "not a key\n").toString());
      default -> { }
    }
    Path socket = setup.equals("agent") ? home.resolve("agent.sock") : null;
    try (Connections connections = new Connections(ConnectOptions.defaults(), home, socket)) {
      HostException e = assertThrows(HostException.class, () -> connections.forHost("web1", vars));
      assertTrue(e.unreachable());
      assertTrue(e.getMessage().startsWith(message.replace("HOME", home.toString())), e.getMessage());
    }
  }
}
