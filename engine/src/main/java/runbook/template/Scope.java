package runbook.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import runbook.secret.Secrets;

/**
 * The variables of one render call. Values are templated lazily, when a template first uses them
 * (as Ansible does), and at most once per call; a value that needs itself is reported as a loop.
 * Confined to the thread of its call.
 *
 * <p>Secrets are tracked here: an expression that reads a secret value (a variable or key whose
 * name is secret, or any value that holds a known secret) yields a secret, which is added to the
 * run's {@link Secrets}. The unit is one expression, not the whole template, so that a rendered
 * file shows every line but those that hold a secret.
 */
final class Scope {
  /** Python's None literal; Jinjava knows only null (true and false it knows in both cases). */
  private static final Set<String> NONE = Set.of("None", "none");

  private final Engine engine;
  private final Map<String, Object> vars;
  private final Map<String, Object> resolved = new HashMap<>();
  private final List<String> rendering = new ArrayList<>();
  private final Context root;
  private final Secrets secrets;
  /** Whether the expression being evaluated has read a secret value. */
  private boolean touched;

  Scope(Engine engine, Map<String, Object> vars, Secrets secrets) {
    this.engine = engine;
    this.vars = vars;
    this.secrets = secrets;
    this.root = new RootContext(engine.jinjava().getGlobalContext());
    root.setDynamicVariableResolver(this::lookup);
  }

  /** Renders a string: a lone expression yields its value, anything else a String. */
  Object render(String text) {
    if (!Templar.isTemplate(text)) {
      return text;
    }
    String apart = Braces.apart(text);
    String expression = engine.loneExpression(apart);
    return expression == null ? renderApart(apart) : evaluate(expression);
  }

  String renderText(String template) {
    return renderApart(Braces.apart(template));
  }

  /** @param apart a template whose closing braces inside brackets are apart already (see {@link Braces}) */
  private String renderApart(String apart) {
    return run(apart, engine.config(), interpreter -> interpreter.render(apart));
  }

  /** A template file, with the options of its #jinja2: header. */
  String renderFile(String template) {
    TemplateHeader header = TemplateHeader.of(template);
    return header.lines(run(template, engine.config(header), interpreter -> interpreter.render(Braces.apart(header.source()))));
  }

  Object evaluate(String expression) {
    return run("{{ " + expression + " }}", engine.config(), interpreter -> interpreter.resolveELExpression(expression, 1));
  }

  /**
   * A variable's value (or a key's, or an element's) with its templates rendered on access; nested
   * maps and lists stay lazy.
   *
   * @param name the variable's or key's name, null for a list element
   * @param secretAbove whether a mapping above it is secret by name: then everything below is
   */
  Object lazy(String path, String name, boolean secretAbove, Object raw) {
    boolean secret = secretAbove || (name != null && secrets.named(name));
    Object value = lazy(path, raw, secret);
    if (secret && !(value instanceof LazyMap || value instanceof LazyList)) {
      secrets.add(value);
    }
    read(name, secretAbove, value);
    return value;
  }

  /**
   * Notes that an expression reads this value, first or again: a value secret by its name, or one
   * that holds a known secret, makes the expression's result secret (a short secret is not known
   * by its value, so a second read must go by the name again).
   */
  void read(String name, boolean secretAbove, Object value) {
    if ((secretAbove || (name != null && secrets.named(name))) && !(value instanceof LazyMap || value instanceof LazyList)) {
      touched = true;
    } else {
      seen(value);
    }
  }

  private Object lazy(String path, Object raw, boolean secret) {
    if (raw instanceof String text && Templar.isTemplate(text)) {
      int start = rendering.indexOf(path);
      if (start >= 0) {
        List<String> loop = new ArrayList<>(rendering.subList(start, rendering.size()));
        loop.add(path);
        throw new TemplateError("recursive loop detected in template: " + String.join(" -> ", loop));
      }
      rendering.add(path);
      try {
        return render(text);
      } finally {
        rendering.remove(rendering.size() - 1);
      }
    }
    if (raw instanceof Map<?, ?> map) {
      return new LazyMap(this, path, map, secret);
    }
    if (raw instanceof List<?> list) {
      return new LazyList(this, path, list, secret);
    }
    return raw;
  }

  /**
   * Runs one evaluation; when it read a secret, what it yields is added as secret. A lazy view is
   * not: its values are added as they are read.
   */
  private <T> T tracked(Supplier<T> evaluation) {
    boolean outer = touched;
    touched = false;
    try {
      T result = evaluation.get();
      if (touched && !(result instanceof LazyMap || result instanceof LazyList)) {
        secrets.add(result);
      }
      return result;
    } finally {
      touched |= outer;
    }
  }

  /** Notes a value an expression reads: one that holds a known secret makes the expression's result secret. */
  void seen(Object value) {
    if (touched || !secrets.any()) {
      return;
    }
    Object plain = value instanceof PyList py ? py.toList() : value instanceof PyMap py ? py.toMap() : value;
    if (plain instanceof LazyMap || plain instanceof LazyList) {
      return; // its values are looked at as they are read
    }
    if (plain instanceof Map<?, ?> map) {
      // a structure an expression built (a literal, a filter's output): its own scalars
      map.values().forEach(this::seenScalar);
    } else if (plain instanceof Collection<?> items) {
      items.forEach(this::seenScalar);
    } else {
      seenScalar(plain);
    }
  }

  private void seenScalar(Object value) {
    if (!touched && (value instanceof CharSequence || value instanceof Number)) {
      touched = secrets.in(value.toString());
    }
  }

  /** The scope of the render call running on this thread (for lookups), if any. */
  static java.util.Optional<Scope> current() {
    return JinjavaInterpreter.getCurrent() instanceof Interpreter interpreter ? java.util.Optional.of(interpreter.scope) : java.util.Optional.empty();
  }

  /** A variable's value as a template reads it: rendered, or {@link Undefined}. */
  Object variable(String name) {
    return lookup(name);
  }

  Set<String> names() {
    return vars.keySet();
  }

  Secrets secrets() {
    return secrets;
  }

  /**
   * Where a lookup looks for a controller file, as Ansible does: the role's {@code folder} and the
   * role ({@code role_path}), then the runbook's {@code folder} and directory ({@code playbook_dir}).
   */
  List<java.nio.file.Path> searchDirs(String folder) {
    List<java.nio.file.Path> dirs = new ArrayList<>();
    for (String base : List.of("role_path", "playbook_dir")) {
      if (vars.get(base) instanceof String dir) {
        dirs.add(java.nio.file.Path.of(dir).resolve(folder));
        dirs.add(java.nio.file.Path.of(dir));
      }
    }
    if (dirs.isEmpty()) {
      dirs.add(java.nio.file.Path.of("").toAbsolutePath());
    }
    return dirs;
  }

  /** The first of {@link #searchDirs} that holds {@code name} (an absolute name as is). */
  java.nio.file.Path find(String folder, String name) {
    java.nio.file.Path given = java.nio.file.Path.of(name);
    List<java.nio.file.Path> candidates = given.isAbsolute() ? List.of(given) : searchDirs(folder).stream().map(d -> d.resolve(name).normalize()).toList();
    return candidates.stream().filter(java.nio.file.Files::isRegularFile).findFirst().orElseThrow(() -> new TemplateError(
        "could not find '" + name + "' (looked in: " + String.join(", ", candidates.stream().map(Object::toString).toList()) + ")"));
  }

  /** {@link #seen} for the scope whose interpreter is running on this thread (the resolver of every key and attribute). */
  static void seenByCurrent(Object value) {
    if (JinjavaInterpreter.getCurrent() instanceof Interpreter interpreter) {
      interpreter.scope.seen(value);
    }
  }

  private Object lookup(String name) {
    if (resolved.containsKey(name)) {
      Object value = resolved.get(name);
      read(name, false, value);
      return value;
    }
    if (!vars.containsKey(name)) {
      return NONE.contains(name) ? null : Undefined.variable(name);
    }
    Object value = lazy(name, name, false, vars.get(name));
    resolved.put(name, value);
    return value;
  }

  private interface Step<T> {
    T run(JinjavaInterpreter interpreter);
  }

  /** Runs one step on a fresh interpreter and turns every fatal problem into a TemplateError. */
  private <T> T run(String source, com.hubspot.jinjava.JinjavaConfig config, Step<T> step) {
    JinjavaInterpreter interpreter = new Interpreter(this, new Context(root), config);
    JinjavaInterpreter.pushCurrent(interpreter);
    T result;
    try {
      result = step.run(interpreter);
    } catch (TemplateError e) {
      throw e;
    } catch (InterpretException e) {
      throw Errors.from(source, e);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    for (com.hubspot.jinjava.interpret.TemplateError error : interpreter.getErrors()) {
      TemplateError ours = Errors.ours(error.getException());
      if (ours != null) {
        throw ours;
      }
      if (error.getSeverity() == ErrorType.FATAL || Errors.fatalWarning(error)) {
        throw Errors.from(source, error);
      }
    }
    return result;
  }

  /** Prints values as Python's str() does (True, ['a', None]), as Ansible's output shows them. */
  private static final class Interpreter extends JinjavaInterpreter {
    private final Scope scope;

    Interpreter(Scope scope, Context context, com.hubspot.jinjava.JinjavaConfig config) {
      super(scope.engine.jinjava(), context, config);
      this.scope = scope;
    }

    /** Every expression: {{ }}, {% set %}, {% if %}, {% for %}, and ours. */
    @Override
    public Object resolveELExpression(String expression, int lineNumber) {
      return scope.tracked(() -> super.resolveELExpression(expression, lineNumber));
    }

    /** A name an expression reads from the template's own context: a {% set %} or loop variable, or ours. */
    @Override
    public Object retraceVariable(String variable, int lineNumber, int startPosition) {
      Object value = super.retraceVariable(variable, lineNumber, startPosition);
      scope.seen(value);
      return value;
    }

    /** An expression's output: printing a structure reads its values; None prints nothing, as Ansible's finalize has it. */
    @Override
    public String getAsString(Object value) {
      return scope.tracked(() -> value == null ? "" : Python.str(value));
    }
  }

  /**
   * The root of one call's contexts, under the shared global context that holds the filters and
   * tests. Jinjava copies the global context per render (costly) because contexts report what they
   * resolved up to their parents; this root keeps that bookkeeping from reaching the shared parent.
   * It also fails on an unknown filter or test, where Jinjava silently yields null.
   */
  private static final class RootContext extends Context {
    RootContext(Context global) {
      super(global);
    }

    @Override
    public void addResolvedExpression(String expression) {}

    @Override
    public void addResolvedValue(String value) {}

    @Override
    public void addResolvedFunction(String function) {}

    @Override
    public void addDependency(String type, String identification) {}

    @Override
    public Filter getFilter(String name) {
      Filter filter = Filters.names().contains(name) ? super.getFilter(name) : null;
      if (filter == null) {
        throw new TemplateError("no filter named '" + name + "'");
      }
      return filter;
    }

    @Override
    public ExpTest getExpTest(String name) {
      ExpTest test = Tests.names().contains(name) ? super.getExpTest(name) : null;
      if (test == null) {
        throw new TemplateError("no test named '" + name + "'");
      }
      return test;
    }
  }
}
