package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * wait_for_connection on a lab host reached through a second sshd of its own, on port 2222, which a
 * task takes away, its sessions with it, for a few seconds, as a reboot would: the wait connects
 * afresh until it is back, and the next task runs over the new connection. And a host where nothing
 * listens: the wait times out saying why.
 */
@ExtendWith(LabExtension.class)
class WaitForConnectionLabTest {
  private static final String HOST = "h3";
  private static final String PID = "/run/sshd-2222.pid";
  private static final String SSHD = "/usr/sbin/sshd -p 2222 -o PidFile=" + PID;

  @TempDir Path dir;

  @AfterEach
  void stopTheSecondSshd(Lab lab) {
    exec(lab, "[ -f " + PID + " ] && kill $(cat " + PID + "); rm -f " + PID + "; true");
  }

  @Test
  void theWaitOutlastsAnSshdThatIsGoneForAFewSeconds(Lab lab) throws IOException {
    exec(lab, SSHD);
    String before = exec(lab, "cat " + PID).strip();
    Path inventory = inventory(lab, 2222);
    Command check = Command.run("apply", "--check", "--persist", "0", inventory.toString(),
        Fixtures.runbook(dir, "- wait_for_connection: {timeout: 10}\n").toString());
    assertEquals(0, check.exitCode(), "a check run waits too, and changes nothing\n" + check);
    assertEquals(0, check.changed(), check.toString());
    Path book = Fixtures.runbook(dir, """
        - wait_for_connection: {timeout: 10}
          register: up
        - name: sshd goes away with its sessions, and comes back 4 s later
          shell: setsid sh -c 'sleep 1; p=$(cat %s); kill $(ps -o pid= --ppid $p) $p; sleep 4; %s' </dev/null >/dev/null 2>&1 &
        - wait_for_connection: {delay: 2, timeout: 60}
          register: back
        - command: cat %s
          register: after
        - debug: msg="elapsed {{ up.elapsed }} {{ back.elapsed }} pid {{ after.stdout }}"
        """.formatted(PID, SSHD, PID));
    Command run = Command.run("apply", "--persist", "0", inventory.toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    Matcher m = Pattern.compile("elapsed (\\d+) (\\d+) pid (\\d+)").matcher(run.out());
    assertTrue(m.find(), run.toString());
    assertEquals("0", m.group(1), "the host answers at once\n" + run);
    int waited = Integer.parseInt(m.group(2));
    assertTrue(waited >= 4 && waited < 30, "waited " + waited + " s for an sshd gone about 5 s\n" + run);
    assertNotEquals(before, m.group(3), "sshd was really restarted\n" + run);
  }

  @Test
  void aHostWhereNothingListensTimesOutSayingWhy(Lab lab) throws IOException {
    Path book = Fixtures.runbook(dir, """
        - wait_for_connection: {timeout: 3, sleep: 1}
        """);
    Command run = Command.run("apply", "--persist", "0", inventory(lab, 2223).toString(), book.toString());
    assertEquals(1, run.failed(), run.toString());
    assertTrue(Pattern.compile("timed out waiting for a connection after 3 s: cannot connect to back at [0-9.]+:2223: connection refused")
        .matcher(run.out()).find(), run.toString());
  }

  /** The host as "back" on {@code port}, its host key known under [address]:port, from the lab's known_hosts. */
  private Path inventory(Lab lab, int port) throws IOException {
    Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(HOST)).findFirst().orElseThrow();
    Path known = dir.resolve("known_hosts");
    Files.writeString(known, Files.readAllLines(lab.knownHosts()).stream()
        .filter(l -> l.startsWith(h.address() + " ") || l.startsWith(h.address() + ","))
        .map(l -> "[" + h.address() + "]:" + port + l.substring(l.indexOf(' ')))
        .collect(Collectors.joining("\n", "", "\n")));
    return Files.writeString(dir.resolve("inventory.yml"), """
        all:
          hosts:
            back:
              ansible_host: %s
              ansible_port: %d
              ansible_user: root
              ansible_ssh_private_key_file: %s
              ansible_ssh_common_args: '-o UserKnownHostsFile=%s'
        """.formatted(h.address(), port, lab.privateKey(), known));
  }

  private static String exec(Lab lab, String command) {
    return LabHosts.exec(lab, HOST, command);
  }
}
