package runbook.template;

/**
 * Jinja reads string literals with Python's escapes ('\\1' is a backslash and 1, '\d' stays '\d',
 * '\n' is a newline); the expression parser under Jinjava accepts only \\ and \'. This rewrites
 * each literal of an expression into the parser's form with the value Python would give it.
 */
final class StringLiterals {
  private StringLiterals() {}

  static String rewrite(String expression) {
    if (expression.indexOf('\\') < 0) {
      return expression;
    }
    StringBuilder out = new StringBuilder(expression.length());
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c != '\'' && c != '"') {
        out.append(c);
        i++;
        continue;
      }
      StringBuilder value = new StringBuilder();
      i = readLiteral(expression, i, value);
      out.append(c);
      for (int k = 0; k < value.length(); k++) {
        char v = value.charAt(k);
        if (v == '\\' || v == c) {
          out.append('\\');
        }
        out.append(v);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Reads the literal opening at start into value; returns the index after its closing quote. */
  private static int readLiteral(String text, int start, StringBuilder value) {
    char quote = text.charAt(start);
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == quote) {
        return i + 1;
      }
      if (c != '\\' || i + 1 == text.length()) {
        value.append(c);
        i++;
        continue;
      }
      char e = text.charAt(i + 1);
      i += 2;
      switch (e) {
        case '\\', '\'', '"' -> value.append(e);
        case 'n' -> value.append('\n');
        case 't' -> value.append('\t');
        case 'r' -> value.append('\r');
        case 'a' -> value.append('\u0007');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'v' -> value.append('\u000b');
        case 'x', 'u', 'U' -> {
          int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + digits <= text.length() && text.substring(i, i + digits).chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
            value.appendCodePoint(Integer.parseInt(text.substring(i, i + digits), 16));
            i += digits;
          } else {
            value.append('\\').append(e);
          }
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int end = i;
            while (end < text.length() && end < i + 2 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
              end++;
            }
            value.append((char) Integer.parseInt(text.substring(i - 1, end), 8));
            i = end;
          } else {
            value.append('\\').append(e);
          }
        }
      }
    }
    return i; // unterminated: the parser reports it
  }
}
