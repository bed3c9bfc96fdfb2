package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * service on a lab host's Debian init scripts, in four steps (check, apply, apply, check): Apache
 * started, stopped and disabled, reloaded by a handler; a service that dies straight after its start
 * fails with its last lines; and a check run on a fresh host, where the package is only about to be
 * installed, says the start depends on that install instead of failing.
 */
@ExtendWith(LabExtension.class)
class ServiceFourStepTest {
  /** apache2 is installed here by this class; h3 is kept without it for the fresh-host run. */
  private static final String HOST = "h1";
  private static final String FRESH = "h3";
  private static final String CONF = "/etc/apache2/conf-enabled/runbook-four-steps.conf";
  /** What a run can change of Apache: whether it runs (the status exit code), its pid, its links, the test's config. */
  private static final String APACHE = "LC_ALL=C /etc/init.d/apache2 status; echo \"status=$?\"; cat /run/apache2/apache2.pid 2>/dev/null;"
      + " ls /etc/rc2.d /etc/rc3.d | grep apache2; cat " + CONF + " 2>/dev/null; true";

  @TempDir Path dir;

  @BeforeAll
  static void installApache(Lab lab) {
    exec(lab, HOST, "DEBIAN_FRONTEND=noninteractive apt-get install -y apache2 >/dev/null");
  }

  @Test
  void startingApache(Lab lab) {
    exec(lab, HOST, "/etc/init.d/apache2 stop >/dev/null; update-rc.d apache2 enable; rm -f " + CONF);
    fourSteps(lab, "start", """
        - service: {name: apache2, state: started}
        """, 1);
    assertTrue(exec(lab, HOST, APACHE).contains("status=0"), "apache2 runs after the apply");
  }

  @Test
  void stoppingAndDisablingApache(Lab lab) {
    exec(lab, HOST, "/etc/init.d/apache2 start >/dev/null 2>&1; update-rc.d apache2 enable; rm -f " + CONF);
    fourSteps(lab, "stop", """
        - service: {name: apache2, state: stopped, enabled: false}
        """, 1);
    String after = exec(lab, HOST, APACHE);
    assertTrue(after.contains("status=3") && after.contains("K01apache2") && !after.contains("S01apache2"), after);
    exec(lab, HOST, "update-rc.d apache2 enable");
  }

  /** A config change notifies a reload: check and apply count the file and the handler, a second apply neither. */
  @Test
  void reloadingApacheFromAHandler(Lab lab) throws IOException {
    exec(lab, HOST, "/etc/init.d/apache2 start >/dev/null 2>&1; rm -f " + CONF + "; /etc/init.d/apache2 reload >/dev/null");
    String pid = exec(lab, HOST, "cat /run/apache2/apache2.pid");
    Path book = Files.writeString(Files.createDirectories(dir.resolve("book")).resolve("site.yml"), """
        - hosts: all
          tasks:
            - copy: {content: "ServerSignature Off\\n", dest: %s}
              notify: reload apache
          handlers:
            - name: reload apache
              service: {name: apache2, state: reloaded}
        """.formatted(CONF));
    LocalFourStepTest.fourSteps(new LocalFourStepTest.Case("reload", Map.of(), "", 2), 1, () -> exec(lab, HOST, APACHE),
        lab.inventory().toString(), book.toString(), "--limit", HOST);
    assertEquals(pid, exec(lab, HOST, "cat /run/apache2/apache2.pid"), "a reload keeps Apache's main process");
  }

  @Test
  void aServiceThatDiesStraightAwayFailsWithItsLastLines(Lab lab) throws IOException {
    exec(lab, HOST, """
        cat > /etc/init.d/runbook-dies <<'EOF'
        #!/bin/sh
        case "$1" in
          start) echo "Starting runbook-dies"; echo "runbook-dies: bad value on line 3 of its config, exiting" >&2 ;;
          stop) ;;
          status) echo "runbook-dies is not running"; exit 3 ;;
        esac
        EOF
        chmod 755 /etc/init.d/runbook-dies""");
    Path book = Fixtures.runbook(dir, """
        - service: {name: runbook-dies, state: started}
        """);
    Command run = Command.run("apply", lab.inventory().toString(), book.toString(), "--limit", HOST);
    assertNotEquals(0, run.exitCode(), run.toString());
    assertEquals(1, run.failed(), run.toString());
    assertTrue(run.out().contains("runbook-dies did not stay running after start: its status exited with 3"), run.toString());
    assertTrue(run.out().contains("runbook-dies is not running"), run.toString());
    assertTrue(run.out().contains("bad value on line 3 of its config"), run.toString());
    exec(lab, HOST, "rm -f /etc/init.d/runbook-dies");
  }

  /**
   * ansible#82048: install then start in one play, checked on a fresh host, fails in Ansible. Here
   * the check predicts both, the start resting on the install; the apply then makes both changes,
   * and Apache answers.
   */
  @Test
  void checkRunOnAFreshHostDependsOnTheInstall(Lab lab) throws IOException {
    exec(lab, FRESH, "if [ -e /etc/init.d/apache2 ]; then DEBIAN_FRONTEND=noninteractive apt-get purge -y apache2 apache2-bin"
        + " apache2-data apache2-utils >/dev/null; fi");
    Path book = Fixtures.runbook(dir, """
        - apt: {name: apache2, install_recommends: false}
        - service: {name: apache2, state: started}
        """);
    String before = exec(lab, FRESH, "ls /etc/init.d; dpkg -l | wc -l");
    Command check = Command.run("apply", "--check", lab.inventory().toString(), book.toString(), "--limit", FRESH);
    System.out.println("check run of install and start on a fresh host:\n" + check.out());
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(2, check.changed(), check.toString());
    assertTrue(check.out().matches("(?s).*\"msg\" : \"start apache2 \\(depends on install [^\"]*apache2 [^\"]*\\)\".*"), check.toString());
    assertEquals(before, exec(lab, FRESH, "ls /etc/init.d; dpkg -l | wc -l"), "check mode touched the host");

    Command apply = Command.run("apply", lab.inventory().toString(), book.toString(), "--limit", FRESH);
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(2, apply.changed(), "the apply makes the changes the check predicted\n" + apply);
    assertTrue(exec(lab, FRESH, "/etc/init.d/apache2 status >/dev/null; echo $?").startsWith("0"), "Apache runs");
    exec(lab, FRESH, "/etc/init.d/apache2 stop >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get purge -y apache2 apache2-bin"
        + " apache2-data apache2-utils >/dev/null");

    Path alone = Fixtures.runbook(dir, """
        - service: {name: apache2, state: started}
        """);
    Command without = Command.run("apply", "--check", lab.inventory().toString(), alone.toString(), "--limit", FRESH);
    assertEquals(1, without.failed(), without.toString());
    assertTrue(without.out().contains("no service named apache2 on this host (no /etc/init.d/apache2)"), without.toString());
  }

  private void fourSteps(Lab lab, String name, String tasks, int changes) {
    try {
      Path book = Fixtures.runbook(dir, tasks);
      LocalFourStepTest.fourSteps(new LocalFourStepTest.Case(name, Map.of(), tasks, changes), 1, () -> exec(lab, HOST, APACHE),
          lab.inventory().toString(), book.toString(), "--limit", HOST);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String exec(Lab lab, String host, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
      var r = connections.forHost(h.name(), lab.connectionVars(h, "root")).exec(command, null);
      assertEquals(0, r.rc(), command + ": " + r.err());
      return r.out();
    }
  }
}
