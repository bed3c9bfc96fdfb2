package runbook.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.Meter;

class ActionRunnerTest {
  /** Another owner and group to hand files to: nobody's when root, else the test's own (all a user may use). */
  static final String OTHER_OWNER = TestHost.ROOT ? "nobody" : System.getProperty("user.name");
  static final String OTHER_GROUP = TestHost.ROOT ? "nogroup" : null;

  @TempDir Path dir;
  final ActionRunner runner = new ActionRunner(TestHost.local());

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Action.WriteFile write(Path p, String content, String mode) {
    return new Action.WriteFile(p.toString(), bytes(content), mode, null, null, false);
  }

  // ---- WriteFile

  static Stream<Arguments> newFileModes() {
    int umask = TestHost.newFileMode();
    return Stream.of(
        Arguments.of(null, umask),
        Arguments.of("0600", 0600),
        Arguments.of("644", 0644),
        Arguments.of("4755", 04755),
        Arguments.of("u+x", umask | 0100),
        Arguments.of("a=r", 0444));
  }

  @ParameterizedTest
  @MethodSource("newFileModes")
  void writeCreatesAFileWithTheModeGivenOrTheUmasks(String mode, int expected) throws IOException {
    Path p = dir.resolve("new.conf");
    ActionResult r = runner.run(write(p, "line\nno newline at end", mode));
    assertEquals(ActionResult.success(), r);
    assertEquals("line\nno newline at end", Files.readString(p));
    assertEquals(expected, TestHost.mode(p), () -> Integer.toOctalString(expected));
    assertEquals(List.of(), TestHost.leftovers(dir));
  }

  static Stream<Arguments> overExistingModes() {
    return Stream.of(
        Arguments.of(null, 02640),
        Arguments.of("0600", 0600),
        Arguments.of("g+w", 02660),
        Arguments.of("o=r", 02644));
  }

  @ParameterizedTest
  @MethodSource("overExistingModes")
  void writeKeepsTheOldFilesModeOwnerAndGroupWhenNotGiven(String mode, int expected) throws IOException {
    Path p = Files.writeString(dir.resolve("old.conf"), "old");
    TestHost.run("chown", OTHER_OWNER + (OTHER_GROUP == null ? "" : ":" + OTHER_GROUP), p.toString());
    TestHost.chmod(p, "2640");
    String group = TestHost.group(p);
    assertEquals(ActionResult.success(), runner.run(write(p, "new", mode)));
    assertEquals("new", Files.readString(p));
    assertEquals(expected, TestHost.mode(p), () -> Integer.toOctalString(expected));
    assertEquals(OTHER_OWNER, TestHost.owner(p));
    assertEquals(group, TestHost.group(p));
  }

  @Test
  void writeAppliesTheOwnerAndGroupGiven() throws IOException {
    Path p = Files.writeString(dir.resolve("f"), "old");
    String group = OTHER_GROUP == null ? TestHost.group(p) : OTHER_GROUP;
    ActionResult r = runner.run(new Action.WriteFile(p.toString(), bytes("new"), "0640", OTHER_OWNER, group, false));
    assertTrue(r.ok(), r::error);
    assertEquals(OTHER_OWNER, TestHost.owner(p));
    assertEquals(group, TestHost.group(p));
    assertEquals(0640, TestHost.mode(p));
  }

  @Test
  void writeReplacesALinkRatherThanItsTarget() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "target");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertTrue(runner.run(write(link, "new", null)).ok());
    assertFalse(Files.isSymbolicLink(link));
    assertEquals("new", Files.readString(link));
    assertEquals("target", Files.readString(target));
  }

  /**
   * A write removes the temp files of earlier writes of the same file that were killed (SIGKILL
   * skips the trap), and only those: a regular file with the exact name mktemp gives, owned by the
   * user who writes, untouched for longer than any live write leaves its temp file alone.
   */
  @Test
  void writeRemovesOnlyItsOwnLeftoversAndSaysSo() throws IOException {
    Path p = Files.writeString(dir.resolve("app.conf"), "old");
    FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    Path leftover = old(Files.writeString(dir.resolve(".app.conf.runbook-tmp.Ab12Cd"), "half"), hourAgo);
    List<Path> kept = Stream.of(
            Files.writeString(dir.resolve(".app.conf.runbook-tmp.Fresh1"), "a live write's"),
            old(Files.writeString(dir.resolve(".other.conf.runbook-tmp.Ab12Cd"), "another file's"), hourAgo),
            old(Files.writeString(dir.resolve(".app.conf.runbook-tmp.Ab12Cd7"), "not mktemp's name"), hourAgo),
            old(Files.writeString(dir.resolve(".app.conf.runbook-tmp.Ab-2Cd"), "not mktemp's letters"), hourAgo),
            old(Files.writeString(dir.resolve("app.conf.runbook-tmp.Ab12Cd"), "no leading dot"), hourAgo),
            Files.createSymbolicLink(dir.resolve(".app.conf.runbook-tmp.Link12"), p),
            old(Files.createDirectory(dir.resolve(".app.conf.runbook-tmp.Dir123")), hourAgo))
        .toList();
    Path foreign = old(Files.writeString(dir.resolve(".app.conf.runbook-tmp.Other1"), "someone else's"), hourAgo);
    if (TestHost.ROOT) {
      TestHost.run("chown", "nobody", foreign.toString());
    }
    ActionResult r = runner.run(write(p, "new", null));
    assertTrue(r.ok(), r::error);
    assertEquals("new", Files.readString(p));
    assertFalse(Files.exists(leftover, LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of("removed " + leftover + ", a temp file an interrupted write of " + p + " left behind"), r.data().get("warnings"));
    for (Path k : kept) {
      assertTrue(Files.exists(k, LinkOption.NOFOLLOW_LINKS), k + " is kept");
    }
    assertEquals(TestHost.ROOT, Files.exists(foreign), "another user's file is kept");
  }

  @Test
  void aLeftoverOfANameWithGlobCharactersMatchesOnlyThatName() throws IOException {
    Path p = dir.resolve("a*[b]?.conf");
    FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    Path leftover = old(Files.writeString(dir.resolve(".a*[b]?.conf.runbook-tmp.Ab12Cd"), "half"), hourAgo);
    Path lookalike = old(Files.writeString(dir.resolve(".aXb!.conf.runbook-tmp.Ab12Cd"), "another file's"), hourAgo);
    assertTrue(runner.run(write(p, "new", null)).ok());
    assertFalse(Files.exists(leftover));
    assertTrue(Files.exists(lookalike));
  }

  private static Path old(Path p, FileTime time) throws IOException {
    Files.setLastModifiedTime(p, time);
    return p;
  }

  @Test
  void writeWithBackupKeepsTheOldContentUnderAnsiblesName() throws IOException {
    Path p = Files.writeString(dir.resolve("app.conf"), "old");
    ActionResult r = runner.run(new Action.WriteFile(p.toString(), bytes("new"), null, null, null, true));
    assertTrue(r.ok(), r::error);
    String backup = (String) r.data().get("backup_file");
    assertTrue(backup.matches("\\Q" + p + "\\E\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~"), backup);
    assertEquals("old", Files.readString(Path.of(backup)));
    assertEquals("new", Files.readString(p));
  }

  @Test
  void writeWithBackupOfNothingMakesNoBackup() throws IOException {
    Path p = dir.resolve("fresh");
    assertEquals(ActionResult.success(), runner.run(new Action.WriteFile(p.toString(), bytes("x"), null, null, null, true)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  record Failure(String name, Action.WriteFile action, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Failure> writeFailures(Path dir) {
    String f = dir.resolve("f").toString();
    String sub = dir.resolve("sub").toString();
    return Stream.of(
        new Failure("unknown owner", new Action.WriteFile(f, bytes("new"), null, "no-such-user-rb", null, false),
            "cannot set owner no-such-user-rb of " + f + ": invalid user: 'no-such-user-rb'"),
        new Failure("bad mode", new Action.WriteFile(f, bytes("new"), "u+q", null, null, true),
            "cannot set mode u+q of " + f + ": invalid mode: 'u+q'"),
        new Failure("missing directory", new Action.WriteFile(dir + "/none/f", bytes("new"), null, null, null, false),
            "cannot write " + dir + "/none/f: directory " + dir + "/none does not exist"),
        new Failure("a directory", new Action.WriteFile(sub, bytes("new"), null, null, null, false),
            "cannot write " + sub + ": it is a directory"));
  }

  @Test
  void aFailedWriteLeavesTheOldFileIntactAndNoTempFile() throws IOException {
    Path old = Files.writeString(dir.resolve("f"), "old");
    Files.createDirectory(dir.resolve("sub"));
    TestHost.chmod(old, "0604");
    for (Failure c : writeFailures(dir).toList()) {
      assertEquals(ActionResult.failure(c.error()), runner.run(c.action()), c.name());
      assertEquals("old", Files.readString(old), c.name());
      assertEquals(0604, TestHost.mode(old), c.name());
      assertTrue(Files.isDirectory(dir.resolve("sub")), c.name());
      assertEquals(List.of(), TestHost.leftovers(dir), c.name());
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(2, files.count(), c.name() + ": no backup either");
      }
    }
  }

  /** The connection dies mid-transfer: stdin ends early, and the half that arrived must never be renamed into place. */
  @Test
  void aCutShortTransferLeavesTheOldFileIntact() throws IOException {
    Path old = Files.writeString(dir.resolve("f"), "old");
    ActionRunner cut = new ActionRunner(TestHost.wrapping((c, in) -> TestHost.local().exec(c, Arrays.copyOf(in, in.length / 2))));
    ActionResult r = cut.run(write(old, "a much longer new content", null));
    assertEquals(ActionResult.failure("cannot write " + old + ": the content arrived incomplete"), r);
    assertEquals("old", Files.readString(old));
    assertEquals(List.of(), TestHost.leftovers(dir));
  }

  @Test
  void writingWithoutPermissionSaysSo() throws IOException {
    TestHost.chmod(dir, "0755");
    Path closed = Files.createDirectory(dir.resolve("closed"));
    TestHost.chmod(closed, "0555");
    String path = closed.resolve("f").toString();
    ActionResult r = new ActionRunner(TestHost.unprivileged()).run(new Action.WriteFile(path, bytes("x"), null, null, null, false));
    assertEquals(ActionResult.failure("cannot write " + path + ": Permission denied"), r);
  }

  // ---- validate and configtest

  static Action.WriteFile checked(Path p, String content, List<String> validate, List<String> configtest) {
    return new Action.WriteFile(p.toString(), bytes(content), null, null, null, false, validate, configtest);
  }

  /** A checker that passes when the file holds "good", printing several lines either way, as apache2ctl does. */
  static List<String> wantsGood(String file) {
    return List.of("sh", "-c", "echo \"AH00526: Syntax error on line 1 of $1:\"; echo \"Action 'configtest' failed.\"; grep -q good \"$1\"",
        "checker", file);
  }

  @Test
  void validateRunsOnTheNewContentBeforeItIsPlacedWithEachPercentSQuoted() throws IOException {
    Path odd = Files.createDirectory(dir.resolve("it's a $(touch x) dir"));
    Path p = Files.writeString(odd.resolve("app.conf"), "old");
    assertTrue(runner.run(checked(p, "good", List.of("grep", "-q", "good", "--", "%s"), null)).ok());
    assertEquals("good", Files.readString(p));
    assertTrue(runner.run(checked(p, "good again", List.of("sh", "-c", "case $1 in x/*.runbook-tmp.*) grep -q again \"${1#x}\";; *) false;; esac", "x", "x%s"), null)).ok(),
        "%s inside a word is the temp file's path too");
    assertEquals(List.of(), TestHost.leftovers(odd));
    assertFalse(Files.exists(dir.resolve("x")));
  }

  @Test
  void aFailedValidateLeavesTheDestinationUntouchedAndSaysWhatTheValidatorSaid() throws IOException {
    Path p = Files.writeString(dir.resolve("app.conf"), "old");
    TestHost.chmod(p, "0640");
    ActionResult r = runner.run(checked(p, "bad", wantsGood("%s"), null));
    assertFalse(r.ok());
    String validator = String.join(" ", wantsGood("%s"));
    assertTrue(r.error().matches("\\Q" + p + " was left as it was: the new content failed validation by '" + validator
        + "': AH00526: Syntax error on line 1 of " + dir + "/.app.conf.runbook-tmp.\\E\\w{6}: Action 'configtest' failed\\."), r.error());
    assertEquals("old", Files.readString(p));
    assertEquals(0640, TestHost.mode(p));
    assertEquals(List.of(), TestHost.leftovers(dir));
  }

  @Test
  void aPassingConfigtestLeavesTheNewFileAndNothingElse() throws IOException {
    Path p = Files.writeString(dir.resolve("app.conf"), "old");
    assertEquals(ActionResult.success(), runner.run(checked(p, "good", null, wantsGood(p.toString()))));
    assertEquals("good", Files.readString(p));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void aFailedConfigtestPutsThePreviousFileBackByteForByteWithItsAttributes() throws IOException {
    byte[] old = {'o', 'l', 'd', (byte) 0xE9, '\n', 0, '\r'};
    Path p = Files.write(dir.resolve("app.conf"), old);
    TestHost.chmod(p, "2640");
    Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000_000_000L));
    Object inode = Files.getAttribute(p, "unix:ino");
    ActionResult r = runner.run(checked(p, "bad", null, wantsGood(p.toString())));
    assertEquals(ActionResult.failure("'" + String.join(" ", wantsGood(p.toString())) + "' failed with the new " + p
        + " in place, so the previous file was put back: AH00526: Syntax error on line 1 of " + p + ": Action 'configtest' failed."), r);
    assertArrayEquals(old, Files.readAllBytes(p));
    assertEquals(02640, TestHost.mode(p));
    assertEquals(inode, Files.getAttribute(p, "unix:ino"), "the very same file");
    assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(p).toMillis());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void aFailedConfigtestOfANewFileRemovesIt() throws IOException {
    Path p = dir.resolve("new.conf");
    ActionResult r = runner.run(checked(p, "bad", null, wantsGood(p.toString())));
    assertFalse(r.ok());
    assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  // ---- SetAttributes, MakeDirectory

  @Test
  void setAttributesChangesModeAndOwnership() throws IOException {
    Path p = Files.writeString(dir.resolve("f"), "x");
    String group = OTHER_GROUP == null ? TestHost.group(p) : OTHER_GROUP;
    ActionResult r = runner.run(new Action.SetAttributes(p.toString(), "u=rw,g=r,o=", OTHER_OWNER, group, false, false));
    assertEquals(ActionResult.success(), r);
    assertEquals(0640, TestHost.mode(p));
    assertEquals(OTHER_OWNER, TestHost.owner(p));
    assertEquals(group, TestHost.group(p));
  }

  @Test
  void anOctalModeOnADirectoryMeansExactlyThoseBits() throws IOException {
    Path d = Files.createDirectory(dir.resolve("shared"));
    TestHost.chmod(d, "2775");
    assertTrue(runner.run(new Action.SetAttributes(d.toString(), "0755", null, null, false, false)).ok());
    assertEquals(0755, TestHost.mode(d));
    assertTrue(runner.run(new Action.SetAttributes(d.toString(), "02770", null, null, false, false)).ok());
    assertEquals(02770, TestHost.mode(d));
  }

  @Test
  void recursiveAttributesReachEverythingButLinkTargets() throws IOException {
    Path outside = Files.writeString(dir.resolve("outside"), "x");
    TestHost.chmod(outside, "0600");
    Path top = Files.createDirectories(dir.resolve("top/sub"));
    Files.writeString(top.resolve("file"), "x");
    Files.createSymbolicLink(top.resolve("link"), outside);
    ActionResult r = runner.run(new Action.SetAttributes(dir.resolve("top").toString(), "u=rwX,g=rX,o=", null, null, true, false));
    assertEquals(ActionResult.success(), r);
    assertEquals(0750, TestHost.mode(dir.resolve("top")));
    assertEquals(0750, TestHost.mode(top));
    assertEquals(0640, TestHost.mode(top.resolve("file")));
    assertEquals(0600, TestHost.mode(outside));
  }

  @Test
  void attributesOfALinkNeverReachItsTargetUnlessFollowed() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    TestHost.chmod(target, "0600");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertTrue(runner.run(new Action.SetAttributes(link.toString(), "0644", null, null, false, false)).ok());
    assertEquals(0600, TestHost.mode(target));
    assertTrue(runner.run(new Action.SetAttributes(link.toString(), "0644", null, null, false, true)).ok());
    assertEquals(0644, TestHost.mode(target));
  }

  @Test
  void setAttributesOfNothingGivenChangesNothing() throws IOException {
    Path p = Files.writeString(dir.resolve("f"), "x");
    int before = TestHost.mode(p);
    assertEquals(ActionResult.success(), runner.run(new Action.SetAttributes(p.toString(), null, null, null, true, false)));
    assertEquals(before, TestHost.mode(p));
  }

  @Test
  void setAttributesOfSomethingAbsentFails() {
    String path = dir.resolve("none").toString();
    assertEquals(ActionResult.failure("cannot set mode 0644 of " + path + ": No such file or directory"),
        runner.run(new Action.SetAttributes(path, "0644", null, null, false, true)));
  }

  @Test
  void makeDirectoryCreatesParentsAndSetsTheModeOnTheLastOne() throws IOException {
    Path p = dir.resolve("a/b c/d");
    assertEquals(ActionResult.success(), runner.run(new Action.MakeDirectory(p.toString(), "2750", null, null)));
    assertTrue(Files.isDirectory(p));
    assertEquals(02750, TestHost.mode(p));
    assertEquals(ActionResult.success(), runner.run(new Action.MakeDirectory(p.toString(), null, null, null)), "already there");
  }

  @Test
  void makeDirectoryOverAFileFails() throws IOException {
    Path p = Files.writeString(dir.resolve("f"), "x");
    assertEquals(ActionResult.failure("cannot create directory " + p + ": File exists"),
        runner.run(new Action.MakeDirectory(p.toString(), null, null, null)));
  }

  // ---- MakeLink, Remove, Touch

  interface Before {
    void make(Path p) throws IOException;
  }

  record LinkCase(String name, Before before, boolean force, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<LinkCase> linkCases() {
    return Stream.of(
        new LinkCase("new", p -> {}, false, null),
        new LinkCase("over a link", p -> Files.createSymbolicLink(p, Path.of("old")), true, null),
        new LinkCase("over a link to a directory", p -> Files.createSymbolicLink(p, p.getParent()), true, null),
        new LinkCase("over a file", p -> Files.writeString(p, "x"), true, null),
        new LinkCase("over an empty directory", Files::createDirectory, true, null),
        new LinkCase("over a full directory", p -> Files.writeString(Files.createDirectory(p).resolve("x"), "x"), true,
            "cannot replace directory %s with a link: Directory not empty"),
        new LinkCase("over a file without force", p -> Files.writeString(p, "x"), false,
            "cannot link %s to the 'target': File exists"));
  }

  @ParameterizedTest
  @MethodSource("linkCases")
  void makeSymbolicLink(LinkCase c) throws IOException {
    Path p = dir.resolve("link");
    c.before().make(p);
    ActionResult r = runner.run(new Action.MakeLink("the 'target'", p.toString(), false, c.force()));
    if (c.error() == null) {
      assertEquals(ActionResult.success(), r);
      assertEquals(Path.of("the 'target'"), Files.readSymbolicLink(p));
    } else {
      assertEquals(ActionResult.failure(c.error().formatted(p)), r);
      assertFalse(Files.isSymbolicLink(p));
    }
  }

  @Test
  void makeHardLink() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    Path p = Files.writeString(dir.resolve("link"), "old");
    assertEquals(ActionResult.success(), runner.run(new Action.MakeLink(target.toString(), p.toString(), true, true)));
    assertTrue(Files.isSameFile(target, p));
  }

  @Test
  void removeTakesAwayFilesTreesAndLinksButNotWhatLinksPointTo() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "x");
    Path tree = Files.createDirectories(dir.resolve("-tree/a"));
    Files.writeString(tree.resolve("f"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    for (Path p : List.of(dir.resolve("-tree"), link, dir.resolve("absent"))) {
      assertEquals(ActionResult.success(), runner.run(new Action.Remove(p.toString())), p.toString());
      assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p.toString());
    }
    assertEquals("x", Files.readString(target));
  }

  @Test
  void touchCreatesOrUpdatesTimesOnly() throws IOException {
    Path existing = Files.writeString(dir.resolve("existing"), "keep");
    Files.setLastModifiedTime(existing, FileTime.fromMillis(0));
    Path fresh = dir.resolve("-fresh");
    for (Path p : List.of(existing, fresh)) {
      assertEquals(ActionResult.success(), runner.run(new Action.Touch(p.toString())));
    }
    assertEquals("keep", Files.readString(existing));
    assertTrue(Files.getLastModifiedTime(existing).toMillis() > 0);
    assertEquals(0, Files.size(fresh));
    assertEquals(ActionResult.failure("cannot touch " + dir + "/none/f: No such file or directory"),
        runner.run(new Action.Touch(dir + "/none/f")));
  }

  // ---- Run

  record RunCase(String name, Action.Run run, int rc, String stdout, String stderrContains) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<RunCase> runCases() {
    return Stream.of(
        new RunCase("argv", new Action.Run(Command.of(List.of("printf", "%s|", "a b", "$HOME", "*"))), 0, "a b|$HOME|*|", ""),
        new RunCase("script", new Action.Run(Command.script("echo one | tr a-z A-Z; echo two >&2; exit 3")), 3, "ONE\n", "two"),
        new RunCase("stdin", new Action.Run(Command.of(List.of("cat")).withStdin("fed\nin")), 0, "fed\nin", ""),
        new RunCase("chdir argv", new Action.Run(Command.of(List.of("pwd")).in("/")), 0, "/\n", ""),
        new RunCase("chdir script", new Action.Run(Command.script("# a comment first\npwd; exit 4").in("/usr")), 4, "/usr\n", ""),
        new RunCase("missing chdir", new Action.Run(Command.of(List.of("pwd")).in("/no/such dir")), 2, "", "can't cd to /no/such dir"),
        new RunCase("missing program", new Action.Run(Command.of(List.of("no-such-program-rb"))), 127, "", "not found"),
        new RunCase("first word is no assignment", new Action.Run(Command.of(List.of("A=b", "true"))), 127, "", "A=b"),
        new RunCase("first word is no keyword", new Action.Run(Command.of(List.of("if", "true"))), 127, "", "if"));
  }

  @ParameterizedTest
  @MethodSource("runCases")
  void run(RunCase c) {
    ActionResult r = runner.run(c.run());
    assertTrue(r.ok(), "a command's status is the executor's to judge");
    assertNull(r.error());
    assertEquals(c.rc(), r.data().get("rc"));
    assertEquals(c.stdout(), r.data().get("stdout"));
    assertTrue(((String) r.data().get("stderr")).contains(c.stderrContains()), () -> (String) r.data().get("stderr"));
  }

  /** A command with a meter streams its output instead: every case ends just as it does without one. */
  @ParameterizedTest
  @MethodSource("runCases")
  void aMeteredRunEndsAsAnUnmeteredOne(RunCase c) {
    Meter any = new Meter(List.of(new Meter.Count("lines", "", 0)), 0);
    assertEquals(runner.run(c.run()), runner.run(new Action.Run(c.run().command(), any), reading -> {}));
  }

  @Test
  void aMeteredRunTellsItsReadingsAsItsOutputComes() {
    Meter apt = new Meter(List.of(new Meter.Count("unpacked", "^Unpacking ", 2), new Meter.Count("set up", "^Setting up ", 2)), 0);
    List<String> readings = new java.util.ArrayList<>();
    ActionResult r = runner.run(new Action.Run(Command.script(
        "echo 'Unpacking a (1) ...'; echo 'Unpacking b (1) ...'; echo 'Setting up a (1) ...'; echo 'Setting up b (1) ...'; echo done >&2"),
        apt), reading -> readings.add(reading.tallies().get(0).count() + "/" + reading.tallies().get(1).count()));
    assertEquals(List.of("0/0", "1/0", "2/0", "2/1", "2/2"), readings);
    assertEquals("done\n", r.data().get("stderr"));
  }

  @Test
  void aCommandNeedsExactlyOneOfArgvAndScript() {
    String error = "a command needs either an argument list or a script, not both or neither";
    assertEquals(error, assertThrows(IllegalArgumentException.class, () -> new Command(null, null, null, null, Map.of(), null)).getMessage());
    assertEquals(error, assertThrows(IllegalArgumentException.class, () -> new Command(List.of("true"), "true", null, null, Map.of(), null)).getMessage());
    assertEquals("a command needs at least one word to run", assertThrows(IllegalArgumentException.class, () -> Command.of(List.of())).getMessage());
    assertEquals("'A B' cannot be the name of an environment variable",
        assertThrows(IllegalArgumentException.class, () -> Command.of("env").withEnv(Map.of("A B", "x"))).getMessage());
    assertEquals(ActionResult.failure("a shell argument cannot contain a NUL byte"), runner.run(new Action.Run(Command.of("echo", "a\0b"))));
  }

  @Test
  void environmentValuesReachTheCommandByteForByteAndNeverAsShellText() {
    String hostile = "a 'b' \"c\" $(touch /tmp/pwned-env) `x` \n; rm -rf /";
    ActionResult r = runner.run(new Action.Run(Command.of("printenv", "RB_VALUE").withEnv(Map.of("RB_VALUE", hostile))));
    assertEquals(hostile + "\n", r.data().get("stdout"));
    ActionResult script = runner.run(new Action.Run(Command.script("printf %s \"$RB_A$RB_B\"").withEnv(Map.of("RB_A", "1", "RB_B", "2"))));
    assertEquals("12", script.data().get("stdout"));
  }

  @Test
  void theCommandsOwnEnvironmentWinsOverTheRunbooks() {
    Command c = Command.of("printenv", "DEBIAN_FRONTEND").withEnv(Map.of("DEBIAN_FRONTEND", "noninteractive"))
        .underEnv(Map.of("DEBIAN_FRONTEND", "dialog", "http_proxy", "http://proxy:3128"));
    assertEquals(Map.of("DEBIAN_FRONTEND", "noninteractive", "http_proxy", "http://proxy:3128"), c.env());
    assertEquals("noninteractive\n", runner.run(new Action.Run(c)).data().get("stdout"));
  }

  @Test
  void aCommandPastItsTimeLimitIsStoppedAndFailsSayingSo() {
    long start = System.nanoTime();
    ActionResult r = runner.run(new Action.Run(Command.of("sleep", "30").within(java.time.Duration.ofSeconds(1))));
    assertTrue(System.nanoTime() - start < 20_000_000_000L, "stopped well before it would have ended");
    assertEquals("'sleep 30' did not end within 1 s and was stopped", r.error());
    ActionResult quick = runner.run(new Action.Run(Command.script("exit 3").within(java.time.Duration.ofSeconds(5))));
    assertEquals(3, quick.data().get("rc"));
    assertTrue(quick.ok());
  }
}
