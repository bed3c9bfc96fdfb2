package runbook.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Python's number and comparison rules over Java's boxed types (Integer from YAML, Long from Jinjava). */
final class Numbers {
  private Numbers() {}

  /** A whole number as Integer when it fits, as YAML loads it; else Long. */
  static Number narrow(long value) {
    return value == (int) value ? Integer.valueOf((int) value) : Long.valueOf(value);
  }

  /** A key under which Python-equal values collide (1, 1L and 1.0 are one value). */
  static Object key(Object value) {
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return d.longValue();
    }
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    return value;
  }

  /** Python's ordering: numbers by value, strings (case-insensitively unless asked), no mixing. */
  static int compare(Object a, Object b, boolean caseSensitive) {
    if (a instanceof Undefined undefined) {
      throw undefined.error();
    }
    if (b instanceof Undefined undefined) {
      throw undefined.error();
    }
    if (a instanceof Number x && b instanceof Number y) {
      return decimal(x).compareTo(decimal(y));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return x.compareTo(y);
    }
    if (a instanceof CharSequence x && b instanceof CharSequence y) {
      String left = x.toString();
      String right = y.toString();
      return caseSensitive ? left.compareTo(right) : left.toLowerCase(Locale.ROOT).compareTo(right.toLowerCase(Locale.ROOT));
    }
    throw new TemplateError("cannot compare '" + typeName(a) + "' with '" + typeName(b) + "'");
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** The Python type name of a value, for messages. */
  static String typeName(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return "float";
    }
    if (value instanceof Number) {
      return "int";
    }
    if (value instanceof CharSequence) {
      return "str";
    }
    if (value instanceof Map) {
      return "dict";
    }
    if (value instanceof Collection) {
      return "list";
    }
    return value.getClass().getSimpleName();
  }
}
