package runbook.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.LocalConnection;
import runbook.spi.Command;
import runbook.spi.Shell;

/** A pipe whose commands have stdin of their own (credentials for an option file): each reads it first; the receiver's answer is kept. */
class PipeRunnerTest {
  @TempDir Path dir;

  @Test
  void eachCommandReadsItsOwnStdinBeforeTheStream() throws Exception {
    Path out = dir.resolve("out");
    Command from = Command.script("IFS= read -r l; printf 'sent with %s\\n' \"$l\"; seq 3").withStdin("from-secret\n");
    Command to = Command.script("IFS= read -r l; { printf 'own: %s\\n' \"$l\"; cat; } > " + Shell.quote(out.toString()) + "; echo loaded").withStdin("to-secret\n");
    ActionResult r = PipeRunner.run(new LocalConnection(), from, new LocalConnection(), to, bytes -> {});
    assertTrue(r.ok(), String.valueOf(r.error()));
    assertEquals("own: to-secret\nsent with from-secret\n1\n2\n3\n", Files.readString(out));
    assertEquals(28L, r.data().get("bytes"));
    assertEquals("loaded\n", r.data().get("stdout"), "what the receiving end prints is registered");
  }

  /** A sender that fails after sending part of its stream fails the pipe with its own status, even when the receiver took it all. */
  @Test
  void aSenderThatFailsFailsThePipe() {
    Command from = Command.script("echo partial; echo 'dump: table gone' >&2; exit 3");
    Command to = Command.script("cat > /dev/null");
    ActionResult r = PipeRunner.run(new LocalConnection(), from, new LocalConnection(), to, bytes -> {});
    assertFalse(r.ok());
    assertTrue(r.error().contains("failed with status 3: table gone"), r.error());
    assertEquals(3, r.data().get("source_rc"));
    assertEquals(0, r.data().get("rc"));
  }
}
