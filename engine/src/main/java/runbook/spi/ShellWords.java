package runbook.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a command line into words as Python's shlex.split does (POSIX rules, no comments), which is
 * how Ansible splits a command's free-form text and the ssh arguments of a host. The one
 * implementation: modules and engine both use it.
 */
public final class ShellWords {
  private ShellWords() {}

  /** The words, or empty when a quote is left open. */
  public static Optional<List<String>> split(String line) {
    var words = new ArrayList<String>();
    var word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int close = line.indexOf('\'', i + 1);
        if (close < 0) {
          return Optional.empty();
        }
        word.append(line, i + 1, close);
        i = close;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char d = line.charAt(j);
          // Inside double quotes a backslash escapes only " and \ itself.
          if (d == '\\' && j + 1 < line.length() && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
            d = line.charAt(++j);
          }
          word.append(d);
        }
        if (j >= line.length()) {
          return Optional.empty();
        }
        i = j;
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 == line.length()) {
          return Optional.empty();
        }
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return Optional.of(words);
  }
}
