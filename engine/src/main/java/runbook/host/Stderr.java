package runbook.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the error output of coreutils and dash into the reason part of a one-sentence error. */
final class Stderr {
  /** Coreutils quote the file name and put the reason after it: {@code mv: cannot move 'a': Permission denied}. */
  private static final Pattern AFTER_QUOTED_NAME = Pattern.compile(".*['\"’]: (.+)");
  /** Or leave a plain name unquoted; the system's error text still comes last and starts in capitals. */
  private static final Pattern SYSTEM_ERROR = Pattern.compile(".*: ([A-Z][^:]*)");
  private static final Pattern PROGRAM_PREFIX = Pattern.compile("^[^:\\s]+: (?:\\d+: )?");

  private Stderr() {}

  /** The reason in the last meaningful line, e.g. "Permission denied"; empty when there is none. */
  static String reason(String stderr) {
    String line = lastLine(stderr);
    Matcher quoted = AFTER_QUOTED_NAME.matcher(line);
    if (quoted.matches()) {
      return quoted.group(1).trim();
    }
    Matcher system = SYSTEM_ERROR.matcher(line);
    if (system.matches()) {
      return system.group(1).trim();
    }
    return PROGRAM_PREFIX.matcher(line).replaceFirst("").trim();
  }

  /** Usage hints ("Try 'chmod --help'...") follow the real error, so they are passed over. */
  private static String lastLine(String stderr) {
    String[] lines = stderr.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].trim();
      if (!line.isEmpty() && !line.startsWith("Try '")) {
        return line;
      }
    }
    return "";
  }
}
