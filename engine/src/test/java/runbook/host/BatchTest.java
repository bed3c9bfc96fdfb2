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
    List<ExecResult> batched = Batch.run(local, QUESTIONS);
    assertEquals(QUESTIONS.size(), batched.size());
    for (int i = 0; i < QUESTIONS.size(); i++) {
      ExecResult alone = local.exec(QUESTIONS.get(i), null);
      String q = QUESTIONS.get(i);
      assertEquals(alone.rc(), batched.get(i).rc(), q);
      assertArrayEquals(alone.stdout(), batched.get(i).stdout(), q);
      assertArrayEquals(alone.stderr(), batched.get(i).stderr(), q);
    }
  }

  @Test
  void aBatchLeavesNothingBehind() {
    Connection local = TestHost.local();
    String dir = Batch.run(local, List.of("dirname \"$d/x\"")).get(0).out().strip();
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
    Answers.fetch(QUESTIONS.stream().map(q -> new Answers.Question(answers, counting, q)).toList());
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
    for (String garbled : List.of(
        "0\n5 0\n0 0e\n5 total\nabc",      // cut short
        "0 1\n5 0\n0 0e\n5 total\nabcde",  // two statuses for one answer
        "x\n5 0\n0 0e\n5 total\nabcde",    // a status that is not a number
        "0\n0 0e\n5 0\n5 total\nabcde",    // the counts in another order
        "0\n5 0\n0 0e\n",                   // no total line
        "")) {
      assertThrows(Batch.Garbled.class, () -> Batch.parse(garbled.getBytes(StandardCharsets.US_ASCII), 1), garbled);
    }
    assertEquals("abc", Batch.parse("0\n 3 0\n 1 0e\n 4 total\nabcd".getBytes(StandardCharsets.US_ASCII), 1).get(0).out());
  }
}
