package runbook.run;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The terminal of the person running runbook, when there is one. Up to JDK 21 {@link
 * System#console()} is null unless both standard input and output are a terminal; from JDK 22 on it
 * is there even when output goes to a file or a pipe, and {@code Console.isTerminal()} (not in
 * 17's API, so asked reflectively) tells the two apart. Without this, progress lines would be drawn
 * into logs and prompts would wait on a pipe. A warm controller lends each run it serves the
 * terminal of the process that asked for it.
 */
public final class Terminals {
  /** Where questions go: a terminal, or in tests a script of answers. */
  public interface Terminal {
    /** The line typed in answer, or null at end of input; {@code echo} false hides what is typed. */
    String readLine(String prompt, boolean echo);
  }

  private static final Method IS_TERMINAL = isTerminal();
  /** While a warm controller serves a run: the terminal of the process it serves, if any; else null. */
  private static volatile Optional<Terminal> lent;

  private Terminals() {}

  /** The terminal if runbook reads from and writes to one, else null. */
  public static Terminal interactive() {
    Optional<Terminal> served = lent;
    if (served != null) {
      return served.orElse(null);
    }
    Console console = console();
    return console == null ? null : (prompt, echo) -> {
      if (echo) {
        return console.readLine("%s", prompt);
      }
      char[] secret = console.readPassword("%s", prompt);
      return secret == null ? null : new String(secret);
    };
  }

  /** For the length of one run served for another process: its terminal, or empty when it has none. */
  public static void lend(Optional<Terminal> terminal) {
    lent = terminal;
  }

  /** The run served for another process has ended. */
  public static void giveBack() {
    lent = null;
  }

  private static Console console() {
    Console console = System.console();
    if (console == null || IS_TERMINAL == null) {
      return console;
    }
    try {
      return Boolean.TRUE.equals(IS_TERMINAL.invoke(console)) ? console : null;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static Method isTerminal() {
    try {
      return Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return null; // JDK 17 to 21: a console is a terminal
    }
  }
}
