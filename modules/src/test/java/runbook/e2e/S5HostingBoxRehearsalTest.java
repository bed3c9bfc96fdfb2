package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * S5 rehearsed: the declared user trees synced in passes (the final one copying what changed
 * since, with the services stopped), what the list misses reported, the clock source and Postfix
 * settled on the new box, Mailman's state setgid, and the old box's data untouched.
 */
@ExtendWith(LabExtension.class)
class S5HostingBoxRehearsalTest {
  private static final String TREES = "/home/alice /home/bob /var/mail";

  @TempDir Path work;

  @Test
  void thePassesCopyTheDeclaredTreesAndNameWhatTheyMiss(Lab shared) throws Exception {
    String[] oldData = new String[1];
    Scenario.rehearse("s5-hosting-box-to-new-hardware", work, (phase, lab) -> {
      switch (phase) {
        case "prepare" -> {
          assertEquals(tree(lab, "old"), tree(lab, "new"), "the first pass copied the declared trees");
          assertEquals("", Scenario.sh(lab, "new", "ls -d /home/bigcorp /srv/bigcorp 2>/dev/null || true"), "and nothing else");
          String log = Files.readString(work.resolve("prepare-apply.log"));
          // the customised big user, and the lab's own user, which the list does not name either
          assertTrue(log.contains("NOT COVERED by user_trees: /home/bigcorp, /home/deploy, /srv/bigcorp"), log);
          assertEquals("2775 root list\n", Scenario.sh(lab, "new", "stat -c '%a %U %G' /var/lib/mailman/lists"));
          assertEquals("hpet\n", Scenario.sh(lab, "new", "cat /srv/lab-kernel/sys/devices/system/clocksource/clocksource0/current_clocksource"));
          assertTrue(Scenario.sh(lab, "new", "cat /etc/default/grub").contains("GRUB_CMDLINE_LINUX=\"clocksource=hpet\""));
          // users go on working on the old box until the final pass
          Scenario.sh(lab, "old", "printf 'late mail\\n' > /home/alice/Maildir/cur/late.eml && rm /home/bob/Maildir/cur/7.eml"
              + " && printf 'more\\n' >> /var/mail/alice");
          oldData[0] = tree(lab, "old");
        }
        case "cutover" -> {
          assertEquals(tree(lab, "old"), tree(lab, "new"), "the final pass copied what changed since the first");
          String copied = tree(lab, "new");
          assertTrue(copied.contains("/home/alice/Maildir/cur/late.eml ") && !copied.contains("/home/bob/Maildir/cur/7.eml "), copied);
          assertEquals(oldData[0], tree(lab, "old"), "the old box's data is untouched");
          assertEquals("", Scenario.sh(lab, "old", "pgrep -x master || true"), "the old box's Postfix is stopped");
        }
        case "verify" -> assertTrue(!Scenario.sh(lab, "new", "pgrep -x master").isBlank(), "the new box's Postfix runs");
        default -> { }
      }
    });
  }

  /** Every entry of the declared trees: path, type, mode, owner, size, mtime and content digest. */
  private static String tree(Lab lab, String host) {
    return Scenario.sh(lab, host, "find " + TREES + " -printf '%p %y %m %u %g %s %T@\\n' | sort && find " + TREES
        + " -type f -exec sha256sum {} + | sort");
  }
}
