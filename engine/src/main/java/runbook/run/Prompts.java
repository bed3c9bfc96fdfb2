package runbook.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.ModuleFailure;

/**
 * The run's one way to ask the person running it (pause's prompt). Questions are asked one at a
 * time, and a task asks once: its other hosts get the same answer, as Ansible's pause asks once for
 * the play. With --yes every question is answered at once with an empty line.
 */
final class Prompts {
  private final boolean yes;
  private final Terminals.Terminal terminal;
  private final Map<List<Object>, String> answers = new HashMap<>();

  Prompts(boolean yes, Terminals.Terminal terminal) {
    this.yes = yes;
    this.terminal = terminal;
  }

  /** On the process's terminal, if it has one. */
  static Prompts atTerminal(boolean yes) {
    return new Prompts(yes, Terminals.interactive());
  }

  /**
   * @param asker what asks (a task): a second question from it with the same prompt gets the first answer
   * @throws ModuleFailure when no one can be asked, or the input ended without an answer
   */
  synchronized String ask(Object asker, String prompt, boolean echo) {
    if (yes) {
      return "";
    }
    List<Object> key = List.of(asker, prompt);
    String known = answers.get(key);
    if (known != null) {
      return known;
    }
    if (terminal == null) {
      throw new ModuleFailure("cannot ask '" + prompt + "': there is no terminal to ask at (--yes answers every prompt)");
    }
    String answer = read(prompt, echo);
    answers.put(key, answer);
    return answer;
  }

  /** Whether a question would reach someone: there is a terminal, and no --yes. */
  boolean canAsk() {
    return terminal != null && !yes;
  }

  /**
   * Asks at the terminal, every time (vars_prompt's confirm asks twice).
   *
   * @throws ModuleFailure when the input ended without an answer
   */
  synchronized String read(String prompt, boolean echo) {
    String answer = terminal.readLine(prompt + ": ", echo);
    if (answer == null) {
      throw new ModuleFailure("no answer to '" + prompt + "': the input ended");
    }
    return answer;
  }
}
