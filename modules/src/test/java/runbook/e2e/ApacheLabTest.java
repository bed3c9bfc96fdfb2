package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * The Apache modules and the configtest-guarded write against a real Apache on the lab's last
 * host, installed from the lab's offline cache. Every case starts from Debian's /etc/apache2 as
 * installed, and the host is left as it was found: that configuration back, Apache running or not
 * as before (other test classes use Apache on the lab's hosts too).
 */
@ExtendWith(LabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApacheLabTest {
  /** Debian's /etc/apache2 as installed, kept on the host for the cases to start from. */
  private static final String PRISTINE = "/root/.runbook-apache-test.tar";
  private static final String SITE = "/etc/apache2/sites-available/000-default.conf";

  private Connections connections;
  private Connection host;
  private String name;
  private Lab lab;
  private boolean wasRunning;
  @TempDir Path dir;

  @BeforeAll
  void installApache(Lab lab) {
    this.lab = lab;
    Lab.LabHost last = lab.hosts().get(lab.hosts().size() - 1);
    name = last.name();
    connections = new Connections(ConnectOptions.defaults());
    host = connections.forHost(name, lab.connectionVars(last, "root"));
    exec("DEBIAN_FRONTEND=noninteractive apt-get install -y -q apache2 >/dev/null");
    wasRunning = host.exec("service apache2 status >/dev/null 2>&1", null).rc() == 0;
    exec("tar -C /etc -cpf " + PRISTINE + " apache2");
    // Children to measure; a running Apache is also what a configtest must never break.
    exec("service apache2 start >/dev/null 2>&1 || service apache2 status >/dev/null");
  }

  @AfterAll
  void putTheHostBack() {
    try {
      restore();
      exec(wasRunning ? "service apache2 restart >/dev/null" : "service apache2 stop >/dev/null");
      exec("rm -f " + PRISTINE);
    } finally {
      connections.close();
    }
  }

  static Stream<LocalFourStepTest.Case> cases() {
    return Stream.of(
        new LocalFourStepTest.Case("apache2_module: proxy_http brings proxy, and an MPM swap", Map.of(), """
            - apache2_module: {name: proxy_http}
            - community.general.apache2_module: {name: mpm_prefork, state: present}
            """, 2),
        new LocalFourStepTest.Case("apache2_module: disabling a module", Map.of(), """
            - apache2_module: {name: status, state: absent}
            """, 1),
        new LocalFourStepTest.Case("apache2_site: a vhost written, then enabled, the default disabled", Map.of(), """
            - copy:
                dest: /etc/apache2/sites-available/app.conf
                content: |
                  <VirtualHost *:80>
                    ServerName app.example.com
                  </VirtualHost>
            - apache2_site: {name: app}
            - apache2_site: {name: 000-default, state: absent}
            """, 3),
        new LocalFourStepTest.Case("S2: the proxy vhost, placed under Apache's configtest", Map.of(), """
            - apache2_module: {name: rewrite}
            - apache2_module: {name: proxy_http}
            - copy:
                dest: /etc/apache2/sites-available/000-default.conf
                content: |
                  <VirtualHost *:80>
                    ServerName app.example.com
                    RewriteEngine On
                    RewriteRule (.*) http://app-new.example.com/$1 [L,P]
                  </VirtualHost>
                configtest: apache2ctl configtest
            """, 3),
        new LocalFourStepTest.Case("validate: apache2.conf checked before it is placed", Map.of(), """
            - lineinfile: {path: /etc/apache2/apache2.conf, line: ServerName localhost, validate: apache2ctl -t -f %s}
            """, 1),
        new LocalFourStepTest.Case("apache2_mpm: S1's 32 workers, after a swap to prefork", Map.of(), """
            - apache2_module: {name: mpm_prefork}
            - apache2_mpm: {ram_mb: 1024, child_rss_mb: 25}
            """, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkApplyApplyCheck(LocalFourStepTest.Case c) throws IOException {
    restore();
    LocalFourStepTest.fourSteps(c, 1, this::snapshot, lab.inventory().toString(), book(c.tasks()).toString(), "--limit", name);
  }

  /** Enabling rewrite's directives without rewrite breaks Apache: the vhost is put back and the reload never runs. */
  @Test
  void aSwapThatBreaksTheConfigIsPutBackByteForByte() throws IOException {
    restore();
    exec("printf '<VirtualHost *:80>\\n\\tDocumentRoot /var/www/html\\351\\n</VirtualHost>\\n' > " + SITE + " && chmod 0640 " + SITE);
    String before = exec("stat -c '%i %a %U %G %s %Y' " + SITE + " && sha256sum " + SITE);
    Path book = Files.writeString(dir.resolve("swap.yml"), """
        - hosts: all
          tasks:
            - copy:
                dest: %s
                content: |
                  <VirtualHost *:80>
                    RewriteEngine On
                    RewriteRule (.*) http://app-new.example.com/$1 [L,P]
                  </VirtualHost>
                configtest: apache2ctl configtest
              notify: reload apache
          handlers:
            - name: reload apache
              command: touch /root/.runbook-apache-reloaded
        """.formatted(SITE));
    Command run = Command.run("apply", lab.inventory().toString(), book.toString(), "--limit", name);
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.out().contains("'apache2ctl configtest' failed with the new " + SITE + " in place, so the previous file was put back: "
        + "AH00526: Syntax error on line 2 of /etc/apache2/sites-enabled/000-default.conf: Invalid command 'RewriteEngine'"), run.toString());
    assertEquals(before, exec("stat -c '%i %a %U %G %s %Y' " + SITE + " && sha256sum " + SITE), "the very same file, byte for byte");
    assertEquals("", exec("ls -A /etc/apache2/sites-available | grep runbook-tmp || true"), "no temp file left");
    assertEquals("absent\n", exec("[ -e /root/.runbook-apache-reloaded ] && echo present || echo absent"), "the handler was not run");
  }

  /** S1's figure lands in the active MPM's file, and only there: the swapped-out MPM keeps Debian's 150. */
  @Test
  void theWorkersGoIntoTheActiveMpmsFile() throws IOException {
    restore();
    Command run = Command.run("apply", lab.inventory().toString(), book("""
        - apache2_module: {name: mpm_prefork}
        - apache2_mpm: {ram_mb: 1024, child_rss_mb: 25}
        """).toString(), "--limit", name);
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("32\n", exec("awk '$1 == \"MaxRequestWorkers\" {print $2}' /etc/apache2/mods-available/mpm_prefork.conf"));
    assertEquals("150\n", exec("awk '$1 == \"MaxRequestWorkers\" {print $2}' /etc/apache2/mods-available/mpm_event.conf"));
  }

  /** The RSS of the running children, measured even in check mode, shown with the result. */
  @Test
  void theChildrenAreMeasuredInCheckMode() throws IOException {
    restore();
    Path book = Files.writeString(dir.resolve("measure.yml"), """
        - hosts: all
          tasks:
            - apache2_mpm: {ram_mb: 1024, rss_percentile: 90}
        """);
    Command check = Command.run("apply", "--check", "-v", lab.inventory().toString(), book.toString(), "--limit", name);
    assertEquals(0, check.exitCode(), check.toString());
    assertTrue(check.out().matches("(?s).*MaxRequestWorkers 150 -> \\d+ in /etc/apache2/mods-available/mpm_event.conf: \\(1024 MB RAM \\(given\\)"
        + " - 200 MB reserve\\) / [0-9.]+ MB per child \\(percentile 90 of \\d+ apache2 children\\) = \\d+ children x 25 threads.*"), check.toString());
  }

  private Path book(String tasks) throws IOException {
    String indented = tasks.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    return Files.writeString(dir.resolve("site.yml"), "- hosts: all\n  tasks:\n" + indented);
  }

  /** Every entry below /etc/apache2 with its type, mode, owner, mtime, inode and link target, and each file's digest. */
  private String snapshot() {
    return exec("cd /etc/apache2 && find . -printf '%p %y %m %u %g %T@ %i %l\\n' | sort && find . -type f -exec sha256sum {} + | sort");
  }

  private void restore() {
    exec("rm -rf /etc/apache2 && tar -C /etc -xpf " + PRISTINE + " && rm -f /root/.runbook-apache-reloaded");
  }

  private String exec(String command) {
    var result = host.exec(command, null);
    if (result.rc() != 0) {
      throw new AssertionError("'" + command + "' failed on " + name + ": " + result.err());
    }
    return result.out();
  }
}
