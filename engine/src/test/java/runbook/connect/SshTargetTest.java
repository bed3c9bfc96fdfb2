package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.spi.HostException;

class SshTargetTest {
  @TempDir Path home;

  private SshTarget target(Object... kv) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      vars.put((String) kv[i], kv[i + 1]);
    }
    return SshTarget.of("web1", vars, ConnectOptions.defaults(), home, null);
  }

  @Test
  void defaultsComeFromTheNameAndTheControllerUser() {
    SshTarget t = target();
    assertEquals("web1", t.host());
    assertEquals(22, t.port());
    assertEquals(System.getProperty("user.name"), t.user());
    assertEquals(List.of(home.resolve(".ssh/known_hosts"), Path.of("/etc/ssh/ssh_known_hosts")), t.knownHostsFiles());
    assertTrue(t.hostKeyChecking());
    assertEquals(Duration.ofSeconds(10), t.connectTimeout());
    assertEquals(List.of(), t.keyFiles());
    assertEquals(List.of(), t.defaultKeyFiles());
    assertEquals(null, t.agentSocket());
  }

  @Test
  void variablesOverrideDefaults() {
    SshTarget t = target("ansible_host", "10.0.0.1", "ansible_port", 2222, "ansible_user", "deploy",
        "ansible_password", "s3cret", "ansible_ssh_private_key_file", "~/keys/id", "ansible_timeout", "3");
    assertEquals("10.0.0.1:2222", t.address());
    assertEquals("deploy", t.user());
    assertEquals("s3cret", t.password());
    assertEquals(List.of(home.resolve("keys/id")), t.keyFiles());
    assertEquals(Duration.ofSeconds(3), t.connectTimeout());
    assertFalse(t.toString().contains("s3cret"), t.toString());
  }

  @Test
  void defaultKeysAreTheOnesThatExistInPreferenceOrderUnlessAKeyIsGiven() throws IOException {
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), "");
    Files.writeString(home.resolve(".ssh/id_ed25519"), "");
    assertEquals(List.of(home.resolve(".ssh/id_ed25519"), home.resolve(".ssh/id_rsa")), target().defaultKeyFiles());
    assertEquals(List.of(), target().keyFiles());
    SshTarget given = target("ansible_ssh_private_key_file", "/keys/id");
    assertEquals(List.of(Path.of("/keys/id")), given.keyFiles());
    assertEquals(List.of(), given.defaultKeyFiles());
  }

  @Test
  void theAgentSocketIsTheOneGiven() {
    Path socket = home.resolve("agent.sock");
    assertEquals(socket, SshTarget.of("web1", Map.of(), ConnectOptions.defaults(), home, socket).agentSocket());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                                   | true",
      "ansible_host_key_checking=false                      | false",
      "ansible_host_key_checking=no                         | false",
      "ansible_host_key_checking=true                       | true",
      "ansible_ssh_common_args=-o StrictHostKeyChecking=no  | false",
      "ansible_ssh_extra_args=-oStrictHostKeyChecking=off   | false",
      "ansible_ssh_common_args=-o StrictHostKeyChecking=yes | true",
      "ansible_ssh_common_args=-o StrictHostKeyChecking=accept-new | true"})
  void hostKeyCheckingIsOnUnlessTurnedOffExplicitly(String var, boolean checking) {
    String[] kv = var.split("=", 2);
    SshTarget t = kv.length == 2 ? target(kv[0], kv[1]) : target();
    assertEquals(checking, t.hostKeyChecking());
  }

  @Test
  void theCliFlagTurnsCheckingOffForEveryHost() {
    SshTarget t = SshTarget.of("web1", Map.of(), new ConnectOptions(false, Duration.ofSeconds(1), Duration.ZERO), home, null);
    assertFalse(t.hostKeyChecking());
  }

  @ParameterizedTest
  @MethodSource("knownHostsOptions")
  void userKnownHostsFileIsHonoured(String args, List<String> files) {
    assertEquals(files.stream().map(f -> f.startsWith("~/") ? home.resolve(f.substring(2)) : Path.of(f)).toList(),
        target("ansible_ssh_common_args", args).knownHostsFiles());
  }

  static Stream<Arguments> knownHostsOptions() {
    return Stream.of(
        Arguments.of("-o UserKnownHostsFile=/lab/known_hosts", List.of("/lab/known_hosts")),
        Arguments.of("-o 'UserKnownHostsFile /a b' -o UserKnownHostsFile=/second", List.of("/a", "b")),
        Arguments.of("-C -oUserKnownHostsFile=~/kh -o ControlMaster=auto", List.of("~/kh")),
        Arguments.of("-o \"userknownhostsfile = /x\"", List.of("/x")));
  }

  @ParameterizedTest
  @CsvSource({"ansible_port,0", "ansible_port,abc", "ansible_port,70000", "ansible_timeout,-1", "ansible_host_key_checking,maybe"})
  void unusableValuesAreOneSentence(String var, String value) {
    HostException e = assertThrows(HostException.class, () -> target(var, value));
    assertTrue(e.unreachable());
    assertTrue(e.getMessage().startsWith(var + " of host web1 must be "), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"ansible_ssh_common_args|-o 'UserKnownHostsFile /a", "ansible_ssh_extra_args|-o x\\"})
  void sshArgumentsThatDoNotSplitAreOneSentence(String var, String value) {
    HostException e = assertThrows(HostException.class, () -> target(var, value));
    assertTrue(e.unreachable());
    assertEquals("ansible_ssh_common_args or ansible_ssh_extra_args of host web1: a quote is left open or a backslash ends it: '" + value + "'", e.getMessage());
  }
}
