package runbook.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON written exactly as Python's json.dumps writes it for Ansible's to_json (", " and ": "
 * separators) and to_nice_json (indented, keys sorted), ASCII only with \\u escapes.
 */
final class Json {
  private final int indent;
  private final boolean sortKeys;
  private final StringBuilder out = new StringBuilder();

  private Json(int indent, boolean sortKeys) {
    this.indent = indent;
    this.sortKeys = sortKeys;
  }

  static String compact(Object value) {
    Json json = new Json(0, false);
    json.write(value, 0);
    return json.out.toString();
  }

  static String nice(Object value, int indent) {
    Json json = new Json(indent, true);
    json.write(value, 0);
    return json.out.toString();
  }

  private void write(Object value, int depth) {
    if (value instanceof Undefined undefined) {
      throw undefined.error();
    } else if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      out.append(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      if (sortKeys) {
        entries.sort(Comparator.comparing(entry -> Python.str(entry.getKey())));
      }
      writeContainer('{', '}', entries, depth, entry -> {
        string(Python.str(entry.getKey()));
        out.append(": ");
        write(entry.getValue(), depth + 1);
      });
    } else if (value instanceof Collection<?> list) {
      writeContainer('[', ']', list, depth, item -> write(item, depth + 1));
    } else if (value instanceof PyDateTime time) {
      string(time.isoformat()); // as Ansible's JSON encoder writes a datetime
    } else {
      string(Python.str(value));
    }
  }

  private <T> void writeContainer(char open, char close, Collection<T> items, int depth, java.util.function.Consumer<T> each) {
    out.append(open);
    if (items.isEmpty()) {
      out.append(close);
      return;
    }
    Iterator<T> it = items.iterator();
    while (it.hasNext()) {
      newline(depth + 1);
      each.accept(it.next());
      if (it.hasNext()) {
        out.append(indent > 0 ? "," : ", ");
      }
    }
    newline(depth);
    out.append(close);
  }

  private void newline(int depth) {
    if (indent > 0) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
  }

  private void string(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
