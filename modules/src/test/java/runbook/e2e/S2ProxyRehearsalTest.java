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

/**
 * S2 rehearsed: the old server's vhost becomes a [L,P] proxy to the new server, the data moves
 * inside a short stop of Apache, and the old server is retired when its access log is quiet.
 */
@ExtendWith(LabExtension.class)
class S2ProxyRehearsalTest {
  private static final String APP = "app.example.com";

  @TempDir Path work;

  @Test
  void theOldAddressServesTheNewServerThenRetires(Lab shared) {
    Scenario.rehearse("s2-proxy-then-change-dns", work, (phase, lab) -> {
      switch (phase) {
        case "prepare" -> {
          // both serve the app, each by itself; the old one still has the only data
          Scenario.assertServes(Scenario.get(Scenario.address(lab, "old"), 80, APP, "/"), 200, "The app:");
          Scenario.assertServes(Scenario.get(Scenario.address(lab, "new"), 80, "app-new.example.com", "/"), 200, "The app:");
          assertEquals("", Scenario.rows(lab, "new", "app"), "the new server's database waits for the cut-over");
        }
        case "cutover" -> {
          String token = "/?through-old-" + System.nanoTime();
          int before = Scenario.count(lab, "new", "/var/log/apache2/app-access.log", token);
          Scenario.Http answer = Scenario.get(Scenario.address(lab, "old"), 80, APP, token);
          Scenario.assertServes(answer, 200, "The app:");
          assertEquals(before + 1, Scenario.count(lab, "new", "/var/log/apache2/app-access.log", token),
              "the request through the old server reached the new one");
          assertEquals(Scenario.rows(lab, "old", "app"), Scenario.rows(lab, "new", "app"), "the rows on the new server");
          assertTrue(Scenario.rows(lab, "new", "app").contains(hex("Müller & Söhne")), "UTF-8 kept");
        }
        case "decommission" -> {
          assertThrows(IOException.class, () -> Scenario.get(Scenario.address(lab, "old"), 80, APP, "/"), "old's Apache is stopped");
          Scenario.assertServes(Scenario.get(Scenario.address(lab, "new"), 80, APP, "/"), 200, "The app:");
        }
        default -> { }
      }
    });
  }

  static String hex(String text) {
    return java.util.HexFormat.of().withUpperCase().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
