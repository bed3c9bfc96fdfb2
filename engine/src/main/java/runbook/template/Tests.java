package runbook.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.objects.collections.PyList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.spi.PyRegex;

/** Ansible's tests ({@code x is defined}, {@code result is changed}...) beside Jinjava's own. */
final class Tests {
  private Tests() {}

  @FunctionalInterface
  interface Body {
    boolean test(Object value, Args args);
  }

  private static final Set<String> ACCEPT_UNDEFINED = Set.of("defined", "undefined");
  private static final Pattern VERSION_PART = Pattern.compile("\\d+|[a-zA-Z]+");

  /** Jinja2's builtin tests that Jinjava's own implementations serve. */
  private static final Set<String> FROM_JINJAVA = Set.of("boolean", "divisibleby", "eq", "equalto", "even", "false", "float", "ge",
      "greaterthan", "gt", "in", "integer", "le", "lessthan", "lower", "lt", "mapping", "ne", "odd", "sameas", "string", "true", "upper", "==", "!=", "<", "<=", ">", ">=");

  private static final Map<String, Body> OURS = ours();
  private static final Set<String> NAMES = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(java.util.stream.Stream.concat(OURS.keySet().stream(), FROM_JINJAVA.stream()).toList()));

  /** Every test a template may use: Ansible's and Jinja2's; Jinjava's others are refused as unknown. */
  static Set<String> names() {
    return NAMES;
  }

  private static Map<String, Body> ours() {
    Map<String, Body> ours = new LinkedHashMap<>();
    ours.put("defined", (v, a) -> !(v instanceof Undefined));
    ours.put("undefined", (v, a) -> v instanceof Undefined);
    ours.put("none", (v, a) -> v == null);
    for (String name : List.of("changed", "change")) {
      ours.put(name, (v, a) -> changed(result(v, name)));
    }
    for (String name : List.of("failed", "failure")) {
      ours.put(name, (v, a) -> Python.truthy(result(v, name).get("failed")));
    }
    for (String name : List.of("succeeded", "success", "successful")) {
      ours.put(name, (v, a) -> !Python.truthy(result(v, name).get("failed")));
    }
    for (String name : List.of("skipped", "skip")) {
      ours.put(name, (v, a) -> Python.truthy(result(v, name).get("skipped")));
    }
    ours.put("unreachable", (v, a) -> Python.truthy(result(v, "unreachable").get("unreachable")));
    ours.put("reachable", (v, a) -> !Python.truthy(result(v, "reachable").get("unreachable")));
    ours.put("finished", (v, a) -> asyncFlag(result(v, "finished"), "finished"));
    ours.put("started", (v, a) -> asyncFlag(result(v, "started"), "started"));
    ours.put("match", (v, a) -> regex(v, a, "match"));
    ours.put("search", (v, a) -> regex(v, a, "search"));
    ours.put("regex", (v, a) -> regex(v, a, a.string(3, "match_type", "search")));
    ours.put("version", Tests::version);
    ours.put("version_compare", Tests::version);
    ours.put("any", (v, a) -> Filters.list(v, "any").stream().anyMatch(Python::truthy));
    ours.put("all", (v, a) -> Filters.list(v, "all").stream().allMatch(Python::truthy));
    ours.put("truthy", (v, a) -> truthy(v, a.flag(0, "convert_bool")));
    ours.put("falsy", (v, a) -> !truthy(v, a.flag(0, "convert_bool")));
    for (String name : List.of("subset", "issubset")) {
      ours.put(name, (v, a) -> within(Filters.list(v, name), Filters.list(a.get(0, "b", null), name)));
    }
    for (String name : List.of("superset", "issuperset")) {
      ours.put(name, (v, a) -> within(Filters.list(a.get(0, "b", null), name), Filters.list(v, name)));
    }
    ours.put("contains", (v, a) -> contains(v, a.get(0, "value", null)));
    for (String name : List.of("nan", "isnan")) {
      ours.put(name, (v, a) -> v instanceof Double d && d.isNaN());
    }
    ours.put("vault_encrypted", (v, a) -> false);
    ours.put("uri", (v, a) -> uri(v, a.get(0, "schemes", null)));
    ours.put("url", (v, a) -> uri(v, a.get(0, "schemes", null)) && url(Python.str(v)));
    ours.put("urn", (v, a) -> uri(v, List.of("urn")));
    // Jinja2's, where Jinjava's differ: a string and a dict are sequences and iterable, a bool is a number
    ours.put("sequence", (v, a) -> v instanceof CharSequence || v instanceof java.util.Collection || v instanceof Map);
    ours.put("iterable", (v, a) -> v instanceof CharSequence || v instanceof Iterable || v instanceof Map);
    ours.put("number", (v, a) -> v instanceof Number || v instanceof Boolean);
    ours.put("filter", (v, a) -> Filters.names().contains(Python.str(v)));
    ours.put("test", (v, a) -> names().contains(Python.str(v))); // read when called, after the class is ready
    Paths.tests(ours);
    return ours;
  }

  static void register(Context context) {
    OURS.forEach((name, body) -> context.registerExpTest(new Named(name, body)));
    for (ExpTest test : List.copyOf(context.getAllExpTests())) {
      context.registerExpTest(new Strict(test, ACCEPT_UNDEFINED.contains(test.getName())));
    }
  }

  /** One of our tests under its Ansible name; a plain class for the reason given in Filters. */
  private static final class Named implements ExpTest {
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
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
      return body.test(var, Args.of(spread(args), Map.of()));
    }

    /** Jinjava hands `is version('1.2', '>=')` over as one tuple (a plain PyList, where a list literal is a subclass): unpack it. */
    private static Object[] spread(Object[] args) {
      return args.length == 1 && args[0] != null && args[0].getClass() == PyList.class ? ((PyList) args[0]).toArray() : args;
    }
  }

  /** Fails on an undefined value or argument before the test sees it. */
  private static final class Strict implements ExpTest {
    private final ExpTest test;
    private final boolean acceptsUndefined;

    Strict(ExpTest test, boolean acceptsUndefined) {
      this.test = test;
      this.acceptsUndefined = acceptsUndefined;
    }

    @Override
    public String getName() {
      return test.getName();
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
      check(var, args);
      return test.evaluate(var, interpreter, args);
    }

    @Override
    public boolean evaluateNegated(Object var, JinjavaInterpreter interpreter, Object... args) {
      check(var, args);
      return test.evaluateNegated(var, interpreter, args);
    }

    private void check(Object var, Object[] args) {
      if (var instanceof Undefined undefined && !acceptsUndefined) {
        throw undefined.error();
      }
      for (Object arg : args) {
        if (arg instanceof Undefined undefined) {
          throw undefined.error();
        }
      }
    }
  }

  /** A registered result: the result tests read only dictionaries, as Ansible's do. */
  private static Map<?, ?> result(Object value, String test) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new TemplateError("the '" + test + "' test expects a dictionary, got '" + Numbers.typeName(value) + "'");
  }

  /** A loop's result is changed when any item changed, as in Ansible. */
  private static boolean changed(Map<?, ?> result) {
    if (result.containsKey("changed")) {
      return Python.truthy(result.get("changed"));
    }
    if (result.get("results") instanceof List<?> items) {
      return items.stream().anyMatch(item -> item instanceof Map<?, ?> m && Python.truthy(m.get("changed")));
    }
    return false;
  }

  /** Ansible's regex test: Python's re.search, re.match or re.fullmatch. */
  private static boolean regex(Object value, Args args, String matchType) {
    PyRegex regex = Filters.regex(args.string(0, "pattern", ""), args.flag(1, "ignorecase"), args.flag(2, "multiline"));
    Matcher m = regex.matcher(Python.str(value));
    return switch (matchType) {
      case "match" -> m.lookingAt();
      case "fullmatch" -> m.matches();
      default -> m.find();
    };
  }

  /** An async result's started or finished flag; a result of no async task counts as both, as in Ansible. */
  private static boolean asyncFlag(Map<?, ?> result, String key) {
    return !result.containsKey(key) || Numbers.key(result.get(key)).equals(1L) || Boolean.TRUE.equals(result.get(key));
  }

  /** Ansible's truthy: Python's bool, after its boolean() reading of yes/no words when asked. */
  private static boolean truthy(Object value, boolean convertBool) {
    if (convertBool) {
      Object key = value instanceof CharSequence s ? s.toString().strip().toLowerCase(java.util.Locale.ROOT) : Numbers.key(value);
      if (Set.of("y", "yes", "on", "1", "true", "t", 1L, true).contains(key)) {
        return true;
      }
      if (Set.of("n", "no", "off", "0", "false", "f", 0L, false).contains(key)) {
        return false;
      }
    }
    return Python.truthy(value);
  }

  private static boolean within(List<Object> items, List<Object> of) {
    Set<Object> keys = new java.util.HashSet<>(of.stream().map(Numbers::key).toList());
    return items.stream().allMatch(item -> keys.contains(Numbers.key(item)));
  }

  /** Python's `in`: an item of a list, a key of a dict, a substring of a string. */
  private static boolean contains(Object container, Object value) {
    if (container instanceof CharSequence s) {
      return s.toString().contains(Python.str(value));
    }
    Object key = Numbers.key(value);
    return Filters.list(container, "contains").stream().anyMatch(item -> Numbers.key(item).equals(key));
  }

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

  /** Ansible's uri test: urlparse always yields a scheme (maybe empty); with schemes, it must be one of them. */
  private static boolean uri(Object value, Object schemes) {
    if (schemes == null || !Python.truthy(schemes)) {
      return true;
    }
    Matcher m = SCHEME.matcher(Python.str(value));
    String scheme = m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
    return Filters.list(schemes, "uri").contains(scheme);
  }

  /** A URL has a network location, or is a file: URL. */
  private static boolean url(String value) {
    Matcher m = SCHEME.matcher(value);
    boolean scheme = m.find();
    if (scheme && m.group(1).equalsIgnoreCase("file")) {
      return true;
    }
    String rest = scheme ? value.substring(m.end()) : value;
    return rest.startsWith("//") && rest.length() > 2 && "/?#".indexOf(rest.charAt(2)) < 0;
  }

  private static final Pattern STRICT = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:([ab])(\\d+))?");
  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?");

  /** Ansible's version test: loose (the default), strict or semver ordering. */
  private static boolean version(Object value, Args args) {
    String operator = args.string(1, "operator", "eq").strip();
    Object strict = args.get(2, "strict", null);
    String type = args.string(3, "version_type", null);
    if (strict != null && type != null) {
      throw new TemplateError("Cannot specify both 'strict' and 'version_type'");
    }
    String left = Python.str(value);
    String right = args.string(0, "version", "");
    if (left.isEmpty()) {
      throw new TemplateError("Input version value cannot be empty");
    }
    if (right.isEmpty()) {
      throw new TemplateError("Version parameter to compare against cannot be empty");
    }
    String kind = Python.truthy(strict) ? "strict" : type == null ? "loose" : type;
    int order = switch (kind) {
      case "loose" -> compareVersions(left, right);
      case "strict" -> compareStrict(left, right);
      case "semver", "semantic" -> compareSemver(left, right);
      default -> throw new TemplateError("Invalid version type (" + kind + "). Must be one of 'loose', 'strict', 'semver', 'semantic'");
    };
    return switch (operator) {
      case "<", "lt" -> order < 0;
      case "<=", "le" -> order <= 0;
      case ">", "gt" -> order > 0;
      case ">=", "ge" -> order >= 0;
      case "==", "=", "eq" -> order == 0;
      case "!=", "<>", "ne" -> order != 0;
      default -> throw new TemplateError("Invalid operator type (" + operator + "). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '!=', '<>', 'ne'");
    };
  }

  private static Matcher versionOf(Pattern pattern, String version, String kind) {
    Matcher m = pattern.matcher(version);
    if (!m.matches()) {
      throw new TemplateError("Version comparison failed: invalid " + kind + " version '" + version + "'");
    }
    return m;
  }

  /** StrictVersion: major.minor[.patch][a|bN]; a release is newer than its pre-releases. */
  private static int compareStrict(String left, String right) {
    Matcher a = versionOf(STRICT, left, "strict");
    Matcher b = versionOf(STRICT, right, "strict");
    for (int group = 1; group <= 3; group++) {
      int order = Long.compare(parseLong(a.group(group) == null ? "0" : a.group(group)), parseLong(b.group(group) == null ? "0" : b.group(group)));
      if (order != 0) {
        return order;
      }
    }
    if (a.group(4) == null || b.group(4) == null) {
      return Boolean.compare(a.group(4) == null, b.group(4) == null);
    }
    int order = a.group(4).compareTo(b.group(4));
    return order != 0 ? order : Long.compare(parseLong(a.group(5)), parseLong(b.group(5)));
  }

  /** Semantic versioning 2.0: the core numerically, then pre-release identifiers; build metadata ignored. */
  private static int compareSemver(String left, String right) {
    Matcher a = versionOf(SEMVER, left, "semantic");
    Matcher b = versionOf(SEMVER, right, "semantic");
    for (int group = 1; group <= 3; group++) {
      int order = Long.compare(parseLong(a.group(group)), parseLong(b.group(group)));
      if (order != 0) {
        return order;
      }
    }
    if (a.group(4) == null || b.group(4) == null) {
      return Boolean.compare(a.group(4) == null, b.group(4) == null);
    }
    String[] x = a.group(4).split("\\.");
    String[] y = b.group(4).split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean xNumber = x[i].chars().allMatch(Character::isDigit);
      boolean yNumber = y[i].chars().allMatch(Character::isDigit);
      int order = xNumber && yNumber ? Long.compare(parseLong(x[i]), parseLong(y[i])) : xNumber != yNumber ? (xNumber ? -1 : 1) : x[i].compareTo(y[i]);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  static int compareVersions(String left, String right) {
    List<Object> a = versionParts(left);
    List<Object> b = versionParts(right);
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int order;
      if (x instanceof Long m && y instanceof Long n) {
        order = Long.compare(m, n);
      } else if (x instanceof String s && y instanceof String t) {
        order = s.compareTo(t);
      } else {
        order = x instanceof Long ? 1 : -1; // 1.0 is newer than 1.0rc: a number beats a word
      }
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static List<Object> versionParts(String version) {
    List<Object> parts = new ArrayList<>();
    Matcher m = VERSION_PART.matcher(version);
    while (m.find()) {
      String part = m.group();
      parts.add(Character.isDigit(part.charAt(0)) ? (Object) parseLong(part) : part);
    }
    return parts;
  }

  private static long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
