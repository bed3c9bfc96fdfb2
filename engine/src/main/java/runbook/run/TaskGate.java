package runbook.run;

import java.util.regex.Pattern;
import runbook.model.Task;

/**
 * --start-at-task and --step, as ansible-playbook decides them: tasks before the first whose name
 * (or role-prefixed name) equals the one given or matches it as an fnmatch pattern do not run, in
 * any play; with --step each task runs only when the person running says so, until they answer
 * "continue".
 */
final class TaskGate {
  private final Prompts prompts;
  private final Pattern startAt;
  private final String startAtText;
  private boolean started;
  private boolean stepping;

  TaskGate(String startAt, boolean step, Prompts prompts) {
    this.prompts = prompts;
    this.startAtText = startAt;
    this.startAt = startAt == null ? null : fnmatch(startAt);
    this.started = startAt == null;
    this.stepping = step;
  }

  /** Whether {@code task} runs; asks when stepping. {@code engine}: a task the engine added (a flush of handlers), never asked about. */
  synchronized boolean admits(Task task, boolean engine) {
    if (!started) {
      started = task.name() != null && (task.name().equals(startAtText) || startAt.matcher(task.name()).matches()
          || startAt.matcher(task.displayName()).matches());
      if (!started) {
        return false;
      }
    }
    if (!stepping || engine) {
      return true;
    }
    String answer = prompts.read("Perform task: TASK: " + task.displayName() + " (N)o/(y)es/(c)ontinue", true).strip().toLowerCase();
    if (answer.equals("c") || answer.equals("continue")) {
      stepping = false;
      return true;
    }
    return answer.equals("y") || answer.equals("yes");
  }

  /** The --start-at-task name that no task matched, or null. */
  synchronized String unmatched() {
    return started ? null : startAtText;
  }

  /** Python's fnmatch: * any run, ? one character, [seq] and [!seq] a set; everything else itself. */
  private static Pattern fnmatch(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (close > 0) {
        String set = glob.substring(i + 1, close);
        String members = (set.startsWith("!") ? "^" + set.substring(1) : set).replace("\\", "\\\\").replace("[", "\\[");
        regex.append('[').append(members).append(']');
        i = close;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
