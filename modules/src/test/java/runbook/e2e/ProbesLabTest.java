package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * The probes, the kernel settings and Varnish on a real lab host (the last one): Apache from the
 * lab's offline cache with a vhost of ours on port 8081 (a Redirect and a JSON file), listeners
 * started late, sysctl on the host's own network namespace, the clock source on files this test
 * made, Varnish managed through /etc/default/varnish. Everything installed or changed is put back.
 */
@ExtendWith(LabExtension.class)
class ProbesLabTest {
  private static final String ROOT = "/srv/probes-test";
  private static final String VHOST = """
      Listen 8081
      <VirtualHost *:8081>
        DocumentRoot /srv/probes-test/www
        <Directory /srv/probes-test/www>
          Require all granted
        </Directory>
        Redirect 302 /old http://app-new.example.test/new
        AddType application/json .json
      </VirtualHost>
      """;

  private static Connections connections;
  private static Connection host;
  private static Lab.LabHost labHost;
  private static String installedHere = "";
  private static String forwarding;
  private static String inventory;

  @TempDir Path dir;

  @BeforeAll
  static void apacheWithOurVhost(Lab lab) {
    labHost = lab.hosts().get(lab.hosts().size() - 1);
    inventory = lab.inventory().toString();
    connections = new Connections(ConnectOptions.defaults());
    host = connect(lab);
    for (String pkg : new String[] {"apache2", "varnish"}) {
      if (!exec("dpkg-query -W -f='${db:Status-Abbrev}' " + pkg + " 2>/dev/null || true").startsWith("ii")) {
        installedHere += " " + pkg;
      }
    }
    exec("DEBIAN_FRONTEND=noninteractive apt-get install -y -q apache2 varnish >/dev/null");
    exec("rm -rf " + ROOT + " && mkdir -p " + ROOT + "/www && printf '{\"name\": \"probes\"}\\n' > " + ROOT + "/www/data.json"
        + " && printf 'hello from apache\\n' > " + ROOT + "/www/index.html");
    write("/etc/apache2/sites-available/runbook-probes.conf", VHOST);
    exec("a2ensite -q runbook-probes >/dev/null && mkdir -p /run/lock && (service apache2 restart >/dev/null 2>&1 || service apache2 start >/dev/null)");
    forwarding = exec("sysctl -n net.ipv4.ip_forward").strip();
  }

  @AfterAll
  static void putBack() {
    if (host == null) {
      return;
    }
    try {
      exec("service varnish stop >/dev/null 2>&1; a2dissite -q runbook-probes >/dev/null; rm -f /etc/apache2/sites-available/runbook-probes.conf"
          + " /usr/local/bin/chronyc /etc/sysctl.d/90-runbook-probes.conf; rm -rf " + ROOT
          + "; sysctl -q -w net.ipv4.ip_forward=" + forwarding
          + "; service apache2 reload >/dev/null 2>&1 || true");
      if (!installedHere.isBlank()) {
        exec("service apache2 stop >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get purge -y -q" + installedHere + " >/dev/null 2>&1 || true");
      }
    } finally {
      connections.close();
    }
  }

  @Test
  void uriRegistersARedirectsStatusAndLocationEvenInCheckMode(Lab lab) throws IOException {
    var run = Fixtures.runbook(dir, """
        - uri: {url: "http://127.0.0.1:8081/old", follow_redirects: none, status_code: [302]}
          register: r
        - assert:
            that: ["r.status == 302", "r.location == 'http://app-new.example.test/new'", "not r.redirected"]
        - uri: {url: "http://127.0.0.1:8081/data.json", return_content: true}
          register: j
        - assert:
            that: ["j.status == 200", "j.json.name == 'probes'", "j.content_type == 'application/json'"]
        - uri: {url: "http://127.0.0.1:8081/missing"}
          register: gone
          ignore_errors: true
        - assert:
            that: ["gone.failed", "gone.status == 404"]
        """);
    fourStepsUnchanged(run);
  }

  @Test
  void uriFromTheControllerWithDelegateTo(Lab lab) throws IOException {
    var run = Fixtures.runbook(dir, """
        - uri: {url: "http://%s:8081/data.json", return_content: true, method: HEAD}
          delegate_to: localhost
          register: r
        - assert:
            that: ["r.status == 200", "r.content == ''", "r.content_length == '19'"]
        - uri: {url: "http://%s:8081/old", return_content: true}
          delegate_to: localhost
          register: followed
          ignore_errors: true
        - assert:
            that: ["followed.failed", "followed.status == -1"]
        """.formatted(labHost.address(), labHost.address()));
    fourStepsUnchanged(run);
  }

  @Test
  void waitForAPortThatOpensLate(Lab lab) throws IOException {
    String listener = exec("cd " + ROOT + "/www && (sleep 6; exec python3 -m http.server 8090 --bind 127.0.0.1) >/dev/null 2>&1 </dev/null & echo $!").strip();
    try {
      Path book = Fixtures.runbook(dir, """
          - wait_for: {port: 8090, timeout: 30}
            register: w
          - assert:
              that: ["w.elapsed >= 1", "w.state == 'started'"]
          - wait_for: {port: 8099, state: stopped, timeout: 5}
          - wait_for: {port: 8091, timeout: 2, msg: "nothing on 8091"}
            register: never
            ignore_errors: true
          - assert:
              that: ["never.msg == 'nothing on 8091'"]
          """);
      Command apply = Command.run("apply", "-l", labHost.name(), lab.inventory().toString(), book.toString());
      assertEquals(0, apply.exitCode(), apply.toString());
    } finally {
      exec("kill " + listener + " 2>/dev/null || true");
    }
  }

  @Test
  void waitForFilesRegexDrainAndQuiet(Lab lab) throws IOException {
    exec("printf 'booting\\nstarted on 8080\\n' > " + ROOT + "/app.log && touch -d '2 hours ago' " + ROOT + "/app.log");
    var run = Fixtures.runbook(dir, """
        - wait_for: {path: "%1$s/app.log", search_regex: 'started on (?P<port>\\d+)'}
          register: m
        - assert:
            that: ["m.match_groupdict.port == '8080'", "m.match_groups == ['8080']"]
        - wait_for: {path: "%1$s/app.log", quiet_for: 3600}
        - wait_for: {path: "%1$s/gone.pid", state: absent, timeout: 2}
        - wait_for: {host: 0.0.0.0, port: 8092, state: drained, timeout: 10}
        """.formatted(ROOT));
    fourStepsUnchanged(run);
    // A log written to every second for 8 s, then quiet: the wait ends 3 s after the last line.
    exec("(for i in 1 2 3 4 5 6 7 8; do echo hit >> " + ROOT + "/busy.log; sleep 1; done) >/dev/null 2>&1 </dev/null &");
    Path book = Fixtures.runbook(dir, """
        - wait_for: {path: "%1$s/busy.log", quiet_for: 3, timeout: 30}
          register: q
        - assert:
            that: ["q.elapsed >= 4"]
        """.formatted(ROOT));
    Command quiet = Command.run("apply", "-l", labHost.name(), lab.inventory().toString(), book.toString());
    assertEquals(0, quiet.exitCode(), quiet.toString());
  }

  @Test
  void sysctlOnTheHostsOwnNamespaceKeepsTheRestOfTheFile(Lab lab) throws IOException {
    String file = "/etc/sysctl.d/90-runbook-probes.conf";
    exec("sysctl -q -w net.ipv4.ip_forward=0");
    String rpFilter = exec("sysctl -n net.ipv4.conf.all.rp_filter");
    // the file's other key differs from the host's value: applying the whole file would show
    String kept = "# ours\n  net.ipv4.conf.all.rp_filter = " + (rpFilter.strip().equals("0") ? "2" : "0")
        + "   # not applied by us\n\nnet.ipv4.ip_forward = 0\n";
    write(file, kept);
    Path book = Fixtures.runbook(dir, """
        - sysctl: {name: net.ipv4.ip_forward, value: "1", sysctl_file: %s, reload: true}
        """.formatted(file));
    var c = new LocalFourStepTest.Case("sysctl", Map.of(), "", 1);
    LocalFourStepTest.fourSteps(c, 1, () -> exec("cat " + file + "; sysctl -n net.ipv4.ip_forward"), "-l", labHost.name(),
        lab.inventory().toString(), book.toString());
    assertEquals(kept.replace("ip_forward = 0", "ip_forward = 1") + "1\n", exec("cat " + file + "; sysctl -n net.ipv4.ip_forward"));
    assertEquals(rpFilter, exec("sysctl -n net.ipv4.conf.all.rp_filter"), "an unrelated key of the file was applied");
  }

  /** The gate before a cut-over waits on the controller and touches no host; --yes answers its prompt. */
  @Test
  void pauseWaitsAndChangesNothing(Lab lab) throws IOException {
    Path book = Fixtures.runbook(dir, """
        - pause: {prompt: "Cut over now?"}
          register: answer
        - pause: {seconds: 1}
          register: waited
        - assert:
            that: ["answer.user_input == ''", "waited.delta >= 1"]
        """);
    var c = new LocalFourStepTest.Case("pause", Map.of(), "", 0);
    LocalFourStepTest.fourSteps(c, 1, () -> exec("find /root /tmp -xdev -printf '%p %T@\\n' | sort"), "--yes", "-l", labHost.name(),
        lab.inventory().toString(), book.toString());
  }

  @Test
  void clocksourceOnFilesThisTestMade(Lab lab) throws IOException {
    String sys = ROOT + "/sys/devices/system/clocksource/clocksource0";
    exec("mkdir -p " + sys + " " + ROOT + "/proc " + ROOT + "/units && printf 'tsc hpet acpi_pm \\n' > " + sys + "/available_clocksource"
        + " && printf 'tsc\\n' > " + sys + "/current_clocksource && printf 'BOOT_IMAGE=/vmlinuz ro quiet\\n' > " + ROOT + "/proc/cmdline");
    write(ROOT + "/grub", "# keep me\nGRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"console=ttyS0 clocksource=tsc\"\n");
    Path book = Fixtures.runbook(dir, """
        - clocksource: {name: hpet, grub_file: "%1$s/grub", sys_root: "%1$s/sys", proc_root: "%1$s/proc"}
          register: c
        - assert:
            that: ["c.reboot_pending", "c.available == ['tsc', 'hpet', 'acpi_pm']"]
        - clocksource: {name: hpet, persist: unit, unit_dir: "%1$s/units", sys_root: "%1$s/sys"}
        """.formatted(ROOT));
    var c = new LocalFourStepTest.Case("clocksource", Map.of(), "", 2);
    LocalFourStepTest.fourSteps(c, 1, () -> exec("cd " + ROOT + " && cat grub sys/devices/system/clocksource/clocksource0/current_clocksource"
        + " && find units | sort && { cat units/*.service 2>/dev/null || true; }"), "-l", labHost.name(), lab.inventory().toString(), book.toString());
    assertEquals("# keep me\nGRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"console=ttyS0 clocksource=hpet\"\nhpet\n",
        exec("cat " + ROOT + "/grub " + sys + "/current_clocksource"));
    assertEquals(ROOT + "/units/runbook-clocksource.service\n", exec("readlink " + ROOT + "/units/multi-user.target.wants/runbook-clocksource.service"));
  }

  /**
   * S2's cut-over: the old server's vhost becomes a [L,P] proxy to the new server (another lab host,
   * serving its own page), with mod_rewrite and mod_proxy_http enabled and the config tested before
   * the reload; the probe through the old server's port answers with the new server's page.
   */
  @Test
  void aProxyRuleAnswersWithTheNewServersPage(Lab lab) throws IOException {
    Lab.LabHost fresh = lab.hosts().get(0);
    Connection newServer = connections.forHost(fresh.name(), lab.connectionVars(fresh, "root"));
    String served = newServer.exec("mkdir -p " + ROOT + "/new && printf 'hello from the new server\\n' > " + ROOT + "/new/index.html && cd " + ROOT
        + "/new && (exec python3 -m http.server 8093 --bind 0.0.0.0) >/dev/null 2>&1 </dev/null & echo $!", null).out().strip();
    String enabledBefore = exec("ls /etc/apache2/mods-enabled/");
    try {
      Path book = Fixtures.runbook(dir, """
          - apache2_module: {name: proxy_http}
            notify: restart apache
          - apache2_module: {name: rewrite}
            notify: restart apache
          - copy:
              dest: /etc/apache2/sites-available/runbook-proxy.conf
              content: |
                Listen 8082
                <VirtualHost *:8082>
                  RewriteEngine On
                  RewriteRule (.*) http://%s:8093$1 [L,P]
                </VirtualHost>
              configtest: apache2ctl configtest
            notify: restart apache
          - apache2_site: {name: runbook-proxy}
            notify: restart apache
          - meta: flush_handlers
          - wait_for: {port: 8082, timeout: 30}
          - uri: {url: "http://127.0.0.1:8082/index.html", return_content: true}
            register: r
          - assert:
              that: ["r.status == 200", "r.content == 'hello from the new server\\n'"]
        """.formatted(fresh.address()));
      Files.writeString(book, Files.readString(book).replace("  tasks:\n", "  handlers:\n    - name: restart apache\n      service: {name: apache2, state: restarted}\n  tasks:\n"));
      Command apply = Command.run("apply", "-l", labHost.name(), lab.inventory().toString(), book.toString());
      assertEquals(0, apply.exitCode(), apply.toString());
      assertEquals(5, apply.changed(), "two modules, the vhost, the site and the restart\n" + apply);
      Command again = Command.run("apply", "--check", "-l", labHost.name(), lab.inventory().toString(), book.toString());
      assertEquals(0, again.exitCode(), again.toString());
      assertEquals(0, again.changed(), "the proxy is in place: nothing to do\n" + again);
    } finally {
      newServer.exec("kill " + served + " 2>/dev/null; rm -rf " + ROOT, null);
      exec("a2dissite -q runbook-proxy >/dev/null 2>&1; rm -f /etc/apache2/sites-available/runbook-proxy.conf; for m in proxy_http proxy rewrite; do"
          + " case '" + enabledBefore + "' in *\"$m.load\"*) ;; *) a2dismod -q -f $m >/dev/null 2>&1 ;; esac; done; service apache2 restart >/dev/null 2>&1 || true");
    }
  }

  /** A stand-in chronyc (chronyd would set this machine's clock, which lab hosts share): 2.5 s slow until makestep. */
  @Test
  void timeSyncStepsOnceThenIsWithinTheLimit(Lab lab) throws IOException {
    exec("mkdir -p " + ROOT);
    write("/usr/local/bin/chronyc", """
        #!/bin/sh
        case "$1" in
          tracking) if [ -e %1$s/stepped ]; then s=0.000012000; else s=2.500000000; fi
                    echo "Reference ID    : C0000201 (192.0.2.1)"; echo "System time     : $s seconds slow of NTP time" ;;
          makestep) touch %1$s/stepped; echo "200 OK" ;;
          *) exit 1 ;;
        esac
        """.formatted(ROOT));
    exec("chmod 0755 /usr/local/bin/chronyc && rm -f " + ROOT + "/stepped");
    Path book = Fixtures.runbook(dir, "- time_sync: {}\n");
    var c = new LocalFourStepTest.Case("time_sync", Map.of(), "", 1);
    LocalFourStepTest.fourSteps(c, 1, () -> exec("ls " + ROOT), "-l", labHost.name(), lab.inventory().toString(), book.toString());
  }

  /** S4: Varnish from the offline cache, started without systemd, its addresses managed in /etc/default/varnish. */
  @Test
  void varnishBridgesToApache(Lab lab) throws IOException {
    exec("service varnish stop >/dev/null 2>&1 || true; cp -p /etc/default/varnish " + ROOT + "/varnish.default");
    try {
      Path book = Fixtures.runbook(dir, """
          - replace: {path: /etc/default/varnish, regexp: '^DAEMON_OPTS="-a :6081\\b', replace: 'DAEMON_OPTS="-a :6091'}
          - replace: {path: /etc/default/varnish, regexp: '-f /etc/varnish/default\\.vcl', replace: '-b 127.0.0.1:8081'}
          """);
      var c = new LocalFourStepTest.Case("varnish", Map.of(), "", 2);
      LocalFourStepTest.fourSteps(c, 1, () -> exec("cat /etc/default/varnish"), "-l", labHost.name(), lab.inventory().toString(), book.toString());
      String opts = exec("cat /etc/default/varnish");
      assertTrue(opts.contains("-a :6091") && opts.contains("-b 127.0.0.1:8081") && !opts.contains("-f /etc/varnish/default.vcl") && opts.contains("# DAEMON_OPTS=\"-a :6081"), opts);
      exec("service varnish start >/dev/null");
      Path probe = Fixtures.runbook(dir, """
          - wait_for: {port: 6091, timeout: 30}
          - uri: {url: "http://127.0.0.1:6091/index.html", return_content: true}
            register: r
          - assert:
              that: ["r.content == 'hello from apache\\n'", "'x_varnish' in r"]
          """);
      Command run = Command.run("apply", "-l", labHost.name(), lab.inventory().toString(), probe.toString());
      assertEquals(0, run.exitCode(), run.toString());
    } finally {
      exec("service varnish stop >/dev/null 2>&1; cp -p " + ROOT + "/varnish.default /etc/default/varnish");
    }
  }

  /** Read-only probes in four steps: nothing predicted, nothing changed, and check runs register the same values. */
  private void fourStepsUnchanged(Path book) throws IOException {
    var c = new LocalFourStepTest.Case("probes", Map.of(), "", 0);
    LocalFourStepTest.fourSteps(c, 1, () -> exec("ls -la " + ROOT), "-l", labHost.name(), inventory, book.toString());
  }

  /** The first connection after the lab came up may meet an sshd still starting: it is tried for a few seconds. */
  private static Connection connect(Lab lab) {
    for (int attempt = 1; ; attempt++) {
      try {
        return connections.forHost(labHost.name(), lab.connectionVars(labHost, "root"));
      } catch (runbook.spi.HostException e) {
        if (attempt == 10) {
          throw e;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static String exec(String command) {
    var result = host.exec(command, null);
    if (result.rc() != 0) {
      throw new AssertionError("'" + command + "' failed: " + result.err() + result.out());
    }
    return result.out();
  }

  private static void write(String path, String content) {
    var result = host.exec("cat > " + path, content.getBytes(StandardCharsets.UTF_8));
    if (result.rc() != 0) {
      throw new AssertionError("cannot write " + path + ": " + result.err());
    }
  }
}
