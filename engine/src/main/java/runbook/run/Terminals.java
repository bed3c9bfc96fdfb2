package runbook.run;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * The process's terminal, when it has one. Up to JDK 21 {@link System#console()} is null unless
 * both standard input and output are a terminal; from JDK 22 on it is there even when output goes
 * to a file or a pipe, and {@code Console.isTerminal()} (not in 17's API, so asked reflectively)
 * tells the two apart. Without this, progress lines would be drawn into logs and prompts would
 * wait on a pipe.
 */
public final class Terminals {
  private static final Method IS_TERMINAL = isTerminal();

  private Terminals() {}

  /** The console if this process reads from and writes to a terminal, else null. */
  public static Console interactive() {
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
