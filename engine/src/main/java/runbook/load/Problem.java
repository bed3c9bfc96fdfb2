package runbook.load;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.UnaryOperator;
import runbook.model.SourceLocation;

/**
 * Something wrong with the user's input, found before anything runs.
 *
 * @param location where it was written; null for a problem of the command line itself (an extra var,
 *     a file that does not exist), whose message then names what it is about
 */
public record Problem(SourceLocation location, String message) {

  /** "FILE:LINE:COL: message" then the offending source line, then a caret under the column. */
  public String format() {
    return format(UnaryOperator.identity());
  }

  /** As {@link #format()}, with the quoted source line passed through {@code quoted} (which hides secrets). */
  public String format(UnaryOperator<String> quoted) {
    if (location == null) {
      return message;
    }
    String head = location + ": " + message;
    String source = sourceLine();
    if (source == null) {
      return head;
    }
    String line = quoted.apply(source);
    StringBuilder caret = new StringBuilder();
    int upTo = Math.min(Math.max(location.column() - 1, 0), line.length());
    for (int i = 0; i < upTo; i++) {
      // keep tabs so the caret lines up with the text as the terminal shows it
      caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    return head + "\n" + line + "\n" + caret + "^";
  }

  private String sourceLine() {
    try {
      List<String> lines = Files.readAllLines(location.file());
      int index = location.line() - 1;
      return index >= 0 && index < lines.size() ? lines.get(index) : null;
    } catch (IOException | RuntimeException e) {
      return null; // the heading alone still says where
    }
  }
}
