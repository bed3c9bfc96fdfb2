package runbook.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Jinja2's builtin filters where Jinjava's own differ from Jinja2 (as compared with ansible-playbook). */
final class JinjaFilters {
  private JinjaFilters() {}

  static void into(Map<String, Filters.Body> ours) {
    ours.put("batch", JinjaFilters::batch);
    ours.put("slice", JinjaFilters::slice);
    ours.put("dictsort", JinjaFilters::dictsort);
    ours.put("groupby", JinjaFilters::groupby);
    ours.put("reverse", JinjaFilters::reverse);
    ours.put("round", JinjaFilters::round);
    ours.put("tojson", (v, a) -> htmlSafe(Json.compact(Filters.sortedPlain(v))));
    ours.put("truncate", JinjaFilters::truncate);
    ours.put("xmlattr", JinjaFilters::xmlattr);
    ours.put("pprint", (v, a) -> {
      String repr = Python.str(java.util.Collections.singletonList(v));
      return repr.substring(1, repr.length() - 1);
    });
  }

  /** Rows of n items; the last is filled only when a fill value is given. */
  private static Object batch(Object value, Args args) {
    int size = Filters.integer(args.get(0, "linecount", 1));
    Object fill = args.get(1, "fill_with", null);
    List<Object> items = Filters.list(value, "batch");
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      List<Object> row = new ArrayList<>(items.subList(i, Math.min(items.size(), i + size)));
      while (fill != null && row.size() < size) {
        row.add(fill);
      }
      rows.add(row);
    }
    return rows;
  }

  /** n columns, the first ones one longer, as Jinja2's slice. */
  private static Object slice(Object value, Args args) {
    int slices = Filters.integer(args.get(0, "slices", 1));
    Object fill = args.get(1, "fill_with", null);
    List<Object> items = Filters.list(value, "slice");
    int per = items.size() / slices;
    int extra = items.size() % slices;
    int offset = 0;
    List<Object> out = new ArrayList<>();
    for (int n = 0; n < slices; n++) {
      int start = offset + n * per;
      if (n < extra) {
        offset++;
      }
      List<Object> column = new ArrayList<>(items.subList(start, offset + (n + 1) * per));
      if (fill != null && n >= extra) {
        column.add(fill);
      }
      out.add(column);
    }
    return out;
  }

  private static Object dictsort(Object value, Args args) {
    boolean caseSensitive = args.flag(0, "case_sensitive");
    String by = args.string(1, "by", "key");
    boolean reverse = args.flag(2, "reverse");
    if (!by.equals("key") && !by.equals("value")) {
      throw new TemplateError("dictsort: you can only sort by either \"key\" or \"value\"");
    }
    List<Object> items = new ArrayList<>();
    Filters.mapping(value, "dictsort").forEach((k, v) -> items.add(ListFilters.pair(k, v)));
    int index = by.equals("key") ? 0 : 1;
    Comparator<Object> order = (a, b) -> Numbers.compare(((List<?>) a).get(index), ((List<?>) b).get(index), caseSensitive);
    items.sort(reverse ? order.reversed() : order);
    return items;
  }

  /** Groups as (grouper, list) pairs, sorted by the grouper (case-insensitively, as Jinja2). */
  private static Object groupby(Object value, Args args) {
    String attribute = args.string(0, "attribute", "");
    Object fallback = args.get(1, "default", null);
    boolean caseSensitive = args.flag(2, "case_sensitive");
    Map<Object, List<Object>> groups = new LinkedHashMap<>();
    Map<Object, Object> shown = new LinkedHashMap<>();
    for (Object item : Filters.list(value, "groupby")) {
      Object grouper = item;
      for (String part : attribute.split("\\.")) {
        grouper = grouper instanceof Map<?, ?> map && map.containsKey(part) ? map.get(part)
            : grouper instanceof List<?> list && part.matches("\\d+") && Integer.parseInt(part) < list.size() ? list.get(Integer.parseInt(part))
            : fallback;
      }
      Object key = Numbers.key(grouper);
      if (!caseSensitive && key instanceof String s) {
        key = s.toLowerCase(Locale.ROOT);
      }
      shown.putIfAbsent(key, grouper);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
    }
    List<Object> keys = new ArrayList<>(groups.keySet());
    keys.sort((a, b) -> Numbers.compare(a, b, true));
    return keys.stream().map(k -> (Object) new Group(shown.get(k), groups.get(k))).toList();
  }

  /** One group of groupby: a (grouper, list) pair that also answers to .grouper and .list, as Jinja2's namedtuple. */
  static final class Group extends java.util.AbstractList<Object> {
    private final Object grouper;
    private final List<Object> list;

    Group(Object grouper, List<Object> list) {
      this.grouper = grouper;
      this.list = list;
    }

    /** The field of that name, or null when there is none. */
    Object field(Object name) {
      return "grouper".equals(name) ? grouper : "list".equals(name) ? list : null;
    }

    @Override
    public Object get(int index) {
      return switch (index) {
        case 0 -> grouper;
        case 1 -> list;
        default -> throw new IndexOutOfBoundsException(index);
      };
    }

    @Override
    public int size() {
      return 2;
    }
  }

  private static Object reverse(Object value, Args args) {
    if (value instanceof CharSequence s) {
      return new StringBuilder(s).reverse().toString();
    }
    List<Object> items = Filters.list(value, "reverse");
    java.util.Collections.reverse(items);
    return items;
  }

  /** Python's round (half to even on the exact binary value), or floor or ceil; a float, an int stays an int. */
  private static Object round(Object value, Args args) {
    int precision = Filters.integer(args.get(0, "precision", 0));
    String method = args.string(1, "method", "common");
    RoundingMode mode = switch (method) {
      case "common" -> RoundingMode.HALF_EVEN;
      case "floor" -> RoundingMode.FLOOR;
      case "ceil" -> RoundingMode.CEILING;
      default -> throw new TemplateError("method must be common, ceil or floor");
    };
    if (!(value instanceof Number number)) {
      throw new TemplateError("round expects a number, got '" + Numbers.typeName(value) + "'");
    }
    if (!(value instanceof Double || value instanceof Float || value instanceof BigDecimal) && method.equals("common")) {
      return value;
    }
    return new BigDecimal(number.doubleValue()).setScale(precision, mode).doubleValue();
  }

  private static Object truncate(Object value, Args args) {
    String text = Python.str(value);
    int length = Filters.integer(args.get(0, "length", 255));
    boolean killwords = args.flag(1, "killwords");
    String end = args.string(2, "end", "...");
    int leeway = Filters.integer(args.get(3, "leeway", 5));
    if (text.length() <= length + leeway) {
      return text;
    }
    String head = text.substring(0, Math.max(0, length - end.length()));
    if (killwords) {
      return head + end;
    }
    int space = head.lastIndexOf(' ');
    return (space < 0 ? head : head.substring(0, space)) + end;
  }

  private static Object xmlattr(Object value, Args args) {
    boolean autospace = Python.truthy(args.get(0, "autospace", true));
    List<String> parts = new ArrayList<>();
    Filters.mapping(value, "xmlattr").forEach((k, v) -> {
      if (v != null && !(v instanceof Undefined)) {
        parts.add(escape(Python.str(k)) + "=\"" + escape(Python.str(v)) + "\"");
      }
    });
    String joined = String.join(" ", parts);
    return autospace && !joined.isEmpty() ? " " + joined : joined;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
  }

  /** Jinja2's htmlsafe_json_dumps: the characters that end a script block, escaped. */
  private static String htmlSafe(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027");
  }
}
