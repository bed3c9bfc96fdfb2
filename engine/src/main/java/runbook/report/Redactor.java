package runbook.report;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.secret.Secrets;

/**
 * Hides the run's secrets ({@link Secrets}) in everything printed. A value is replaced by
 * {@code ********}; a diff shows a line that holds one as changed, without its content.
 */
public final class Redactor {
  static final String MASK = "********";
  static final String HIDDEN_LINE = MASK + " (a line holding a secret)";
  /** "name: value" or "name=value", as a YAML or INI source line writes a variable. */
  private static final Pattern ASSIGNMENT = Pattern.compile("^(\\s*(?:-\\s+)?[\"']?([\\w.-]+)[\"']?\\s*[:=]\\s*)(\\S.*)$");

  private final Secrets secrets;

  public Redactor(Secrets secrets) {
    this.secrets = secrets;
  }

  public static Redactor none() {
    return new Redactor(Secrets.none());
  }

  public String redact(String text) {
    return secrets.any() ? secrets.mask(text, MASK) : text;
  }

  /**
   * A unified diff with the lines that hold a secret replaced by {@link #HIDDEN_LINE}. The lines a
   * change removes next to an added secret line are hidden too: they most likely held the secret's
   * old value, which nothing marks as secret.
   */
  public String diff(String unified) {
    if (!secrets.any()) {
      return unified;
    }
    List<String> lines = new ArrayList<>(unified.lines().toList());
    int start = 0;
    while (start < lines.size()) {
      int end = start;
      while (end < lines.size() && changed(lines.get(end))) {
        end++;
      }
      if (end == start) {
        lines.set(start, hide(lines.get(start)));
        start++;
        continue;
      }
      boolean secretAdded = lines.subList(start, end).stream().anyMatch(l -> l.startsWith("+") && secrets.in(l));
      for (int i = start; i < end; i++) {
        String line = lines.get(i);
        lines.set(i, secretAdded && line.startsWith("-") ? line.charAt(0) + HIDDEN_LINE : hide(line));
      }
      start = end;
    }
    return String.join("\n", lines) + (unified.endsWith("\n") ? "\n" : "");
  }

  private static boolean changed(String line) {
    return (line.startsWith("+") && !line.startsWith("+++ ")) || (line.startsWith("-") && !line.startsWith("--- "));
  }

  private String hide(String line) {
    boolean body = line.startsWith(" ") || changed(line);
    if (!body || !secrets.in(line)) {
      return redact(line);
    }
    return line.charAt(0) + HIDDEN_LINE;
  }

  /** A writer that passes every line through {@link #redact} on its way to {@code out}. */
  public PrintWriter redacting(PrintWriter out) {
    return new PrintWriter(new Writer() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
          line.append(chars[i]);
          if (chars[i] == '\n') {
            out.print(redact(line.toString()));
            line.setLength(0);
          }
        }
      }

      @Override
      public void flush() {
        if (line.length() > 0) {
          out.print(redact(line.toString()));
          line.setLength(0);
        }
        out.flush();
      }

      @Override
      public void close() {
        flush();
      }
    }, true);
  }

  /**
   * A line of the user's source quoted under a problem: secret values masked, and the value of a
   * variable whose name says it is secret masked too, since a file that did not load has not told
   * us its values.
   */
  public String sourceLine(String line) {
    Matcher m = ASSIGNMENT.matcher(line);
    if (m.matches() && secrets.named(m.group(2)) && !m.group(3).startsWith("!vault")) {
      return m.group(1) + MASK;
    }
    return redact(line);
  }
}
