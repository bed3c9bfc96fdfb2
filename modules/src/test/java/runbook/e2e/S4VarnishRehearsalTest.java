package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/** S4 rehearsed: Varnish on the old server, first on 6081 with the new server behind it, then on :80. */
@ExtendWith(LabExtension.class)
class S4VarnishRehearsalTest {
  private static final String SITE = "www.example.org";
  private static final String NEW_LOG = "/var/log/apache2/site-access.log";

  @TempDir Path work;

  @Test
  void varnishOn6081ThenOn80BringsEveryRequestToTheNewServer(Lab shared) {
    Scenario.rehearse("s4-varnish-bridge", work, (phase, lab) -> {
      String old = Scenario.address(lab, "old");
      switch (phase) {
        case "prepare" -> {
          reachesNew(lab, 6081);
          String token = "/?old-apache-" + System.nanoTime();
          Scenario.assertServes(Scenario.get(old, 80, SITE, token), 200, "Welcome to");
          assertEquals(1, Scenario.count(lab, "old", NEW_LOG, token), "port 80 is still the old Apache");
        }
        case "cutover" -> {
          reachesNew(lab, 80);
          assertThrows(IOException.class, () -> Scenario.get(old, 6081, SITE, "/"), "Varnish left the test port");
          assertEquals("", Scenario.sh(lab, "old", "pgrep -x apache2 || true"), "the old Apache is stopped");
        }
        default -> { }
      }
    });
  }

  /** A request to the old server's port reaches the new server's Apache, through Varnish. */
  private static void reachesNew(Lab lab, int port) throws IOException {
    String token = "/?through-varnish-" + port + "-" + System.nanoTime();
    Scenario.Http answer = Scenario.get(Scenario.address(lab, "old"), port, SITE, token);
    Scenario.assertServes(answer, 200, "Welcome to");
    assertTrue(answer.headers().containsKey("x-varnish"), "Varnish answered: " + answer.headers());
    assertEquals(1, Scenario.count(lab, "new", NEW_LOG, token), "the new server served it");
  }
}
