package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import runbook.spi.ModuleFailure;

class PromptsTest {
  private final List<String> shown = new ArrayList<>();

  private Terminals.Terminal typing(String... lines) {
    Queue<String> answers = new ArrayDeque<>(List.of(lines));
    return (prompt, echo) -> {
      shown.add(prompt + (echo ? "" : " (hidden)"));
      return answers.poll();
    };
  }

  @Test
  void aTaskAsksOnceForAllItsHosts() {
    var prompts = new Prompts(false, typing("go", "stop"));
    Object task = "task at cutover.yml:3:5";
    assertEquals("go", prompts.ask(task, "Cut over now?", true));
    assertEquals("go", prompts.ask(task, "Cut over now?", true));
    assertEquals("stop", prompts.ask("another task", "Cut over now?", false));
    assertEquals(List.of("Cut over now?: ", "Cut over now?:  (hidden)"), shown);
  }

  @Test
  void yesAnswersWithoutAsking() {
    var prompts = new Prompts(true, typing());
    assertEquals("", prompts.ask("t", "Cut over now?", true));
    assertEquals(List.of(), shown);
  }

  @Test
  void withoutATerminalItFailsInOneSentence() {
    var e = assertThrows(ModuleFailure.class, () -> new Prompts(false, null).ask("t", "Cut over now?", true));
    assertEquals("cannot ask 'Cut over now?': there is no terminal to ask at (--yes answers every prompt)", e.getMessage());
  }

  @Test
  void theEndOfInputIsNoAnswer() {
    var e = assertThrows(ModuleFailure.class, () -> new Prompts(false, typing()).ask("t", "Continue?", true));
    assertEquals("no answer to 'Continue?': the input ended", e.getMessage());
  }
}
