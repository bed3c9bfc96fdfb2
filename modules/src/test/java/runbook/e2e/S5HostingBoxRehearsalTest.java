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
 * since, with the services stopped), what the list misses reported, the clock source settled and
 * the packaged Postfix pinned over the older one the seed left first on PATH and running, Mailman's
 * state setgid, and the old box's data untouched.
 */
@ExtendWith(LabExtension.class)
class S5HostingBoxRehearsalTest {
  private static final String TREES = "/home/alice /home/bob /var/mail";
  /** A file the users do not touch after the first pass, and one they do. */
  private static final String UNCHANGED = "/home/alice/Maildir/cur/0.eml";
  private static final String CHANGED = "/var/mail/alice";
  /** Every running Postfix master: its binary and the config directory it was started with. */
  private static final String MASTERS =
      "for p in $(pgrep -x master); do echo \"$(readlink /proc/$p/exe) $(tr '\\0' '\\n' < /proc/$p/environ | grep ^MAIL_CONFIG=)\"; done";
  private static final String PINNED_MASTER = "/usr/lib/postfix/sbin/master MAIL_CONFIG=/etc/postfix\n";

  @TempDir Path work;

  @Test
  void thePassesCopyTheDeclaredTreesAndNameWhatTheyMiss(Lab shared) throws Exception {
    String[] oldData = new String[1];
    String[] before = new String[2];
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
          // the older Postfix no longer runs nor answers on PATH; its files are still there
          assertEquals(PINNED_MASTER, Scenario.sh(lab, "new", MASTERS), "the packaged master runs, and no other");
          assertEquals("/usr/sbin/postfix /etc/postfix\n",
              Scenario.sh(lab, "new", "echo \"$(readlink -f \"$(command -v postfix)\") $(postconf -h config_directory)\""));
          assertEquals("/usr/sbin/postconf\n", Scenario.sh(lab, "new", "readlink /usr/local/sbin/postconf"));
          assertEquals("/usr/local/libexec/postfix\n", Scenario.sh(lab, "new", "postconf -c /usr/local/etc/postfix -h daemon_directory"));
          before[0] = inode(lab, UNCHANGED);
          before[1] = inode(lab, CHANGED);
          // users go on working on the old box until the final pass
          Scenario.sh(lab, "old", "printf 'late mail\\n' > /home/alice/Maildir/cur/late.eml && rm /home/bob/Maildir/cur/7.eml"
              + " && printf 'more\\n' >> /var/mail/alice");
          oldData[0] = tree(lab, "old");
        }
        case "cutover" -> {
          assertEquals(tree(lab, "old"), tree(lab, "new"), "the final pass copied what changed since the first");
          String copied = tree(lab, "new");
          assertTrue(copied.contains("/home/alice/Maildir/cur/late.eml ") && !copied.contains("/home/bob/Maildir/cur/7.eml "), copied);
          // rsync replaces a file it copies: a file that keeps its inode was not copied again
          assertEquals(before[0], inode(lab, UNCHANGED), "the final pass left an unchanged file alone");
          assertTrue(!before[1].equals(inode(lab, CHANGED)) && Scenario.sh(lab, "new", "cat " + CHANGED).endsWith("more\n"),
              "the final pass brought the changed file");
          assertEquals(oldData[0], tree(lab, "old"), "the old box's data is untouched");
          assertEquals("", Scenario.sh(lab, "old", "pgrep -x master || true"), "the old box's Postfix is stopped");
        }
        case "verify" -> assertEquals(PINNED_MASTER, Scenario.sh(lab, "new", MASTERS), "the new box's packaged Postfix runs");
        default -> { }
      }
    });
  }

  /** A file's inode and mtime on the new box. */
  private static String inode(Lab lab, String file) {
    return Scenario.sh(lab, "new", "stat -c '%i %Y' " + file);
  }

  /** Every entry of the declared trees: path, type, mode, owner, size, mtime and content digest. */
  private static String tree(Lab lab, String host) {
    return Scenario.sh(lab, host, Scenario.tree(TREES));
  }
}
