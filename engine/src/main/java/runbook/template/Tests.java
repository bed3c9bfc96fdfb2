package runbook.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
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

  static void register(Context context) {
    Map<String, Body> ours = new LinkedHashMap<>();
    ours.put("defined", (v, a) -> !(v instanceof Undefined));
    ours.put("undefined", (v, a) -> v instanceof Undefined);
    ours.put("none", (v, a) -> v == null);
    ours.put("changed", (v, a) -> changed(result(v, "changed")));
    ours.put("failed", (v, a) -> Python.truthy(result(v, "failed").get("failed")));
    ours.put("succeeded", (v, a) -> !Python.truthy(result(v, "succeeded").get("failed")));
    ours.put("success", (v, a) -> !Python.truthy(result(v, "success").get("failed")));
    ours.put("skipped", (v, a) -> Python.truthy(result(v, "skipped").get("skipped")));
    ours.put("match", (v, a) -> regex(a).matcher(Python.str(v)).lookingAt());
    ours.put("search", (v, a) -> regex(a).matcher(Python.str(v)).find());
    ours.put("regex", (v, a) -> regex(a).matcher(Python.str(v)).find());
    ours.put("version", Tests::version);
    ours.put("version_compare", Tests::version);
    ours.forEach((name, body) -> context.registerExpTest(new Named(name, body)));
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

    /** Jinjava hands `is version('1.2', '>=')` over as one tuple argument: unpack it. */
    private static Object[] spread(Object[] args) {
      return args.length == 1 && args[0] instanceof List<?> tuple ? tuple.toArray() : args;
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

  private static PyRegex regex(Args args) {
    return Filters.regex(args.string(0, "pattern", ""), args.flag(1, "ignorecase"), args.flag(2, "multiline"));
  }

  /** Ansible's version test with its default LooseVersion ordering: numbers numerically, words as text. */
  private static boolean version(Object value, Args args) {
    String operator = args.string(1, "operator", "eq").strip();
    int order = compareVersions(Python.str(value), args.string(0, "version", ""));
    return switch (operator) {
      case "<", "lt" -> order < 0;
      case "<=", "le" -> order <= 0;
      case ">", "gt" -> order > 0;
      case ">=", "ge" -> order >= 0;
      case "==", "=", "eq" -> order == 0;
      case "!=", "<>", "ne" -> order != 0;
      default -> throw new TemplateError("invalid version operator '" + operator + "': use one of <, <=, >, >=, ==, !=, lt, le, gt, ge, eq, ne");
    };
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
