package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An account's privileges as a map from target ("db.table", "*.*", names unquoted) to privilege
 * names ("SELECT", "ALL PRIVILEGES", "SELECT (a, b)"; "GRANT" is the grant option). Read from
 * community.mysql's priv text and from SHOW GRANTS, both normalised the same way, so that
 * comparing them is comparing sets. USAGE means nothing and is left out.
 */
final class Privileges {
  /** The grant option, as community.mysql's priv text names it. */
  static final String GRANT = "GRANT";
  private static final Pattern NAME = Pattern.compile("[A-Z]+( [A-Z]+)*");

  private Privileges() {}

  /**
   * community.mysql's "db.table:PRIV1,PRIV2/db2.*:ALL" (or a dict of target to privileges).
   *
   * @throws IllegalArgumentException naming the part that is not a privilege
   */
  static Map<Target, Set<String>> parse(Object priv) {
    Map<Target, Set<String>> out = new LinkedHashMap<>();
    if (priv instanceof Map<?, ?> dict) {
      dict.forEach((target, privs) -> out.merge(target(String.valueOf(target)), names(String.valueOf(privs)), Privileges::union));
      return out;
    }
    for (String item : split(String.valueOf(priv), '/')) {
      if (item.isBlank()) {
        continue;
      }
      int colon = item.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("invalid privileges string: '" + item.strip() + "' has no ':' between the target and the privileges");
      }
      out.merge(target(item.substring(0, colon)), names(item.substring(colon + 1)), Privileges::union);
    }
    return out;
  }

  /** The privileges in SHOW GRANTS lines; grants of roles, routines and proxies are not read (and never revoked). */
  static Map<Target, Set<String>> fromGrants(List<String> lines) {
    Map<Target, Set<String>> out = new LinkedHashMap<>();
    for (String line : lines) {
      if (!line.startsWith("GRANT ")) {
        continue;
      }
      int on = topLevel(line, " ON ", 6);
      if (on < 0) {
        continue;
      }
      int to = topLevel(line, " TO ", on + 4);
      String target = line.substring(on + 4, to < 0 ? line.length() : to);
      String privs = line.substring(6, on);
      if (target.startsWith("PROCEDURE ") || target.startsWith("FUNCTION ") || target.startsWith("PACKAGE ") || privs.equals("PROXY")) {
        continue;
      }
      Set<String> names = names(privs);
      if (to >= 0 && line.substring(to).contains(" GRANT OPTION")) {
        names.add(GRANT);
      }
      out.merge(target(target), names, Privileges::union);
    }
    return out;
  }

  /** What privileges are on: a table, all of a database's tables (table "*"), or everything (both "*"). */
  record Target(String db, String table) {
    String sql() {
      return Sql.target(db, table);
    }

    @Override
    public String toString() {
      return db + "." + table;
    }
  }

  /** A target as written: db.table, with names in backticks or not. */
  static Target target(String text) {
    List<String> parts = split(text.strip(), '.');
    if (parts.size() != 2) {
      throw new IllegalArgumentException("invalid privileges target '" + text.strip() + "': it must be db.table, db.* or *.*");
    }
    return new Target(unquote(parts.get(0).strip()), unquote(parts.get(1).strip()));
  }

  /** Privilege names for SQL: column lists quoted as identifiers. */
  static String sql(Set<String> names) {
    return names.stream().map(n -> {
      int paren = n.indexOf(" (");
      if (paren < 0) {
        return n;
      }
      String columns = n.substring(paren + 2, n.length() - 1);
      return n.substring(0, paren) + " (" + List.of(columns.split(", ")).stream().map(Sql::identifier).collect(Collectors.joining(", ")) + ")";
    }).collect(Collectors.joining(", "));
  }

  private static Set<String> names(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : split(text, ',')) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      int paren = item.indexOf('(');
      String name = (paren < 0 ? item : item.substring(0, paren)).strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid privilege '" + item + "'");
      }
      if (name.equals("ALL")) {
        name = "ALL PRIVILEGES";
      }
      if (name.equals("USAGE")) {
        continue;
      }
      if (name.equals("BINLOG MONITOR")) {
        // MariaDB 10.5+ shows REPLICATION CLIENT under its new name; MySQL knows only the old one
        name = "REPLICATION CLIENT";
      }
      if (paren >= 0) {
        if (!item.endsWith(")")) {
          throw new IllegalArgumentException("invalid privilege '" + item + "': its column list is not closed");
        }
        String columns = split(item.substring(paren + 1, item.length() - 1), ',').stream()
            .map(c -> unquote(c.strip())).collect(Collectors.joining(", "));
        name = name + " (" + columns + ")";
      }
      out.add(name);
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static String unquote(String name) {
    if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
      return name.substring(1, name.length() - 1).replace("``", "`");
    }
    return name;
  }

  /** Splits at {@code separator} outside backticks and parentheses. */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '`') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == separator) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** Where {@code word} first occurs from {@code from} outside backticks, quotes and parentheses, or -1. */
  private static int topLevel(String line, String word, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '`' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && line.startsWith(word, i)) {
        return i;
      }
    }
    return -1;
  }
}
