package runbook.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.Connection;
import runbook.spi.Action;

/** A plan's consecutive file actions in one round trip: each answers as it would alone, and the first failure stops the rest. */
class SequenceTest {
  @TempDir Path dir;
  private final AtomicInteger execs = new AtomicInteger();
  private final Connection counted = TestHost.wrapping((c, in) -> {
    execs.incrementAndGet();
    return TestHost.local().exec(c, in);
  });

  /** Contents that a shared stdin must keep apart: NULs, quotes, newlines, `$()`, nothing at all, and no final newline. */
  private static final List<byte[]> CONTENTS = List.of(
      new byte[] {0, 'a', 0, '\n', 0}, ActionRunnerTest.bytes("it's \"quoted\" $(touch pwned)\n"), new byte[0],
      ActionRunnerTest.bytes("last line, no newline"));

  @Test
  void aTreeIsWrittenInOneRoundTripWithEveryByteInItsPlace() throws IOException {
    Path tree = dir.resolve("tree dir");
    List<Action> actions = new ArrayList<>(List.of(new Action.MakeDirectory(tree.toString(), "0750", null, null)));
    for (int i = 0; i < CONTENTS.size(); i++) {
      actions.add(new Action.WriteFile(tree.resolve("f" + i).toString(), CONTENTS.get(i), "0640", null, null, false));
    }
    actions.add(new Action.MakeLink("f0", tree.resolve("link").toString(), false, false));

    List<ActionResult> results = new ActionRunner(counted).runAll(actions);

    assertEquals(1, execs.get(), "one round trip");
    assertEquals(actions.stream().map(a -> ActionResult.success()).toList(), results);
    for (int i = 0; i < CONTENTS.size(); i++) {
      assertArrayEquals(CONTENTS.get(i), Files.readAllBytes(tree.resolve("f" + i)), "f" + i);
      assertEquals(0640, TestHost.mode(tree.resolve("f" + i)));
    }
    assertEquals(0750, TestHost.mode(tree));
    assertEquals(Path.of("f0"), Files.readSymbolicLink(tree.resolve("link")));
    assertFalse(Files.exists(dir.resolve("pwned")) || Files.exists(tree.resolve("pwned")));
    assertEquals(List.of(), TestHost.leftovers(tree));
  }

  /** A long run of writes is cut into sequences whose scripts fit an SSH exec request; a failure in a later one still stops the rest. */
  @Test
  void aLongRunGoesInSequencesOfBoundedLength() throws IOException {
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      actions.add(ActionRunnerTest.write(dir.resolve("f" + i), "content " + i, null));
    }
    int scripts = actions.stream().mapToInt(a -> ActionRunner.compile(a).command().length()).sum();
    List<ActionResult> results = new ActionRunner(counted).runAll(actions);
    assertEquals(80, results.size());
    assertTrue(results.stream().allMatch(ActionResult::ok));
    int expected = (scripts + ActionRunner.SEQUENCE_LIMIT - 1) / ActionRunner.SEQUENCE_LIMIT;
    assertTrue(execs.get() >= expected && execs.get() <= expected + 1, execs.get() + " round trips for " + scripts + " bytes of scripts");
    for (int i = 0; i < 80; i++) {
      assertEquals("content " + i, Files.readString(dir.resolve("f" + i)));
    }

    execs.set(0);
    List<Action> failing = new ArrayList<>(actions.subList(0, 70));
    failing.add(ActionRunnerTest.write(dir.resolve("none").resolve("f"), "x", null));
    failing.add(ActionRunnerTest.write(dir.resolve("never"), "x", null));
    List<ActionResult> stopped = new ActionRunner(counted).runAll(failing);
    assertEquals(71, stopped.size());
    assertFalse(stopped.get(70).ok());
    assertFalse(Files.exists(dir.resolve("never")));
  }

  /** Each failure of a write, second of three: the first is done, the failure reads as it does alone, the third never runs. */
  @Test
  void theFirstFailureStopsTheRestAndReadsAsItDoesAlone() throws IOException {
    Path old = Files.writeString(dir.resolve("f"), "old");
    Files.createDirectory(dir.resolve("sub"));
    for (ActionRunnerTest.Failure c : ActionRunnerTest.writeFailures(dir).toList()) {
      Path before = dir.resolve("before");
      Path after = dir.resolve("after");
      Files.deleteIfExists(before);
      List<Action> actions = List.of(ActionRunnerTest.write(before, "first", null), c.action(), ActionRunnerTest.write(after, "third", null));
      List<ActionResult> results = new ActionRunner(TestHost.local()).runAll(actions);
      assertEquals(List.of(ActionResult.success(), ActionResult.failure(c.error())), results, c.name());
      assertEquals(new ActionRunner(TestHost.local()).run(c.action()), results.get(1), c.name() + ": as alone");
      assertEquals("first", Files.readString(before), c.name());
      assertFalse(Files.exists(after), c.name() + ": the third never ran");
      assertEquals("old", Files.readString(old), c.name());
      assertEquals(List.of(), TestHost.leftovers(dir), c.name());
    }
  }

  /** What a write prints (its backup's name) comes back with that write, not with its neighbours. */
  @Test
  void eachWriteGetsItsOwnBackupName() throws IOException {
    Path a = Files.writeString(dir.resolve("a.conf"), "old a");
    Path b = Files.writeString(dir.resolve("b.conf"), "old b");
    List<ActionResult> results = new ActionRunner(TestHost.local()).runAll(List.of(
        new Action.WriteFile(a.toString(), ActionRunnerTest.bytes("new a"), null, null, null, true),
        new Action.Touch(dir.resolve("touched").toString()),
        new Action.WriteFile(b.toString(), ActionRunnerTest.bytes("new b"), null, null, null, true)));
    assertEquals("old a", Files.readString(Path.of((String) results.get(0).data().get("backup_file"))));
    assertEquals(ActionResult.success(), results.get(1));
    assertEquals("old b", Files.readString(Path.of((String) results.get(2).data().get("backup_file"))));
    assertEquals("new a", Files.readString(a));
    assertEquals("new b", Files.readString(b));
  }

  /** The connection dies mid-transfer: the write whose content is cut short fails, the ones after it never run. */
  @Test
  void aCutShortStdinFailsTheWriteItCutAndStopsTheRest() throws IOException {
    Path a = dir.resolve("a");
    Path b = Files.writeString(dir.resolve("b"), "old b");
    Path c = dir.resolve("c");
    ActionRunner cut = new ActionRunner(TestHost.wrapping((command, in) -> TestHost.local().exec(command, Arrays.copyOf(in, 12))));
    List<ActionResult> results = cut.runAll(List.of(
        ActionRunnerTest.write(a, "0123456789", null), ActionRunnerTest.write(b, "a longer new content", null),
        ActionRunnerTest.write(c, "never", null)));
    assertEquals(List.of(ActionResult.success(), ActionResult.failure("cannot write " + b + ": the content arrived incomplete")), results);
    assertEquals("0123456789", Files.readString(a));
    assertEquals("old b", Files.readString(b));
    assertFalse(Files.exists(c));
    assertEquals(List.of(), TestHost.leftovers(dir));
  }

  /** An action that cannot be written as a script fails where it stands: those before it run, those after it do not. */
  @Test
  void anActionRefusedBeforeItRunsStopsTheRestToo() throws IOException {
    Path a = dir.resolve("a");
    Path c = dir.resolve("c");
    Action bad = new Action.Touch(dir + "/a NUL \0 in its name");
    List<ActionResult> alone = List.of(new ActionRunner(TestHost.local()).run(bad));
    assertEquals(ActionResult.failure("a shell argument cannot contain a NUL byte"), alone.get(0));
    List<ActionResult> results = new ActionRunner(TestHost.local()).runAll(List.of(ActionRunnerTest.write(a, "x", null), bad,
        ActionRunnerTest.write(c, "y", null)));
    assertEquals(2, results.size(), results.toString());
    assertTrue(results.get(0).ok());
    assertEquals(alone.get(0), results.get(1));
    assertFalse(Files.exists(c));
  }
}
