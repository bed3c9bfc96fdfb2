package runbook.modules.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Controller;
import runbook.spi.Plan;

/** pause: waits, or asks through the controller; the answer is registered. */
class PausePlanTest {
  private final List<String> asked = new ArrayList<>();

  /** A controller with someone at the terminal typing {@code answer}. */
  private Controller answering(String answer) {
    FakeController files = FakeController.empty();
    return new Controller() {
      @Override
      public byte[] readFile(String subdir, String path, boolean decrypt) {
        return files.readFile(subdir, path, decrypt);
      }

      @Override
      public java.util.Optional<List<Controller.SourceEntry>> readTree(String subdir, String path, boolean followLinks, boolean decrypt) {
        return files.readTree(subdir, path, followLinks, decrypt);
      }

      @Override
      public String render(String template) {
        return files.render(template);
      }

      @Override
      public Object evaluate(String expression) {
        return files.evaluate(expression);
      }

      @Override
      public boolean test(String condition) {
        return files.test(condition);
      }

      @Override
      public String ask(String prompt, boolean echo) {
        asked.add(prompt + (echo ? "" : " (hidden)"));
        return answer;
      }
    };
  }

  private Plan plan(Map<String, Object> args, Controller controller) {
    return Calls.plan(new PauseModule(), args, FakeHost.empty(), controller, true);
  }

  @Test
  void aPromptRegistersTheAnswer() {
    Plan plan = plan(args("prompt", "Cut over now?", "echo", false), answering("yes"));
    assertEquals(List.of("Cut over now? (hidden)"), asked);
    assertEquals("yes", plan.data().get("user_input"));
    assertEquals(false, plan.data().get("echo"));
  }

  @Test
  void withoutAPromptAnsiblesWords() {
    plan(args(), answering(""));
    assertEquals(List.of(PauseModule.DEFAULT_PROMPT), asked);
  }

  @Test
  void secondsWaitWithoutAsking() {
    Plan plan = plan(args("seconds", 0), answering("unused"));
    assertEquals(List.of(), asked);
    assertEquals("Paused for 0 seconds", ((Plan.Unchanged) plan).reason());
  }

  @Test
  void secondsAndMinutesExcludeEachOther() {
    assertEquals("failed: parameters are mutually exclusive: minutes|seconds\n", PlanText.of(plan(args("seconds", 1, "minutes", 1), answering(""))));
    assertEquals("failed: a pause cannot be negative\n", PlanText.of(plan(args("seconds", -1), answering(""))));
  }
}
