package runbook.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables of one render call. Values are templated lazily, when a template first uses them
 * (as Ansible does), and at most once per call; a value that needs itself is reported as a loop.
 * Confined to the thread of its call.
 */
final class Scope {
  /** Python's None literal; Jinjava knows only null (true and false it knows in both cases). */
  private static final Set<String> NONE = Set.of("None", "none");

  private final Engine engine;
  private final Map<String, Object> vars;
  private final Map<String, Object> resolved = new HashMap<>();
  private final List<String> rendering = new ArrayList<>();
  private final Context root;

  Scope(Engine engine, Map<String, Object> vars) {
    this.engine = engine;
    this.vars = vars;
    this.root = new RootContext(engine.jinjava().getGlobalContext());
    root.setDynamicVariableResolver(this::lookup);
  }

  /** Renders a string: a lone expression yields its value, anything else a String. */
  Object render(String text) {
    if (!Templar.isTemplate(text)) {
      return text;
    }
    String expression = engine.loneExpression(text);
    return expression == null ? renderText(text) : evaluate(expression);
  }

  String renderText(String template) {
    return run(template, interpreter -> interpreter.render(template));
  }

  Object evaluate(String expression) {
    return run("{{ " + expression + " }}", interpreter -> interpreter.resolveELExpression(expression, 1));
  }

  /** A variable's value with its templates rendered on access; nested maps and lists stay lazy. */
  Object lazy(String path, Object raw) {
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
      return new LazyMap(this, path, map);
    }
    if (raw instanceof List<?> list) {
      return new LazyList(this, path, list);
    }
    return raw;
  }

  private Object lookup(String name) {
    if (resolved.containsKey(name)) {
      return resolved.get(name);
    }
    if (!vars.containsKey(name)) {
      return NONE.contains(name) ? null : Undefined.variable(name);
    }
    Object value = lazy(name, vars.get(name));
    resolved.put(name, value);
    return value;
  }

  private interface Step<T> {
    T run(JinjavaInterpreter interpreter);
  }

  /** Runs one step on a fresh interpreter and turns every fatal problem into a TemplateError. */
  private <T> T run(String source, Step<T> step) {
    JinjavaInterpreter interpreter = new Interpreter(engine, new Context(root));
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

  /** Prints values as Python's str() does (True, None, ['a', 1]), as Ansible's output shows them. */
  private static final class Interpreter extends JinjavaInterpreter {
    Interpreter(Engine engine, Context context) {
      super(engine.jinjava(), context, engine.config());
    }

    @Override
    public String getAsString(Object value) {
      return value == null ? "None" : Python.str(value);
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
      Filter filter = super.getFilter(name);
      if (filter == null) {
        throw new TemplateError("no filter named '" + name + "'");
      }
      return filter;
    }

    @Override
    public ExpTest getExpTest(String name) {
      ExpTest test = super.getExpTest(name);
      if (test == null) {
        throw new TemplateError("no test named '" + name + "'");
      }
      return test;
    }
  }
}
