package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that writes a file removes what a killed write of it left behind, and says so in its output. */
class LeftoverTempFileTest {
  @TempDir Path dir;

  @Test
  void aLaterRunRemovesTheLeftoverAndWarns() throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Files.writeString(root.resolve("motd"), "old\n");
    FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    Path leftover = Files.setLastModifiedTime(Files.writeString(root.resolve(".motd.runbook-tmp.xY12zQ"), "ha"), hourAgo);
    Path notOurs = Files.setLastModifiedTime(Files.writeString(root.resolve(".motd.runbook-tmp.xY12zQ.orig"), "mine"), hourAgo);
    String[] target = {Fixtures.localInventory(dir, root).toString(),
        Fixtures.runbook(dir, "- copy: {content: \"new\\n\", dest: \"{{ root }}/motd\"}\n").toString()};

    Command first = Command.run(args("apply", target));
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.out().contains("[WARNING]: removed " + leftover + ", a temp file an interrupted write of " + root.resolve("motd")
        + " left behind\n"), first.toString());
    assertFalse(Files.exists(leftover));
    assertTrue(Files.exists(notOurs), "a file that only looks like a leftover is kept");
    assertEquals("new\n", Files.readString(root.resolve("motd")));

    Command again = Command.run(args("apply", target));
    assertFalse(again.out().contains("[WARNING]"), again.toString());
  }

  private static String[] args(String command, String[] target) {
    return new String[] {command, target[0], target[1]};
  }
}
