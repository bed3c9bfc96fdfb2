package runbook.host;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;
import runbook.connect.ExecResult;

/**
 * One action as one shell script: a list of steps, each ending in {@code || exit N} with its own
 * status N, so the status alone says which step failed and the sentence to report. Stdin carries
 * file content; the script's stdout is what a successful action returns (a backup's name).
 */
final class Script {
  /** Above what coreutils and the shell use themselves (1, 2, 126, 127) and below signals (128+). */
  static final int FIRST_STEP_STATUS = 70;

  private final StringBuilder text = new StringBuilder("LC_ALL=C; export LC_ALL\n");
  private final List<Function<String, String>> failures = new ArrayList<>();
  /** The steps whose failure is told the whole of stderr, not the reason in its last line. */
  private final BitSet whole = new BitSet();

  /** A line that cannot fail the action (an assignment, a trap). */
  Script line(String command) {
    text.append(command).append('\n');
    return this;
  }

  /** A step that fails the action with {@code failure} applied to the reason coreutils gave. */
  Script step(String command, Function<String, String> failure) {
    failures.add(failure);
    return line(command + " || exit " + (FIRST_STEP_STATUS + failures.size() - 1));
  }

  /**
   * A step that runs a user's check (validate, configtest) and fails the action with
   * {@code failure} applied to all the check printed: a checker's message spans lines, and the
   * last one alone ("Action 'configtest' failed.") says nothing. The step prints that on stderr.
   */
  Script check(String command, Function<String, String> failure) {
    failures.add(failure);
    whole.set(failures.size() - 1);
    return line("o=$(" + command + " 2>&1 </dev/null) || { printf '%s\n' \"$o\" >&2; exit "
        + (FIRST_STEP_STATUS + failures.size() - 1) + "; }");
  }

  /** A step whose failure reads "{@code what}: reason". */
  Script step(String command, String what) {
    return step(command, reason -> reason.isEmpty() ? what : what + ": " + reason);
  }

  String text() {
    return text.toString();
  }

  /** The sentence for a failed run, or null when it succeeded. */
  String failure(ExecResult r, String action) {
    if (r.rc() == 0) {
      return null;
    }
    String reason = Stderr.reason(r.err());
    int step = r.rc() - FIRST_STEP_STATUS;
    if (step >= 0 && step < failures.size()) {
      return failures.get(step).apply(whole.get(step) ? r.err().strip() : reason);
    }
    return "cannot " + action + ": the command ended with status " + r.rc() + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
