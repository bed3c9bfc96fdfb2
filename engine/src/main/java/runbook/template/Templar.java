package runbook.template;

import com.hubspot.jinjava.objects.SafeString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.secret.Secrets;

/**
 * Ansible-compatible templating: Jinja2 syntax with Ansible's filters and tests, undefined values as
 * errors and variables templated lazily. One per run; safe for concurrent use by several threads.
 */
public final class Templar {
  private final Engine engine;
  private final Secrets secrets;

  public Templar() {
    this(new Engine(), Secrets.none());
  }

  private Templar(Engine engine, Secrets secrets) {
    this.engine = engine;
    this.secrets = secrets;
  }

  /**
   * This templar (sharing its Jinjava) adding to {@code secrets} every value it derives from a
   * secret: the outputs of expressions that read one (README, "Secrets").
   */
  public Templar tracking(Secrets secrets) {
    return new Templar(engine, secrets);
  }

  /** The secrets this templar adds to. */
  public Secrets secrets() {
    return secrets;
  }

  /** For {@link TemplateCheck}, which parses with the same configured Jinjava. */
  Engine engine() {
    return engine;
  }

  /**
   * Renders every string inside value (recursing into Map and List, returning new collections). A
   * string that is exactly one expression "{{ expr }}" (whitespace around allowed) yields the
   * expression's native value (List, Map, Integer, Boolean...) as Ansible does; any other string
   * yields a String. Non-strings pass through.
   */
  public Object render(Object value, Map<String, Object> vars) {
    if (value instanceof String text && !isTemplate(text)) {
      return text;
    }
    return renderIn(new Scope(engine, vars, secrets), value);
  }

  /** Renders a whole template file (the template module): always a String. */
  public String renderText(String template, Map<String, Object> vars) {
    if (!isTemplate(template)) {
      return template;
    }
    return new Scope(engine, vars, secrets).renderText(template);
  }

  /** Renders a template file as the template module does: with the options of its {@code #jinja2:} header line. */
  public String renderFile(String template, Map<String, Object> vars) {
    return new Scope(engine, vars, secrets).renderFile(template);
  }

  /** Evaluates one expression written without braces, returning its native value. */
  public Object evaluate(String expression, Map<String, Object> vars) {
    return plain(new Scope(engine, vars, secrets).evaluate(expression));
  }

  /**
   * Evaluates a {@code when:}-style conditional as Ansible 2.14 does: a bare expression such as "x
   * is defined and y | bool" is judged by Python's truthiness (the string "false" is true, as in
   * {@code {% if x %}}); a "{{ ... }}" template is rendered first, and a non-empty string it yields
   * is then evaluated as an expression in its turn ("false" and "0" are false, "yes" is an undefined
   * name). A condition that is only a YAML boolean word ("yes", "off") is that boolean.
   */
  public boolean test(String condition, Map<String, Object> vars) {
    String text = condition.strip();
    Object known = Python.BOOLEAN_WORDS.get(text.toLowerCase(java.util.Locale.ROOT));
    if (known != null) {
      return (Boolean) known;
    }
    Scope scope = new Scope(engine, vars, secrets);
    if (!isTemplate(text)) {
      return Python.truthy(plain(scope.evaluate(text)));
    }
    Object rendered = plain(scope.render(text));
    if (!(rendered instanceof String again) || again.isEmpty()) {
      return Python.truthy(rendered);
    }
    if (again.isBlank()) {
      throw new TemplateError("the condition " + text + " gives only spaces, which is not an expression");
    }
    try {
      return Python.truthy(plain(scope.evaluate(again)));
    } catch (TemplateError e) {
      throw new TemplateError("the condition " + text + " gives a string, which is read again as an expression, as Ansible does: "
          + e.getMessage());
    }
  }

  /** The lookups {@code lookup()}, {@code query()} and the {@code with_<lookup>} loops know. */
  public static java.util.Set<String> lookups() {
    return Lookups.NAMES;
  }

  /** A with_{@code lookup} loop's items: the lookup run on its terms (a list, or one term). */
  public List<Object> query(String lookup, Object terms, Map<String, Object> vars) {
    List<Object> list = terms instanceof List<?> given ? new ArrayList<>(given) : new ArrayList<>(java.util.Collections.singletonList(terms));
    return Lookups.run(lookup, list, Map.of(), new Scope(engine, vars, secrets));
  }

  /** True when text contains template syntax ({{ or {%); other strings render as themselves. */
  public static boolean isTemplate(String text) {
    int brace = text.indexOf('{');
    while (brace >= 0 && brace + 1 < text.length()) {
      char next = text.charAt(brace + 1);
      if (next == '{' || next == '%') {
        return true;
      }
      brace = text.indexOf('{', brace + 1);
    }
    return false;
  }

  private Object renderIn(Scope scope, Object value) {
    if (value instanceof String text) {
      return plain(scope.render(text));
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(renderIn(scope, key), renderIn(scope, item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(renderIn(scope, item)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /**
   * A template's value as plain Java: lazy views and Jinjava's wrappers become new unmodifiable
   * collections, whole numbers become Integer when they fit (as YAML loads them), else Long.
   */
  static Object plain(Object value) {
    if (value instanceof Undefined undefined) {
      throw undefined.error();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(plain(key), plain(item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>(collection.size());
      collection.forEach(item -> copy.add(plain(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Object[] array) {
      return plain(java.util.Arrays.asList(array));
    }
    if (value instanceof Long number && number == number.intValue()) {
      return number.intValue();
    }
    if (value instanceof SafeString safe) {
      return safe.toString();
    }
    return value;
  }
}
