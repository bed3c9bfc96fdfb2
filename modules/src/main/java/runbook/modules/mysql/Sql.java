package runbook.modules.mysql;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one quoting of values spliced into SQL: every string literal, identifier and query argument
 * the mysql modules send passes through here. Literals use the backslash escapes of
 * mysql_real_escape_string; the client session clears NO_BACKSLASH_ESCAPES (see {@link Client}),
 * so they mean the same on every server. SQL travels on the client's stdin, never in argv.
 */
final class Sql {
  private static final Pattern PLACEHOLDER = Pattern.compile("%(?:\\(([^)]*)\\))?([s%])");

  private Sql() {}

  /** A string literal: 'it\'s'. NUL, CR, LF and ^Z are escaped, so the client's line reader never sees them raw. */
  static String literal(String value) {
    var out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\0' -> out.append("\\0");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\u001a' -> out.append("\\Z");
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '"' -> out.append("\\\"");
        default -> out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  /** An identifier: `my``db`. MySQL allows any character in one but NUL. */
  static String identifier(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a MySQL name cannot contain a NUL character");
    }
    return "`" + name.replace("`", "``") + "`";
  }

  /** db.table as a grant target: * stays bare, names are quoted. */
  static String target(String db, String table) {
    return (db.equals("*") ? "*" : identifier(db)) + "." + (table.equals("*") ? "*" : identifier(table));
  }

  /** An account: 'user'@'host'. */
  static String account(String user, String host) {
    return literal(user) + "@" + literal(host);
  }

  /** A query argument as pymysql renders one: NULL, a number, TRUE/FALSE, or a string literal. */
  static String value(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return literal(value.toString());
  }

  /**
   * pymysql's placeholders filled in, as community.mysql's query arguments are: %s takes the next
   * positional argument, %(name)s a named one, %% is a percent sign. Without arguments the query
   * is sent as written. Returns null (and says why in {@code problem}) when an argument is missing.
   */
  static Formatted format(String query, List<Object> positional, Map<String, Object> named) {
    if (positional.isEmpty() && named.isEmpty()) {
      return new Formatted(query, null);
    }
    Matcher m = PLACEHOLDER.matcher(query);
    var out = new StringBuilder();
    int next = 0;
    while (m.find()) {
      String replacement;
      if (m.group(2).equals("%")) {
        replacement = "%";
      } else if (m.group(1) != null) {
        if (!named.containsKey(m.group(1))) {
          return new Formatted(null, "the query uses %(" + m.group(1) + ")s, which named_args does not have");
        }
        replacement = value(named.get(m.group(1)));
      } else {
        if (next >= positional.size()) {
          return new Formatted(null, "the query has more %s placeholders than positional_args has values (" + positional.size() + ")");
        }
        replacement = value(positional.get(next++));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    if (next < positional.size()) {
      return new Formatted(null, "positional_args has " + positional.size() + " values but the query uses " + next);
    }
    return new Formatted(out.toString(), null);
  }

  /** A query with its arguments in place, or the reason it could not be made. */
  record Formatted(String sql, String problem) {}
}
