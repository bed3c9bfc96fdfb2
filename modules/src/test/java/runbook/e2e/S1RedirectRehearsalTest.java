package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * S1 rehearsed: the web root rsynced and re-synced, the vhosts on the new server with their
 * sub-domains, Apache sized from the facts, the database piped across at the cut-over, and every
 * old vhost redirecting to its sub-domain.
 */
@ExtendWith(LabExtension.class)
class S1RedirectRehearsalTest {
  private static final String[][] SITES = {
    {"example.org", "new.example.org"}, {"example.net", "new.example.net"}, {"example.com", "new.example.com"},
    {"blog.example.org", "new-blog.example.org"}};

  /** The inventory's apache_reserve_mb and apache_child_rss_mb. */
  private static final long RESERVE_MB = 1024;
  private static final long CHILD_RSS_MB = 25;
  /** prefork's compiled-in ServerLimit, which apache2_mpm raises when the children are more. */
  private static final int PREFORK_SERVER_LIMIT = 256;
  /** The seed gives example.org's vhost on the old server a directive none of the others has. */
  private static final String OWN_DIRECTIVE = "ErrorDocument 404 \"example.org has no such page\"";
  /**
   * MemTotal in MB, then every memory limit in MB along the host's cgroup path (v2's memory.max, v1's
   * memory.limit_in_bytes), as the facts read them.
   */
  private static final String USABLE_RAM = """
      awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo
      while IFS=: read -r _ ctl path; do
        case $ctl in '') base=/sys/fs/cgroup f=memory.max ;; memory) base=/sys/fs/cgroup/memory f=memory.limit_in_bytes ;; *) continue ;; esac
        while :; do
          [ -r "$base${path%/}/$f" ] && awk '/^[0-9]+$/ { printf "%.0f\\n", int($1 / 1048576) }' "$base${path%/}/$f"
          [ -z "$path" ] && break
          path=${path%/*}
        done
      done </proc/self/cgroup
      """;

  @TempDir Path work;

  @Test
  void theOldServerRedirectsToTheOneNewDatabase(Lab shared) {
    Scenario.rehearse("s1-redirect-while-dns-propagates", work, (phase, lab) -> {
      String old = Scenario.address(lab, "old");
      String fresh = Scenario.address(lab, "new");
      switch (phase) {
        case "prepare" -> {
          assertEquals(webRoot(lab, "old"), webRoot(lab, "new"), "the web root is in sync");
          assertTrue(Integer.parseInt(Scenario.sh(lab, "new", "find /var/www -type f | wc -l").strip()) > 3000);
          for (String[] site : SITES) {
            Scenario.assertServes(Scenario.get(fresh, 80, site[1], "/index.html"), 200, site[0] + " on the old server");
            String conf = Scenario.sh(lab, "new", "cat /etc/apache2/sites-available/" + site[0] + ".conf");
            assertTrue(conf.lines().anyMatch(l -> l.strip().startsWith("ServerAlias ") && List.of(l.strip().split("\\s+")).contains(site[1])),
                site[0] + "'s ServerAlias has " + site[1] + ":\n" + conf);
          }
          // the old vhost's own directive came along: in the file, and in what the sub-domain answers
          assertEquals(1, Scenario.count(lab, "new", "/etc/apache2/sites-available/example.org.conf", OWN_DIRECTIVE));
          Scenario.assertServes(Scenario.get(fresh, 80, "new.example.org", "/no-such-page"), 404, "example.org has no such page");
          // mod_php made Apache prefork: one request per child, the children sized to the memory
          String modules = Scenario.sh(lab, "new", "apache2ctl -M 2>/dev/null");
          for (String expected : List.of("perl_module", "php_module", "mpm_prefork_module")) {
            assertTrue(modules.contains(expected), expected + " in:\n" + modules);
          }
          String mpm = Scenario.sh(lab, "new", "cat /etc/apache2/mods-available/mpm_prefork.conf");
          int workers = expectedWorkers(lab, "new");
          assertNotEquals(150, workers, "the lab host's memory gives Apache's default by chance");
          assertEquals(workers, directive(mpm, "MaxRequestWorkers"), mpm);
          assertTrue(Math.max(directive(mpm, "ServerLimit"), PREFORK_SERVER_LIMIT) >= workers, "ServerLimit lets " + workers + " children run:\n" + mpm);
          // the sites go on changing until the cut
          Scenario.sh(lab, "old", "printf 'late\\n' > '/var/www/example.org/files/été/late upload.txt'"
              + " && mysql -e \"INSERT INTO cms.comments (page, author, text) VALUES (1, 'Last', 'posted before the cut: it''s kept')\"");
        }
        case "cutover" -> {
          assertEquals(webRoot(lab, "old"), webRoot(lab, "new"), "the final pass copied the late upload");
          assertEquals(Scenario.rows(lab, "old", "cms"), Scenario.rows(lab, "new", "cms"), "the CMS's rows, identical");
          assertTrue(Scenario.rows(lab, "new", "cms").contains(S2ProxyRehearsalTest.hex("日本語のページ 😀")));
          for (String[] site : SITES) {
            Scenario.Http answer = Scenario.get(old, 80, site[0], "/files/f1.txt?x=1");
            assertEquals(302, answer.status(), site[0] + ": " + answer);
            assertEquals("http://" + site[1] + "/files/f1.txt?x=1", answer.headers().get("location"));
            Scenario.assertServes(Scenario.get(fresh, 80, site[1], "/files/f1.txt"), 200, "file 1 of " + site[0]);
          }
          // the new server is the live one now: prepare refuses to copy the old one over it
          String live = webRoot(lab, "new");
          Command again = Command.run("apply", work.resolve("inventory").toString(),
              Scenario.root().resolve("runbooks/s1-redirect-while-dns-propagates/prepare.yml").toString());
          assertEquals(2, again.exitCode(), again.toString());
          assertTrue(again.out().contains("the cut-over has run (/var/lib/runbook-s1-cut on the old server)"), again.toString());
          assertEquals(0, again.changed(), again.toString());
          assertEquals(live, webRoot(lab, "new"));
        }
        default -> { }
      }
    });
  }

  /** What apache2_mpm computes from the host's usable RAM: MemTotal, or the memory cgroup's limit when lower. */
  private static int expectedWorkers(Lab lab, String host) {
    List<Long> mb = Scenario.sh(lab, host, USABLE_RAM).lines().filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
    long ram = mb.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(ram > RESERVE_MB + CHILD_RSS_MB, "the lab host's " + ram + " MB leave room for the inventory's reserve of " + RESERVE_MB + " MB");
    return (int) ((ram - RESERVE_MB) / CHILD_RSS_MB);
  }

  /** A directive's number in an Apache config (its first uncommented line), or -1. */
  private static int directive(String conf, String name) {
    return conf.lines().map(String::strip).filter(l -> l.startsWith(name + " ") || l.startsWith(name + "\t"))
        .map(l -> Integer.parseInt(l.substring(name.length()).strip())).findFirst().orElse(-1);
  }

  private static String webRoot(Lab lab, String host) {
    return Scenario.sh(lab, host, "cd /var/www && " + Scenario.tree("."));
  }
}
