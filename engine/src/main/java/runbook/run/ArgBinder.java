package runbook.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import runbook.spi.ArgSpec;
import runbook.spi.ArgType;
import runbook.spi.Args;
import runbook.spi.ModuleSpec;
import runbook.template.Templar;

/**
 * Turns a task's written arguments into {@link Args}: templates rendered (except expressions),
 * aliases resolved, values converted to their declared types as Ansible converts them, defaults
 * filled in. A value that does not fit is a {@link BindError} naming the argument.
 */
final class ArgBinder {
  private static final List<String> TRUE = List.of("true", "yes", "on", "1", "y", "t");
  private static final List<String> FALSE = List.of("false", "no", "off", "0", "n", "f", "");

  private ArgBinder() {}

  /** An argument that does not fit its type, with the name as written. */
  static final class BindError extends RuntimeException {
    final String arg;

    BindError(String arg, String message) {
      super(message, null, false, false);
      this.arg = arg;
    }
  }

  static Args bind(ModuleSpec spec, Map<String, Object> written, Templar templar, Map<String, Object> vars) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (var entry : written.entrySet()) {
      String key = entry.getKey();
      Optional<ArgSpec> arg = spec.arg(key);
      if (arg.isEmpty()) {
        if (!spec.openArgs()) {
          throw new BindError(key, "module '" + spec.name() + "' has no argument '" + key + "'");
        }
        // an open module's keys are names it makes (set_fact's), templated as Ansible templates them
        Object value = templar.render(entry.getValue(), vars);
        if (!Vars.OMIT.equals(value)) {
          values.put(String.valueOf(templar.render(key, vars)), Vars.withoutOmitted(value));
        }
        continue;
      }
      ArgSpec a = arg.get();
      Object value = a.type() == ArgType.EXPRESSION ? entry.getValue() : templar.render(entry.getValue(), vars);
      if (!Vars.OMIT.equals(value)) {
        values.put(a.name(), convert(spec, a, key, Vars.withoutOmitted(value)));
      }
    }
    for (ArgSpec a : spec.args()) {
      if (values.get(a.name()) == null && a.defaultValue() != null) {
        values.put(a.name(), a.defaultValue());
      }
      if (a.isRequired() && values.get(a.name()) == null) {
        throw new BindError(a.name(), "module '" + spec.name() + "' needs the argument '" + a.name() + "'");
      }
    }
    return new Args(values);
  }

  static Object convert(ModuleSpec spec, ArgSpec a, String key, Object value) {
    if (value == null) {
      return null;
    }
    Object converted =
        switch (a.type()) {
          case STR, MODE -> str(value, () -> mismatch(spec, key, "a string", value));
          case BOOL -> bool(value).orElseThrow(() -> mismatch(spec, key, "a boolean (true/false, yes/no)", value));
          case INT -> integer(value).orElseThrow(() -> mismatch(spec, key, "an integer", value));
          case LIST -> list(value);
          case DICT -> {
            if (!(value instanceof Map)) {
              throw mismatch(spec, key, "a mapping", value);
            }
            yield value;
          }
          case EXPRESSION -> value instanceof List ? value : value instanceof String ? value : String.valueOf(value);
          case RAW -> value;
        };
    if (!a.choices().isEmpty() && !a.choices().contains(String.valueOf(converted))) {
      throw new BindError(
          key,
          "argument '" + key + "' of module '" + spec.name() + "' must be one of " + String.join(", ", a.choices())
              + ", got '" + converted + "'");
    }
    if (a.type() == ArgType.STR) {
      a.problem((String) converted).ifPresent(problem -> {
        throw new BindError(key, "argument '" + key + "' of module '" + spec.name() + "' " + problem + ", got '" + converted + "'");
      });
    }
    return converted;
  }

  private static String str(Object value, java.util.function.Supplier<BindError> error) {
    if (value instanceof Map || value instanceof List) {
      throw error.get();
    }
    return String.valueOf(value);
  }

  static Optional<Boolean> bool(Object value) {
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    if (value instanceof Number || value instanceof String) {
      if (TRUE.contains(text)) return Optional.of(true);
      if (FALSE.contains(text)) return Optional.of(false);
    }
    return Optional.empty();
  }

  private static Optional<Integer> integer(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return Optional.of(((Number) value).intValue());
    }
    try {
      return Optional.of(Integer.parseInt(String.valueOf(value).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Ansible's list conversion: a list as is, a comma-separated string split, any other value alone. */
  private static List<Object> list(Object value) {
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (value instanceof String s) {
      return s.isEmpty() ? List.of() : new ArrayList<>(Arrays.stream(s.split(",")).map(String::trim).toList());
    }
    return List.of(value);
  }

  private static BindError mismatch(ModuleSpec spec, String key, String wanted, Object value) {
    return new BindError(
        key, "argument '" + key + "' of module '" + spec.name() + "' must be " + wanted + ", got " + describe(value));
  }

  private static String describe(Object value) {
    if (value instanceof Map) return "a mapping";
    if (value instanceof List) return "a list";
    return "'" + value + "'";
  }
}
