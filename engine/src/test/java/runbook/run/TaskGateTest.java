package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import runbook.model.Keywords;
import runbook.model.LoopControl;
import runbook.model.Task;

/** Which tasks --start-at-task and --step let run, as ansible-playbook decides it. */
class TaskGateTest {
  private final List<String> asked = new ArrayList<>();

  private static Task task(String name) {
    return new Task(name, "debug", Map.of(), Map.of(), null, Keywords.NONE, null, null, LoopControl.DEFAULT, null, List.of(), List.of(),
        List.of(), List.of(), null, null, null);
  }

  private Prompts typing(String... lines) {
    Queue<String> answers = new ArrayDeque<>(List.of(lines));
    return new Prompts(false, (prompt, echo) -> {
      asked.add(prompt);
      return answers.poll();
    });
  }

  /** The names run, of tasks a, b1, b2, [x], c, in order. */
  private static List<String> ran(TaskGate gate) {
    return Stream.of("a", "b1", "b2", "[x]", "c").filter(n -> gate.admits(task(n), false)).toList();
  }

  @Test
  void startAtTaskMatchesANameOrAnFnmatchPatternAndEverythingAfterRuns() {
    record Case(String startAt, List<String> ran, String unmatched) {}
    for (Case c : List.of(
        new Case(null, List.of("a", "b1", "b2", "[x]", "c"), null),
        new Case("b2", List.of("b2", "[x]", "c"), null),
        new Case("b*", List.of("b1", "b2", "[x]", "c"), null),
        new Case("?2", List.of("b2", "[x]", "c"), null),
        new Case("[!ab]", List.of("c"), null),
        new Case("[x]", List.of("[x]", "c"), null),
        new Case("B*", List.of(), "B*"))) {
      TaskGate gate = new TaskGate(c.startAt(), false, typing());
      assertEquals(c.ran(), ran(gate), c.toString());
      assertEquals(c.unmatched(), gate.unmatched(), c.toString());
    }
  }

  @Test
  void stepAsksBeforeEachTaskNoByDefaultUntilContinue() {
    TaskGate gate = new TaskGate(null, true, typing("y", "", "n", "continue"));
    assertEquals(List.of("a", "[x]", "c"), ran(gate));
    assertEquals(List.of("Perform task: TASK: a (N)o/(y)es/(c)ontinue: ", "Perform task: TASK: b1 (N)o/(y)es/(c)ontinue: ",
        "Perform task: TASK: b2 (N)o/(y)es/(c)ontinue: ", "Perform task: TASK: [x] (N)o/(y)es/(c)ontinue: "), asked);
  }

  @Test
  void theEnginesOwnTasksAreNotAskedAbout() {
    TaskGate gate = new TaskGate(null, true, typing());
    assertEquals(true, gate.admits(task(null), true));
    assertEquals(List.of(), asked);
  }
}
