package runbook.modules.mysql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result sets that {@code mysql --xml} prints, one per statement that returns rows. The client
 * escapes only {@code < > & "} in values and prints tabs, newlines and everything else as they are,
 * so a value ends at the first '<' after it begins: this reads the format as the client writes it
 * instead of asking an XML parser to accept control characters, which XML forbids. A SQL NULL is a
 * field marked {@code xsi:nil} and reads as null. (The client turns a NUL byte into a space and
 * output is read as UTF-8: SELECT HEX(column) where bytes matter.)
 */
final class Results {
  private static final String NIL = "xsi:nil=\"true\"";

  private Results() {}

  /** Every result set in order; each row maps column names, in order, to values or null. */
  static List<List<Map<String, String>>> parse(String xml) {
    List<List<Map<String, String>>> sets = new ArrayList<>();
    List<Map<String, String>> rows = null;
    Map<String, String> row = null;
    int i = 0;
    while ((i = xml.indexOf('<', i)) >= 0) {
      int close = xml.indexOf('>', i);
      if (close < 0) {
        break;
      }
      String tag = xml.substring(i + 1, close);
      if (tag.startsWith("resultset ") || tag.equals("resultset")) {
        rows = new ArrayList<>();
        sets.add(rows);
      } else if (tag.equals("row") && rows != null) {
        row = new LinkedHashMap<>();
        rows.add(row);
      } else if (tag.equals("/row")) {
        row = null;
      } else if (tag.startsWith("field ") && row != null) {
        String name = unescape(attribute(tag, "name"));
        if (tag.endsWith("/") || tag.contains(NIL)) {
          row.put(name, tag.contains(NIL) ? null : "");
        } else {
          int end = xml.indexOf('<', close + 1);
          row.put(name, unescape(xml.substring(close + 1, end < 0 ? xml.length() : end)));
          close = end < 0 ? xml.length() - 1 : end - 1;
        }
      }
      i = close + 1;
    }
    sets.replaceAll(Collections::unmodifiableList);
    return Collections.unmodifiableList(sets);
  }

  private static String attribute(String tag, String name) {
    int start = tag.indexOf(name + "=\"") + name.length() + 2;
    return tag.substring(start, tag.indexOf('"', start));
  }

  private static String unescape(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
  }
}
