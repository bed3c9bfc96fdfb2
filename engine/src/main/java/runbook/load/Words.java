package runbook.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Shell-like splitting of free-form text ({@code k=v k2="a b"}), keeping where each word was. Not
 * {@link runbook.spi.ShellWords}: a problem here must point at the word's column, so each word keeps
 * its offset, and the split never fails on a trailing backslash. Word boundaries are the same; only
 * a value's text differs, as in sh: inside double quotes {@code \$} and {@code \`} lose their
 * backslash. As in Ansible's split_args, a Jinja block ({@code {{ }}}, {@code {% %}}, {@code {# #}})
 * outside quotes is part of its word whatever it holds: {@code path={{ dir }}/x} is one word, and
 * the block's quotes and spaces stay as written.
 */
final class Words {
  /**
   * One word.
   *
   * @param text the word with its quotes removed
   * @param start offset of its first character in the original text
   */
  record Word(String text, int start) {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The key of a {@code k=v} word, or null when the word is not one. */
    String key() {
      int eq = text.indexOf('=');
      return eq > 0 && KEY.matcher(text.substring(0, eq)).matches() ? text.substring(0, eq) : null;
    }

    String value() {
      return text.substring(text.indexOf('=') + 1);
    }
  }

  private Words() {}

  /** The words of {@code text}; empty when a quote is left open. */
  static Optional<List<Word>> split(String text) {
    List<Word> words = new ArrayList<>();
    StringBuilder word = null;
    int start = 0;
    char quote = 0;
    int jinja = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
      if (word == null) {
        if (Character.isWhitespace(c)) {
          continue;
        }
        word = new StringBuilder();
        start = i;
      }
      if (quote == 0 && (two.equals("{{") || two.equals("{%") || two.equals("{#"))) {
        jinja++;
        word.append(two);
        i++;
      } else if (jinja > 0) {
        if (two.equals("}}") || two.equals("%}") || two.equals("#}")) {
          jinja--;
          word.append(two);
          i++;
        } else {
          word.append(c);
        }
      } else if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\\' && i + 1 < text.length() && (quote == 0 || "\"\\$`".indexOf(text.charAt(i + 1)) >= 0)) {
        word.append(text.charAt(++i));
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (Character.isWhitespace(c)) {
        words.add(new Word(word.toString(), start));
        word = null;
      } else {
        word.append(c);
      }
    }
    if (quote != 0) {
      return Optional.empty();
    }
    if (word != null) {
      words.add(new Word(word.toString(), start));
    }
    return Optional.of(words);
  }
}
