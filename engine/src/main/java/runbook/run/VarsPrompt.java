package runbook.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.model.VarPrompt;
import runbook.spi.ModuleFailure;

/**
 * A play's vars_prompt, asked once when the play starts. An extra var of the same name is the answer
 * already (nothing asked); an empty answer is the default. As in Ansible, a run that cannot ask (no
 * terminal, or --yes) says so and takes the defaults, None where there is none.
 */
final class VarsPrompt {
  private VarsPrompt() {}

  static Map<String, Object> ask(List<VarPrompt> prompts, Run run) {
    Map<String, Object> answers = new LinkedHashMap<>();
    List<String> defaulted = new ArrayList<>();
    for (VarPrompt prompt : prompts) {
      if (run.extraVars().containsKey(prompt.name())) {
        continue;
      }
      String typed = run.prompts().canAsk() ? answer(prompt, run.prompts()) : null;
      if (typed == null) {
        defaulted.add(prompt.name());
      }
      answers.put(prompt.name(), typed == null || typed.isEmpty() ? prompt.defaultValue() : typed);
    }
    if (!defaulted.isEmpty()) {
      run.listener().on(new RunEvent.Warning("not prompting, as there is no terminal to ask at (or --yes was given): "
          + String.join(", ", defaulted) + " take their defaults"));
    }
    return answers;
  }

  /** The answer, asked twice with confirm: until both agree; null when the input ended. */
  private static String answer(VarPrompt prompt, Prompts prompts) {
    try {
      while (true) {
        String first = prompts.read(prompt.prompt(), !prompt.secret());
        if (!prompt.confirm() || first.equals(prompts.read("confirm " + prompt.prompt(), !prompt.secret()))) {
          return first;
        }
      }
    } catch (ModuleFailure ended) {
      return null;
    }
  }
}
