package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
          }
          assertTrue(Scenario.sh(lab, "new", "cat /etc/apache2/mods-available/mpm_event.conf").contains("MaxRequestWorkers"));
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
        }
        default -> { }
      }
    });
  }

  private static String webRoot(Lab lab, String host) {
    return Scenario.sh(lab, host, "cd /var/www && find . -printf '%p %y %m %u %g %s %T@\\n' | sort && find . -type f -exec sha256sum {} + | sort");
  }
}
