package runbook.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import runbook.spi.PyRegex;
import runbook.spi.Shell;

/** Ansible's filters, with Python's semantics, replacing Jinjava's filters of the same names. */
final class Filters {
  private Filters() {}

  /** A filter body: the filtered value and its arguments. */
  @FunctionalInterface
  interface Body {
    Object apply(Object value, Args args);
  }

  /** Filters that receive an undefined value instead of failing on it. */
  private static final Set<String> ACCEPT_UNDEFINED = Set.of("default", "d", "mandatory");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Jinja2's builtin filters that Jinjava's own implementations serve. */
  private static final Set<String> FROM_JINJAVA = Set.of("attr", "capitalize", "center", "e", "escape",
      "filesizeformat", "forceescape", "format", "indent", "map", "reject", "rejectattr", "safe", "select", "selectattr",
      "striptags", "sum", "title", "urlize", "wordcount", "wordwrap");

  private static final Map<String, Body> OURS = ours();
  private static final Set<String> NAMES = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(java.util.stream.Stream.concat(OURS.keySet().stream(), FROM_JINJAVA.stream()).toList()));

  /** Every filter a template may use: Ansible's and Jinja2's; Jinjava's others are refused as unknown. */
  static Set<String> names() {
    return NAMES;
  }

  private static Map<String, Body> ours() {
    Map<String, Body> ours = new LinkedHashMap<>();
    ours.put("default", Filters::defaultValue);
    ours.put("d", Filters::defaultValue);
    ours.put("mandatory", Filters::mandatory);
    ours.put("int", Filters::toInt);
    ours.put("float", Filters::toFloat);
    ours.put("string", (v, a) -> Python.str(v));
    ours.put("lower", (v, a) -> Python.str(v).toLowerCase(Locale.ROOT));
    ours.put("upper", (v, a) -> Python.str(v).toUpperCase(Locale.ROOT));
    ours.put("trim", Filters::trim);
    ours.put("length", Filters::length);
    ours.put("count", Filters::length);
    ours.put("join", Filters::join);
    ours.put("replace", Filters::replace);
    ours.put("regex_replace", Filters::regexReplace);
    ours.put("regex_search", Filters::regexSearch);
    ours.put("regex_findall", Filters::regexFindall);
    ours.put("regex_escape", Filters::regexEscape);
    ours.put("to_json", (v, a) -> Json.compact(v));
    ours.put("to_nice_json", (v, a) -> Json.nice(v, integer(a.get(0, "indent", 4))));
    ours.put("from_json", Filters::fromJson);
    ours.put("to_yaml", (v, a) -> yaml(v, FlowStyle.AUTO, 2));
    ours.put("to_nice_yaml", (v, a) -> yaml(v, FlowStyle.BLOCK, integer(a.get(0, "indent", 4))));
    ours.put("from_yaml", Filters::fromYaml);
    ours.put("from_yaml_all", Filters::fromYamlAll);
    ours.put("basename", (v, a) -> basename(Python.str(v)));
    ours.put("dirname", (v, a) -> dirname(Python.str(v)));
    ours.put("quote", Filters::quote);
    ours.put("first", (v, a) -> edge(v, true));
    ours.put("last", (v, a) -> edge(v, false));
    ours.put("unique", (v, a) -> unique(v, a));
    ours.put("sort", Filters::sort);
    ours.put("min", (v, a) -> extreme(v, a, false));
    ours.put("max", (v, a) -> extreme(v, a, true));
    ours.put("abs", Filters::abs);
    ours.put("list", (v, a) -> list(v, "list"));
    ours.put("dict", Filters::dict);
    ours.put("dict2items", Filters::dict2items);
    ours.put("items2dict", Filters::items2dict);
    ours.put("combine", Filters::combine);
    JinjaFilters.into(ours);
    ListFilters.into(ours);
    TextFilters.into(ours);
    Digests.into(ours);
    Paths.into(ours);
    return ours;
  }

  static void register(Context context) {
    OURS.forEach((name, body) -> context.registerFilter(new Named(name, body)));
    // Every filter, Jinjava's included, refuses undefined input: Jinjava would read it as None.
    for (Filter filter : List.copyOf(context.getAllFilters())) {
      context.registerFilter(new Strict(filter, ACCEPT_UNDEFINED.contains(filter.getName())));
    }
  }

  /**
   * One of our filters under its Ansible name. Filters live in a hash set, and a record's generated
   * hashCode costs its first caller tens of milliseconds of bootstrapping: so a plain class.
   */
  private static final class Named implements Filter {
    private final String name;
    private final Body body;

    Named(String name, Body body) {
      this.name = name;
      this.body = body;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      return body.apply(var, Args.of(args, Map.of()));
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      return body.apply(var, Args.of(args, kwargs));
    }
  }

  /** Fails on an undefined value or argument before the filter sees it. A plain class, as {@link Named}. */
  private static final class Strict implements Filter {
    private final Filter filter;
    private final boolean acceptsUndefined;

    Strict(Filter filter, boolean acceptsUndefined) {
      this.filter = filter;
      this.acceptsUndefined = acceptsUndefined;
    }

    @Override
    public String getName() {
      return filter.getName();
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      return filter(var, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      if (var instanceof Undefined undefined && !acceptsUndefined) {
        throw undefined.error();
      }
      for (Object arg : args) {
        if (arg instanceof Undefined undefined) {
          throw undefined.error();
        }
      }
      for (Object arg : kwargs.values()) {
        if (arg instanceof Undefined undefined) {
          throw undefined.error();
        }
      }
      return filter.filter(var, interpreter, args, kwargs);
    }
  }

  private static Object defaultValue(Object value, Args args) {
    boolean replaceFalsy = args.flag(1, "boolean");
    if (value instanceof Undefined || (replaceFalsy && !Python.truthy(value))) {
      return args.get(0, "default_value", "");
    }
    return value;
  }

  private static Object mandatory(Object value, Args args) {
    if (value instanceof Undefined undefined) {
      String message = args.string(0, "msg", null);
      throw new TemplateError(message != null ? message : "Mandatory variable " + undefined.name().map(n -> "'" + n + "' ").orElse("") + " not defined.");
    }
    return value;
  }

  private static Object toInt(Object value, Args args) {
    Object fallback = args.get(0, "default", 0);
    int base = integer(args.get(1, "base", 10));
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (value instanceof Number n) {
      return Numbers.narrow(n.longValue());
    }
    String text = value == null ? "" : Python.str(value).strip().replace("_", "");
    try {
      if (base != 10 && text.length() > 2 && text.charAt(0) == '0' && "xob".indexOf(Character.toLowerCase(text.charAt(1))) >= 0) {
        text = text.substring(2);
      }
      return Numbers.narrow(Long.parseLong(text, base));
    } catch (NumberFormatException e) {
      try {
        return Numbers.narrow((long) Double.parseDouble(text));
      } catch (NumberFormatException notFloat) {
        return fallback;
      }
    }
  }

  private static Object toFloat(Object value, Args args) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    try {
      String text = Python.str(value).strip().toLowerCase(Locale.ROOT).replaceFirst("^([+-]?)inf(inity)?$", "$1Infinity");
      return text.matches("[+-]?nan") ? Double.NaN : Double.parseDouble(text);
    } catch (NumberFormatException | NullPointerException e) {
      return args.get(0, "default", 0.0);
    }
  }

  static int integer(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(Python.str(value).strip());
    } catch (NumberFormatException e) {
      throw new TemplateError("expected a whole number, got '" + Python.str(value) + "'");
    }
  }

  private static Object trim(Object value, Args args) {
    String text = Python.str(value);
    String chars = args.string(0, "chars", null);
    if (chars == null) {
      return text.strip();
    }
    int start = 0;
    int end = text.length();
    while (start < end && chars.indexOf(text.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && chars.indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return text.substring(start, end);
  }

  private static Object length(Object value, Args args) {
    if (value instanceof CharSequence s) {
      return s.toString().codePointCount(0, s.length());
    }
    if (value instanceof Collection<?> c) {
      return c.size();
    }
    if (value instanceof Map<?, ?> m) {
      return m.size();
    }
    throw new TemplateError("object of type '" + Numbers.typeName(value) + "' has no length");
  }

  private static Object join(Object value, Args args) {
    String separator = args.string(0, "d", "");
    String attribute = args.string(1, "attribute", null);
    List<String> parts = new ArrayList<>();
    for (Object item : list(value, "join")) {
      parts.add(Python.str(attribute == null ? item : attribute(item, attribute)));
    }
    return String.join(separator, parts);
  }

  private static Object replace(Object value, Args args) {
    String text = Python.str(value);
    String old = args.string(0, "old", "");
    String replacement = args.string(1, "new", "");
    Object count = args.get(2, "count", null);
    if (count == null) {
      return text.replace(old, replacement);
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int done = 0, limit = integer(count); done < limit; done++) {
      int at = text.indexOf(old, from);
      if (at < 0) {
        break;
      }
      out.append(text, from, at).append(replacement);
      from = at + old.length();
    }
    return out.append(text.substring(from)).toString();
  }

  private static PyRegex regex(Args args, int patternIndex, int flagsIndex) {
    return regex(args.string(patternIndex, "pattern", ""), args.flag(flagsIndex, "ignorecase"), args.flag(flagsIndex + 1, "multiline"));
  }

  /** A Python regular expression for the regex filters and tests; a bad one is a template error. */
  static PyRegex regex(String pattern, boolean ignoreCase, boolean multiline) {
    try {
      return PyRegex.compile(pattern, (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0));
    } catch (PatternSyntaxException e) {
      throw new TemplateError("invalid regular expression '" + pattern + "': " + e.getDescription());
    }
  }

  private static Object regexReplace(Object value, Args args) {
    PyRegex regex = regex(args, 0, 2);
    String replacement = args.string(1, "replacement", "");
    int count = integer(args.get(4, "count", 0));
    try {
      return regex.sub(Python.str(value), replacement, count);
    } catch (IllegalArgumentException e) {
      throw badGroup(args.string(0, "pattern", ""), e);
    }
  }

  private static Object regexSearch(Object value, Args args) {
    String pattern = args.string(0, "regex", "");
    PyRegex regex = regex(pattern, Python.truthy(args.named().get("ignorecase")), Python.truthy(args.named().get("multiline")));
    Matcher match = regex.matcher(Python.str(value));
    if (!match.find()) {
      return null;
    }
    List<Object> references = args.positional().subList(Math.min(1, args.positional().size()), args.positional().size());
    if (references.isEmpty()) {
      return match.group();
    }
    List<String> groups = new ArrayList<>();
    for (Object reference : references) {
      String text = Python.str(reference);
      String group = text.startsWith("\\g<") && text.endsWith(">") ? text.substring(3, text.length() - 1)
          : text.startsWith("\\") ? text.substring(1)
          : null;
      if (group == null) {
        throw new TemplateError("unknown regex_search group argument '" + text + "'");
      }
      try {
        groups.add(regex.group(match, group));
      } catch (IllegalArgumentException e) {
        throw badGroup(pattern, e);
      }
    }
    return groups;
  }

  private static TemplateError badGroup(String pattern, IllegalArgumentException e) {
    return new TemplateError("invalid group reference for regular expression '" + pattern + "': " + e.getMessage());
  }

  private static Object regexFindall(Object value, Args args) {
    PyRegex regex = regex(args.string(0, "regex", ""), args.flag(2, "ignorecase"), args.flag(1, "multiline"));
    Matcher match = regex.matcher(Python.str(value));
    List<Object> found = new ArrayList<>();
    while (match.find()) {
      if (match.groupCount() == 0) {
        found.add(match.group());
      } else if (match.groupCount() == 1) {
        found.add(match.group(1) == null ? "" : match.group(1));
      } else {
        List<Object> groups = new ArrayList<>();
        for (int i = 1; i <= match.groupCount(); i++) {
          groups.add(match.group(i) == null ? "" : match.group(i));
        }
        found.add(groups);
      }
    }
    return found;
  }

  private static Object fromJson(Object value, Args args) {
    try {
      return JSON.readValue(Python.str(value), Object.class);
    } catch (JsonProcessingException e) {
      throw new TemplateError("from_json cannot parse its input: " + e.getOriginalMessage());
    }
  }

  private static Object fromYaml(Object value, Args args) {
    try {
      return new Load(LoadSettings.builder().build()).loadFromString(Python.str(value));
    } catch (YamlEngineException e) {
      throw new TemplateError("from_yaml cannot parse its input: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static Object fromYamlAll(Object value, Args args) {
    if (!(value instanceof CharSequence)) {
      return value;
    }
    try {
      List<Object> documents = new ArrayList<>();
      new Load(LoadSettings.builder().build()).loadAllFromString(Python.str(value)).forEach(documents::add);
      return documents;
    } catch (YamlEngineException e) {
      throw new TemplateError("from_yaml_all cannot parse its input: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Python's re.escape, or a POSIX basic expression's escapes. */
  private static Object regexEscape(Object value, Args args) {
    String type = args.string(0, "re_type", "python");
    return switch (type) {
      case "python" -> escape(Python.str(value), "()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f");
      case "posix_basic" -> escape(Python.str(value), "].[^$*\\");
      case "posix_extended" -> throw new TemplateError("Regex type (posix_extended) not yet implemented");
      default -> throw new TemplateError("Invalid regex type (" + type + ")");
    };
  }

  private static String escape(String text, String special) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(special.indexOf(c) >= 0 ? "\\" : "").append(c);
    }
    return out.toString();
  }

  /** YAML as PyYAML's dump writes it for Ansible: keys sorted, leaf collections inline unless BLOCK. */
  private static String yaml(Object value, FlowStyle style, int indent) {
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(style).setIndent(indent).setWidth(80).build();
    return new Dump(settings).dumpToString(sortedPlain(value));
  }

  static Object sortedPlain(Object value) {
    Object plain = Templar.plain(value);
    if (plain instanceof Map<?, ?> map) {
      Map<Object, Object> sorted = new LinkedHashMap<>();
      map.keySet().stream().sorted(Comparator.comparing(Python::str)).forEach(key -> sorted.put(key, sortedPlain(map.get(key))));
      return sorted;
    }
    if (plain instanceof List<?> list) {
      return list.stream().map(Filters::sortedPlain).toList();
    }
    return plain;
  }

  /** Python's os.path.basename: what follows the last '/'. */
  static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Python's os.path.dirname: up to the last '/', trailing slashes removed unless only slashes. */
  static String dirname(String path) {
    String head = path.substring(0, path.lastIndexOf('/') + 1);
    if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
      head = head.replaceAll("/+$", "");
    }
    return head;
  }

  private static Object quote(Object value, Args args) {
    try {
      return Shell.quote(value == null ? "" : Python.str(value));
    } catch (IllegalArgumentException e) {
      throw new TemplateError(e.getMessage());
    }
  }

  private static Object edge(Object value, boolean first) {
    if (value instanceof CharSequence s) {
      if (s.length() == 0) {
        return Undefined.because("no " + (first ? "first" : "last") + " item: the string is empty");
      }
      return String.valueOf(s.charAt(first ? 0 : s.length() - 1));
    }
    List<Object> items = list(value, first ? "first" : "last");
    if (items.isEmpty()) {
      return Undefined.because("no " + (first ? "first" : "last") + " item: the sequence is empty");
    }
    return items.get(first ? 0 : items.size() - 1);
  }

  /** Jinja's unique: strings compared without case unless asked, items by an attribute if given. */
  private static Object unique(Object value, Args args) {
    boolean caseSensitive = args.flag(0, "case_sensitive");
    String attribute = args.string(1, "attribute", null);
    List<Object> items = list(value, "unique");
    if (attribute == null) {
      return ListFilters.unique(items, caseSensitive);
    }
    Map<Object, Object> seen = new LinkedHashMap<>();
    for (Object item : items) {
      Object key = Numbers.key(attribute(item, attribute));
      seen.putIfAbsent(!caseSensitive && key instanceof String text ? text.toLowerCase(Locale.ROOT) : key, item);
    }
    return new ArrayList<>(seen.values());
  }

  private static Comparator<Object> order(Args args, int caseIndex, int attributeIndex) {
    boolean caseSensitive = args.flag(caseIndex, "case_sensitive");
    String attribute = args.string(attributeIndex, "attribute", null);
    return (a, b) -> Numbers.compare(
        attribute == null ? a : attribute(a, attribute),
        attribute == null ? b : attribute(b, attribute),
        caseSensitive);
  }

  private static Object sort(Object value, Args args) {
    List<Object> items = new ArrayList<>(list(value, "sort"));
    Comparator<Object> order = order(args, 1, 2);
    items.sort(args.flag(0, "reverse") ? order.reversed() : order);
    return items;
  }

  private static Object extreme(Object value, Args args, boolean max) {
    List<Object> items = list(value, max ? "max" : "min");
    if (items.isEmpty()) {
      return Undefined.because("no " + (max ? "largest" : "smallest") + " item: the sequence is empty");
    }
    Comparator<Object> order = order(args, 0, 1);
    return max ? java.util.Collections.max(items, order) : java.util.Collections.min(items, order);
  }

  private static Object abs(Object value, Args args) {
    if (value instanceof Double d) {
      return Math.abs(d);
    }
    if (value instanceof Number n) {
      return Numbers.narrow(Math.abs(n.longValue()));
    }
    throw new TemplateError("bad operand type for abs(): '" + Numbers.typeName(value) + "'");
  }

  /** A value as Python's list() sees it: a list's items, a string's characters, a dict's keys. */
  static List<Object> list(Object value, String filter) {
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (value instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (value instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    if (value instanceof CharSequence s) {
      return new ArrayList<>(s.toString().codePoints().mapToObj(Character::toString).toList());
    }
    throw new TemplateError(filter + " expects a sequence, got '" + Numbers.typeName(value) + "'");
  }

  static Map<?, ?> mapping(Object value, String filter) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new TemplateError(filter + " expects a dictionary, got '" + Numbers.typeName(value) + "'");
  }

  /** A dotted attribute path (a.b.0) of a map or list item, as Jinja's attribute= arguments read it. */
  private static Object attribute(Object item, String path) {
    Object value = item;
    for (String part : path.split("\\.")) {
      if (value instanceof Map<?, ?> map && map.containsKey(part)) {
        value = map.get(part);
      } else if (value instanceof List<?> list && part.chars().allMatch(Character::isDigit) && Integer.parseInt(part) < list.size()) {
        value = list.get(Integer.parseInt(part));
      } else {
        throw new TemplateError("'" + Numbers.typeName(value) + "' has no attribute '" + part + "'");
      }
    }
    return value;
  }

  private static Object dict(Object value, Args args) {
    if (value instanceof Map<?, ?> map) {
      return new LinkedHashMap<>(map);
    }
    Map<Object, Object> result = new LinkedHashMap<>();
    for (Object pair : list(value, "dict")) {
      List<Object> kv = list(pair, "dict");
      if (kv.size() != 2) {
        throw new TemplateError("dict expects pairs of key and value, got " + Python.str(pair));
      }
      result.put(kv.get(0), kv.get(1));
    }
    return result;
  }

  private static Object dict2items(Object value, Args args) {
    String keyName = args.string(0, "key_name", "key");
    String valueName = args.string(1, "value_name", "value");
    List<Object> items = new ArrayList<>();
    mapping(value, "dict2items").forEach((key, item) -> {
      Map<Object, Object> entry = new LinkedHashMap<>();
      entry.put(keyName, key);
      entry.put(valueName, item);
      items.add(entry);
    });
    return items;
  }

  private static Object items2dict(Object value, Args args) {
    String keyName = args.string(0, "key_name", "key");
    String valueName = args.string(1, "value_name", "value");
    Map<Object, Object> result = new LinkedHashMap<>();
    for (Object item : list(value, "items2dict")) {
      Map<?, ?> entry = mapping(item, "items2dict");
      if (!entry.containsKey(keyName) || !entry.containsKey(valueName)) {
        throw new TemplateError("items2dict expects each item to have '" + keyName + "' and '" + valueName + "', got " + Python.str(item));
      }
      result.put(entry.get(keyName), entry.get(valueName));
    }
    return result;
  }

  private static Object combine(Object value, Args args) {
    List<Object> terms = new ArrayList<>();
    terms.add(value);
    terms.addAll(args.positional());
    boolean recursive = Python.truthy(args.named().get("recursive"));
    String listMerge = Python.str(args.named().getOrDefault("list_merge", "replace"));
    if (!Set.of("replace", "keep", "append", "prepend", "append_rp", "prepend_rp").contains(listMerge)) {
      throw new TemplateError("combine: list_merge must be replace, keep, append, prepend, append_rp or prepend_rp, got '" + listMerge + "'");
    }
    Map<Object, Object> result = new LinkedHashMap<>();
    for (Object term : terms) {
      for (Object map : term instanceof List<?> l ? l : List.of(term)) {
        merge(result, mapping(map, "combine"), recursive, listMerge);
      }
    }
    return result;
  }

  private static void merge(Map<Object, Object> into, Map<?, ?> from, boolean recursive, String listMerge) {
    from.forEach((key, value) -> {
      Object old = into.get(key);
      if (recursive && old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
        Map<Object, Object> merged = new LinkedHashMap<>(oldMap);
        merge(merged, newMap, true, listMerge);
        into.put(key, merged);
      } else if (old instanceof List<?> oldList && value instanceof List<?> newList && !listMerge.equals("replace")) {
        List<Object> merged = new ArrayList<>();
        switch (listMerge) {
          case "keep" -> merged.addAll(oldList);
          case "append" -> {
            merged.addAll(oldList);
            merged.addAll(newList);
          }
          case "prepend" -> {
            merged.addAll(newList);
            merged.addAll(oldList);
          }
          case "append_rp" -> {
            oldList.stream().filter(item -> !newList.contains(item)).forEach(merged::add);
            merged.addAll(newList);
          }
          default -> {
            merged.addAll(newList);
            oldList.stream().filter(item -> !newList.contains(item)).forEach(merged::add);
          }
        }
        into.put(key, merged);
      } else {
        into.put(key, value);
      }
    });
  }
}
