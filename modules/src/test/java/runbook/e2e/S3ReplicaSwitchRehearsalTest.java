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
import runbook.spi.Shell;

/**
 * S3 rehearsed: the new database a replica of the old one from a --master-data dump, the old
 * Apache switched atomically to its proxy config, and switched back by the rollback.
 */
@ExtendWith(LabExtension.class)
class S3ReplicaSwitchRehearsalTest {
  private static final String APP = "shop.example.com";
  private static final String LOG = "/var/log/apache2/shop-access.log";

  @TempDir Path work;

  @Test
  void theReplicaCatchesUpAndTheSwitchGoesBothWays(Lab shared) {
    Scenario.rehearse("s3-replicate-then-switch", work, (phase, lab) -> {
      switch (phase) {
        case "prepare" -> {
          // a write on the old server after the dump reaches the replica
          Scenario.sh(lab, "old", "mysql --default-character-set=utf8mb4 -e " + Shell.quote("INSERT INTO shop.products VALUES (4, 'Späti ''late'' snack', 1.20)"));
          caughtUp(lab);
          assertTrue(Scenario.rows(lab, "new", "shop").contains(S2ProxyRehearsalTest.hex("Späti 'late' snack")));
          servedBy(lab, "old");
          // 3306 answers the new server's account only: the replication login from elsewhere is refused
          String elsewhere = Scenario.sh(lab, "old",
              "mysql -h 127.0.0.1 -u repl -p'change me' -e 'SELECT 1' 2>&1 || true");
          assertTrue(elsewhere.contains("Access denied"), elsewhere);
          // and the port itself answers the new server only: from this machine it is refused
          String old = Scenario.address(lab, "old");
          Scenario.sh(lab, "new", "mysql -h " + old + " -u repl -p'change me' -e 'SELECT 1'");
          assertThrows(IOException.class, () -> Scenario.connect(old, 3306), "3306 is closed to other addresses");
        }
        case "cutover" -> {
          servedBy(lab, "new");
          caughtUp(lab);
        }
        case "rollback" -> servedBy(lab, "old");
        default -> { }
      }
    });
  }

  /** Same rows on both, and the replica's threads running. */
  private static void caughtUp(Lab lab) throws InterruptedException {
    String status = Scenario.sh(lab, "new", "mysql -e 'SHOW SLAVE STATUS\\G'");
    assertTrue(status.contains("Slave_IO_Running: Yes") && status.contains("Slave_SQL_Running: Yes"), status);
    String want = Scenario.rows(lab, "old", "shop");
    for (int i = 0; i < 50 && !want.equals(Scenario.rows(lab, "new", "shop")); i++) {
      Thread.sleep(200);
    }
    assertEquals(want, Scenario.rows(lab, "new", "shop"), "the replica has the old server's rows");
  }

  /** A request to the old server's address lands in this host's access log. */
  private static void servedBy(Lab lab, String host) throws Exception {
    String token = "/?rehearsal-" + System.nanoTime();
    Scenario.assertServes(Scenario.get(Scenario.address(lab, "old"), 80, APP, token), 200, "The shop:");
    assertEquals(1, Scenario.count(lab, host, LOG, token), "served by " + host);
    if (host.equals("old")) {
      assertEquals(0, Scenario.count(lab, "new", LOG, token), "the new server did not see it");
    }
  }
}
