package runbook.spi;

/** The one quoting function: every value that reaches a remote shell goes through {@link #quote}. */
public final class Shell {
  private Shell() {}

  /**
   * Quotes a value as one POSIX shell word that is never expanded: single quotes around it, each
   * embedded single quote closed, escaped and reopened. Works for every byte but NUL.
   */
  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell argument cannot contain a NUL byte");
    }
    if (!value.isEmpty() && value.chars().allMatch(Shell::plain)) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static boolean plain(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "_-./=:,+@%".indexOf(c) >= 0;
  }
}
