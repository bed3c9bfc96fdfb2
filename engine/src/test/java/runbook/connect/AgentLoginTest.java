package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.HostException;

/** Logging in with keys only a real ssh-agent holds: no key file is given and none is in ~/.ssh. */
@ExtendWith(LabExtension.class)
class AgentLoginTest {
  @TempDir Path dir;
  private Path home;
  private Path socket;
  private Process agent;

  @BeforeEach
  void startAgent() throws IOException, InterruptedException {
    home = Files.createDirectory(dir.resolve("home"));
    socket = dir.resolve("agent.sock");
    agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    for (int i = 0; i < 100 && !Files.exists(socket) && agent.isAlive(); i++) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(socket), "ssh-agent did not make its socket " + socket);
  }

  @AfterEach
  void stopAgent() throws InterruptedException {
    agent.destroy();
    if (!agent.waitFor(5, TimeUnit.SECONDS)) {
      agent.destroyForcibly();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"ed25519, 256", "ecdsa, 256", "rsa, 3072"})
  void logsInWithTheAgentsKey(String type, int bits, Lab lab) throws Exception {
    Lab.LabHost host = lab.hosts().get(0);
    SshKeyTypesTest.authorise(lab, host, agentKey(type, bits));
    assertEquals("deploy\n", whoami(lab, host));
  }

  @Test
  void aKeyTheHostRefusesIsPassedOver(Lab lab) throws Exception {
    Lab.LabHost host = lab.hosts().get(0);
    agentKey("rsa", 2048); // a stranger to the host, tried first (and with both SHA-2 signatures)
    SshKeyTypesTest.authorise(lab, host, agentKey("ed25519", 256));
    assertEquals(List.of("agent_rsa_2048", "agent_ed25519_256"),
        new Agent(socket, Agent.TIMEOUT).identities().stream().map(Agent.Identity::comment).toList());
    assertEquals("deploy\n", whoami(lab, host));
  }

  @Test
  void aDefaultKeyWithAPassphraseDoesNotStopTheAgent(Lab lab) throws Exception {
    Lab.LabHost host = lab.hosts().get(0);
    SshKeyTypesTest.keygen(Files.createDirectory(home.resolve(".ssh")).resolve("id_ed25519"), "ed25519", 256, "secret");
    SshKeyTypesTest.authorise(lab, host, agentKey("ecdsa", 256));
    assertEquals("deploy\n", whoami(lab, host));
  }

  @ParameterizedTest(name = "passphrase default key: {0}")
  @CsvSource({"false, ''", "true, '; the private key HOME/.ssh/id_ed25519 for h1 has a passphrase, which runbook does not ask for: add the key to ssh-agent'"})
  void aRefusalNamesTheKeysTriedAndTheOnesLeftOut(boolean passphraseKey, String leftOut, Lab lab) throws Exception {
    Lab.LabHost host = lab.hosts().get(0);
    if (passphraseKey) {
      SshKeyTypesTest.keygen(Files.createDirectory(home.resolve(".ssh")).resolve("id_ed25519"), "ed25519", 256, "secret");
    }
    agentKey("ed25519", 256);
    HostException e = assertThrows(HostException.class, () -> whoami(lab, host));
    assertTrue(e.unreachable());
    assertEquals(host.name() + " refused the login of deploy at " + host.address() + ":22 with the ssh-agent key agent_ed25519_256"
        + leftOut.replace("HOME", home.toString()), e.getMessage());
  }

  /** A fresh key in the agent, whose private half is then deleted: only the agent can sign with it. */
  private Path agentKey(String type, int bits) throws IOException, InterruptedException {
    Path key = SshKeyTypesTest.keygen(dir.resolve("agent_" + type + "_" + bits), type, bits, "");
    ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
    add.environment().put("SSH_AUTH_SOCK", socket.toString());
    Process p = add.start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
    Files.delete(key);
    return key;
  }

  private String whoami(Lab lab, Lab.LabHost host) {
    Map<String, Object> vars = new HashMap<>(lab.connectionVars(host, "deploy"));
    vars.remove("ansible_ssh_private_key_file");
    try (Connections connections = new Connections(ConnectOptions.defaults(), home, socket)) {
      return connections.forHost(host.name(), vars).exec("whoami", null).out();
    }
  }
}
