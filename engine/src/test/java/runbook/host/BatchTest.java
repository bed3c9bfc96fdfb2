package runbook.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.Command;

class BatchTest {
  /** Questions whose answers a batch could plausibly mangle: bytes, NULs, no final newline, stderr, status, exec, exit, stdin. */
  private static final List<String> QUESTIONS = List.of(
      "printf 'a\\0b\\nc'",
      "printf ''",
      "echo out; echo err >&2; exit 3",
      "exec printf '%s\\n' \"it's\" '$(x)'",
      "cat",
      "printf '\\377\\376\\n'; exit 0",
      CommandText.of(Command.of("printf", "%s", "two words\nand a line").withEnv(java.util.Map.of("LC_ALL", "C"))),
      "x=$(mktemp); echo here > \"$x\"; cat \"$x\"; rm -f \"$x\"",
      "sleep 0.2; echo slow",
      "exit 127");

  @Test
  void eachAnswerInABatchIsTheAnswerAskedAlone() {
    Connection local = TestHost.local();
    assertSameAsAlone(local, QUESTIONS, Batch.run(local, QUESTIONS, noPaths(QUESTIONS.size())));
  }

  /** For questions that are no path's stat or read. */
  private static List<Batch.FileQuestion> noPaths(int count) {
    return java.util.Collections.nCopies(count, null);
  }

  private static void assertSameAsAlone(Connection local, List<String> questions, List<ExecResult> batched) {
    assertEquals(questions.size(), batched.size());
    for (int i = 0; i < questions.size(); i++) {
      ExecResult alone = local.exec(questions.get(i), null);
      String q = questions.get(i);
      assertEquals(alone.rc(), batched.get(i).rc(), q);
      assertArrayEquals(alone.stdout(), batched.get(i).stdout(), q);
      assertArrayEquals(alone.stderr(), batched.get(i).stderr(), q);
    }
  }

  /**
   * Stats and reads answered by the batch's shared find and cat, or alone where the path is not
   * there or is not a plain readable file: each the bytes the question gets asked alone.
   */
  @Test
  void aPathsStatAndReadInABatchAreTheAnswersAskedAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.write(dir.resolve("bytes"), new byte[] {'a', 0, 'b', '\n', (byte) 0xff});
    java.nio.file.Files.createFile(dir.resolve("empty"));
    java.nio.file.Files.writeString(dir.resolve("it's a\nname $(x)"), "quoted\n");
    java.nio.file.Files.createDirectory(dir.resolve("sub"));
    java.nio.file.Files.createSymbolicLink(dir.resolve("link"), dir.resolve("bytes"));
    java.nio.file.Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    List<String> paths = java.util.stream.Stream.of("bytes", "empty", "it's a\nname $(x)", "sub", "link", "dangling", "missing", "bytes/below")
        .map(n -> dir.resolve(n).toString()).toList();
    List<String> questions = new java.util.ArrayList<>(List.of("echo between"));
    List<Batch.FileQuestion> files = new java.util.ArrayList<>(java.util.Collections.singletonList(null));
    for (String path : paths) {
      questions.add(StatRecords.find(path, false));
      files.add(new Batch.FileQuestion(path, false));
      questions.add(ShellHostView.readCommand(path));
      files.add(new Batch.FileQuestion(path, true));
    }
    Connection local = TestHost.local();
    assertSameAsAlone(local, questions, Batch.run(local, questions, files));
    String statuses = local.exec(Batch.script(questions, files), null).out().lines().findFirst().orElseThrow();
    // each path's stat, then its read: shared where it is there (a read: a plain file), alone otherwise
    assertEquals("0 m m m m m m m 0 m 0 m 0 1 1 1 1 0 0", statuses.strip(), "which answers the shared find and cat gave");
  }

  @Test
  void aBatchLeavesNothingBehind() {
    Connection local = TestHost.local();
    String dir = Batch.run(local, List.of("dirname \"$d/x\""), noPaths(1)).get(0).out().strip();
    assertEquals(1, local.exec("test -e '" + dir + "'", null).rc(), "the batch's directory is removed");
  }

  @Test
  void oneRoundTripFillsTheAnswers() {
    AtomicInteger execs = new AtomicInteger();
    Connection counting = TestHost.wrapping((c, in) -> {
      execs.incrementAndGet();
      return TestHost.local().exec(c, in);
    });
    Answers answers = new Answers();
    Answers.fetch(QUESTIONS.stream().map(q -> new Answers.Question(answers, counting, q, null)).toList());
    assertEquals(1, execs.get());
    for (String q : QUESTIONS) {
      answers.ask(q, counting);
    }
    assertEquals(1, execs.get(), "every answer kept");
  }

  @Test
  void lookingAheadWritesQuestionsDownInsteadOfAsking() {
    AtomicInteger execs = new AtomicInteger();
    Connection counting = TestHost.wrapping((c, in) -> {
      execs.incrementAndGet();
      return TestHost.local().exec(c, in);
    });
    Answers answers = new Answers();
    ShellHostView view = new ShellHostView(counting, answers, java.util.Map.of());
    List<Answers.Question> asked = Answers.unanswered(() -> view.stat("/etc/hostname"));
    assertEquals(0, execs.get());
    assertEquals(1, asked.size());
    assertEquals(List.of(), Answers.unanswered(() -> view.probe("true")), "a probe is never asked ahead");
    assertEquals(0, execs.get());
  }

  @Test
  void garbledOutputIsRefused() {
    String shared = "0 s\n0 se\n0 c\n";
    for (String garbled : List.of(
        "0 0 0\n5 0\n0 0e\n" + shared + "5 total\nabc",      // cut short
        "0 1 0 0\n5 0\n0 0e\n" + shared + "5 total\nabcde",  // two statuses for one answer
        "x 0 0\n5 0\n0 0e\n" + shared + "5 total\nabcde",    // a status that is not a number
        "0 0 0\n0 0e\n5 0\n" + shared + "5 total\nabcde",    // the counts in another order
        "0 0 0\n5 0\n0 0e\n" + shared,                         // no total line
        "m 0 0\n0 0\n0 0e\n" + shared + "0 total\n",          // shared, for a question that is no path's
        "")) {
      assertThrows(Batch.Garbled.class, () -> Batch.parse(garbled.getBytes(StandardCharsets.US_ASCII), noPaths(1)), garbled);
    }
    assertEquals("abc", Batch.parse(("0 0 0\n 3 0\n 1 0e\n" + shared + " 4 total\nabcd").getBytes(StandardCharsets.US_ASCII), noPaths(1)).get(0).out());
  }
}
