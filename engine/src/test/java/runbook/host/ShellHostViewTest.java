package runbook.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import runbook.connect.Connection;
import runbook.spi.Command;
import runbook.spi.FileState;
import runbook.spi.FileType;
import runbook.spi.HostException;

class ShellHostViewTest {
  @TempDir Path dir;

  interface Setup {
    void make(Path path) throws IOException;
  }

  record StatCase(String name, Setup setup, FileType type, int mode, String linkTarget) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StatCase> statCases() {
    return Stream.of(
        new StatCase("file", p -> {
          Files.writeString(p, "hello");
          TestHost.chmod(p, "0640");
        }, FileType.FILE, 0640, null),
        new StatCase("dir", p -> {
          Files.createDirectory(p);
          TestHost.chmod(p, "02775");
        }, FileType.DIRECTORY, 02775, null),
        new StatCase("setuid", p -> {
          Files.writeString(p, "#!/bin/sh\n");
          TestHost.chmod(p, "4755");
        }, FileType.FILE, 04755, null),
        new StatCase("sticky", p -> {
          Files.createDirectory(p);
          TestHost.chmod(p, "1777");
        }, FileType.DIRECTORY, 01777, null),
        new StatCase("link", p -> Files.createSymbolicLink(p, Path.of("the target's name")), FileType.LINK, 0777,
            "the target's name"),
        new StatCase("dangling\nlink", p -> Files.createSymbolicLink(p, Path.of("/no/such\nplace")), FileType.LINK, 0777,
            "/no/such\nplace"),
        new StatCase("fifo", p -> TestHost.run("mkfifo", "-m", "0600", p.toString()), FileType.OTHER, 0600, null),
        new StatCase("absent", p -> {}, FileType.ABSENT, 0, null),
        new StatCase("with spaces  and\ttab", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("it's \"quoted\"", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("new\nline\n", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("$(touch pwned)`touch pwned`;touch pwned", p -> Files.writeString(p, "x"), FileType.FILE,
            TestHost.newFileMode(), null),
        new StatCase("é日本😀", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("-rf", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("!", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("(", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null),
        new StatCase("*?[a]\\", p -> Files.writeString(p, "x"), FileType.FILE, TestHost.newFileMode(), null));
  }

  @ParameterizedTest
  @MethodSource("statCases")
  void stat(StatCase c) throws IOException {
    Path p = dir.resolve(c.name());
    c.setup().make(p);
    FileState s = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).stat(p.toString());
    assertEquals(p.toString(), s.path());
    assertEquals(c.type(), s.type());
    assertEquals(c.mode(), s.mode(), () -> Integer.toOctalString(s.mode()));
    assertEquals(c.linkTarget(), s.linkTarget());
    assertNull(s.content());
    if (c.type() == FileType.ABSENT) {
      assertEquals(FileState.absent(p.toString()), s);
    } else {
      assertEquals(TestHost.owner(p), s.owner());
      assertEquals(TestHost.group(p), s.group());
      assertEquals(TestHost.attributes(p).size(), s.size());
    }
    assertTrue(Files.notExists(dir.resolve("pwned")) && Files.notExists(Path.of("pwned")));
  }

  @Test
  void statOfARelativePathIsRelativeToTheWorkingDirectory() {
    assertEquals(FileType.FILE, new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).stat("pom.xml").type());
    assertEquals(FileType.ABSENT, new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).stat("-no-such-file").type());
  }

  @ParameterizedTest
  @ValueSource(strings = {"absent-dir/x", "a-file/x"})
  void pathsThatCannotExistAreAbsent(String relative) throws IOException {
    Files.writeString(dir.resolve("a-file"), "x");
    assertEquals(FileType.ABSENT, new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).stat(dir.resolve(relative).toString()).type());
  }

  @Test
  void permissionDeniedOnAParentIsAnError() throws IOException {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.writeString(locked.resolve("x"), "x");
    TestHost.chmod(locked, "000");
    String path = locked.resolve("x").toString();
    HostException e = assertThrows(HostException.class, () -> new ShellHostView(TestHost.unprivileged(), new Answers(), java.util.Map.of()).stat(path));
    assertEquals("cannot stat " + path + ": Permission denied", e.getMessage());
  }

  @Test
  void unreadableContentIsAnError() throws IOException {
    TestHost.chmod(dir, "0755");
    Path secret = Files.writeString(dir.resolve("secret"), "x");
    TestHost.chmod(secret, "000");
    HostException e = assertThrows(HostException.class,
        () -> new ShellHostView(TestHost.unprivileged(), new Answers(), java.util.Map.of()).read(secret.toString()));
    assertEquals("cannot read " + secret + ": Permission denied", e.getMessage());
  }

  static Stream<Arguments> contents() {
    byte[] every = new byte[512];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    return Stream.of(
        Arguments.of("text", "hello\n".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("no trailing newline", "a\nb".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("empty", new byte[0]),
        Arguments.of("only NULs", new byte[] {0, 0, 0}),
        Arguments.of("every byte", every),
        Arguments.of("starts with the content mark", "c\0c".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contents")
  void readKeepsEveryByte(String name, byte[] content) throws IOException {
    Path p = Files.write(dir.resolve(name), content);
    FileState s = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).read(p.toString());
    assertEquals(FileType.FILE, s.type());
    assertEquals(content.length, s.size());
    assertArrayEquals(content, s.content());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contents")
  void readFollowsALinkToAFile(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of(name));
    FileState s = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).read(link.toString());
    assertEquals(FileType.LINK, s.type());
    assertEquals(name, s.linkTarget());
    assertArrayEquals(content, s.content());
  }

  @Test
  void readOfAnythingButAFileHasNoContent() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path toDir = Files.createSymbolicLink(dir.resolve("to-dir"), sub);
    Path fifo = dir.resolve("fifo");
    TestHost.run("mkfifo", fifo.toString());
    ShellHostView view = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of());
    for (Path p : List.of(sub, toDir, fifo, dir.resolve("absent"))) {
      assertNull(view.read(p.toString()).content(), p.toString());
    }
    assertEquals(FileType.ABSENT, view.read(dir.resolve("absent").toString()).type());
  }

  @Test
  void treeListsEverythingBelowWithoutFollowingLinks() throws IOException {
    Path root = Files.createDirectory(dir.resolve("root dir"));
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/new\nline"), "x");
    Files.writeString(root.resolve("top"), "xyz");
    Files.createSymbolicLink(root.resolve("up"), dir);
    for (String asked : List.of(root.toString(), root + "/")) {
      String under = root + "/";
      Map<String, FileType> expected = Map.of(
          asked, FileType.DIRECTORY,
          under + "a", FileType.DIRECTORY,
          under + "a/b", FileType.DIRECTORY,
          under + "a/b/new\nline", FileType.FILE,
          under + "top", FileType.FILE,
          under + "up", FileType.LINK);
      List<FileState> tree = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of()).tree(asked);
      assertEquals(asked, tree.get(0).path());
      assertEquals(expected, tree.stream().collect(Collectors.toMap(FileState::path, FileState::type)));
    }
  }

  @Test
  void treeOfAFileOrNothingIsOneEntry() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    ShellHostView view = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of());
    assertEquals(List.of(FileType.FILE), view.tree(file.toString()).stream().map(FileState::type).toList());
    assertEquals(List.of(FileState.absent(dir + "/none")), view.tree(dir + "/none"));
  }

  @Test
  void treeWithAnUnreadableSubdirectoryIsAnError() throws IOException {
    TestHost.chmod(dir, "0755");
    Path closed = Files.createDirectories(dir.resolve("t/closed"));
    TestHost.chmod(closed, "000");
    HostException e = assertThrows(HostException.class,
        () -> new ShellHostView(TestHost.unprivileged(), new Answers(), java.util.Map.of()).tree(dir.resolve("t").toString()));
    assertEquals("cannot list " + dir.resolve("t") + ": Permission denied", e.getMessage());
  }

  @Test
  void probeRunsTheCommand() {
    ShellHostView view = new ShellHostView(TestHost.local(), new Answers(), java.util.Map.of());
    assertEquals(new runbook.spi.CommandResult(3, "out", "err\n"), view.probe("printf out; echo err >&2; exit 3"));
  }

  @Test
  void answersHoldUntilInvalidatedOrAProbeMovesOn() throws IOException {
    AtomicInteger execs = new AtomicInteger();
    Connection counting = TestHost.wrapping((c, in) -> {
      execs.incrementAndGet();
      return TestHost.local().exec(c, in);
    });
    Path p = Files.writeString(dir.resolve("f"), "one");
    String path = p.toString();
    Answers answers = new Answers();
    ShellHostView view = new ShellHostView(counting, answers, java.util.Map.of());

    assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), view.read(path).content());
    assertEquals(3, view.stat(path).size());
    assertNull(view.stat(path).content());
    view.tree(path);
    view.tree(path);
    view.state(Command.script("true"));
    assertEquals(3, execs.get(), "one exec each for read (serving stat too), tree and state");
    Files.writeString(p, "changed");
    assertEquals(3, new ShellHostView(counting, answers, java.util.Map.of()).stat(path).size(), "another task's view: the kept answer");

    view.invalidate();
    assertEquals(7, view.stat(path).size());
    assertEquals(4, execs.get());

    Files.writeString(p, "changed again");
    view.probe("true");
    view.probe("true");
    assertEquals(5, execs.get(), "a probe is asked once per task");
    assertEquals(13, view.stat(path).size(), "after a probe, the host may have moved on: asked again");
  }

  @Test
  void connectionFailuresPropagate() {
    Connection broken = TestHost.wrapping((c, in) -> {
      throw new HostException("connection to web1 lost", true, null);
    });
    HostException e = assertThrows(HostException.class, () -> new ShellHostView(broken, new Answers(), java.util.Map.of()).stat("/etc/hosts"));
    assertTrue(e.unreachable());
  }
}
