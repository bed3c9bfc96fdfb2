package runbook.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's literal syntax, as Ansible reads an INI inventory's values ({@code ast.literal_eval}):
 * numbers, quoted strings, True, False, None, lists, tuples (as lists) and dicts. A value that is no
 * literal stays the text it is ({@code true}, {@code 0644}, {@code a b}).
 */
final class PythonLiteral {
  private final String text;
  private int at;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /** The value of {@code text}: its literal when it is one (None is null), else the text itself. */
  static Object value(String text) {
    PythonLiteral p = new PythonLiteral(text);
    try {
      Object value = p.literal();
      p.space();
      return p.at == text.length() ? value : text;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return text;
    }
  }

  private Object literal() {
    space();
    char c = text.charAt(at);
    if (c == '\'' || c == '"') {
      return string(c);
    }
    if (c == '[') {
      return items(']');
    }
    if (c == '(') {
      return items(')');
    }
    if (c == '{') {
      return dict();
    }
    int start = at;
    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || "+-._".indexOf(text.charAt(at)) >= 0)) {
      at++;
    }
    String word = text.substring(start, at);
    return switch (word) {
      case "True" -> true;
      case "False" -> false;
      case "None" -> null;
      default -> number(word);
    };
  }

  private static Object number(String word) {
    String digits = word.startsWith("-") || word.startsWith("+") ? word.substring(1) : word;
    if (digits.matches("0|[1-9][0-9]*")) {
      java.math.BigInteger n = new java.math.BigInteger(word.startsWith("+") ? digits : word);
      return n.bitLength() < 32 ? (Object) n.intValue() : n.bitLength() < 64 ? (Object) n.longValue() : n;
    }
    if (digits.matches("(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?") && !digits.matches("0\\d+")) {
      return Double.valueOf(word);
    }
    throw new IllegalArgumentException(word);
  }

  private String string(char quote) {
    StringBuilder out = new StringBuilder();
    at++;
    while (text.charAt(at) != quote) {
      char c = text.charAt(at++);
      if (c == '\\') {
        char e = text.charAt(at++);
        out.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          case '0' -> '\0';
          default -> e; // \\, \', \" and the rest as written
        });
      } else {
        out.append(c);
      }
    }
    at++;
    return out.toString();
  }

  private List<Object> items(char close) {
    List<Object> items = new ArrayList<>();
    at++;
    while (true) {
      space();
      if (text.charAt(at) == close) {
        at++;
        return items;
      }
      items.add(literal());
      space();
      if (text.charAt(at) == ',') {
        at++;
      } else if (text.charAt(at) != close) {
        throw new IllegalArgumentException("expected , or " + close);
      }
    }
  }

  private Map<String, Object> dict() {
    Map<String, Object> map = new LinkedHashMap<>();
    at++;
    while (true) {
      space();
      if (text.charAt(at) == '}') {
        at++;
        return map;
      }
      Object key = literal();
      space();
      if (text.charAt(at++) != ':') {
        throw new IllegalArgumentException("expected :");
      }
      map.put(String.valueOf(key), literal());
      space();
      if (text.charAt(at) == ',') {
        at++;
      } else if (text.charAt(at) != '}') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
