package runbook.template;

import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Python's view of values, which Ansible's filters and conditionals follow. */
final class Python {
  private Python() {}

  /** The YAML boolean words a conditional may be written as. */
  static final Map<String, Boolean> BOOLEAN_WORDS = Map.of(
      "true", true, "yes", true, "on", true,
      "false", false, "no", false, "off", false);

  /** Python truthiness: None, False, 0, "" and empty collections are false. */
  static boolean truthy(Object value) {
    if (value instanceof Undefined undefined) {
      throw undefined.error();
    }
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof CharSequence s) {
      return s.length() > 0;
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    if (value instanceof SafeString s) {
      return !s.toString().isEmpty();
    }
    return !(value instanceof HasObjectTruthValue wrapper) || wrapper.getObjectTruthValue();
  }

  /** Ansible's bool filter: yes, on, 1 and true (any case) are true, everything else false. */
  static boolean toBool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() == 1;
    }
    if (value == null) {
      return false;
    }
    String text = str(value).strip().toLowerCase(Locale.ROOT);
    return text.equals("yes") || text.equals("on") || text.equals("1") || text.equals("true");
  }

  /** Python's str(): strings as they are, other values as Python would print them. */
  static String str(Object value) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    StringBuilder out = new StringBuilder();
    repr(value, out);
    return out.toString();
  }

  private static void repr(Object value, StringBuilder out) {
    if (value instanceof Undefined undefined) {
      throw undefined.error();
    } else if (value == null) {
      out.append("None");
    } else if (value instanceof Boolean b) {
      out.append(b ? "True" : "False");
    } else if (value instanceof CharSequence s) {
      String text = s.toString();
      char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
      out.append(quote);
      for (char c : text.toCharArray()) {
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(c == quote ? "\\" + c : String.valueOf(c));
        }
      }
      out.append(quote);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        repr(entry.getKey(), out);
        out.append(": ");
        repr(entry.getValue(), out);
        if (entries.hasNext()) {
          out.append(", ");
        }
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      Iterator<?> items = list.iterator();
      while (items.hasNext()) {
        repr(items.next(), out);
        if (items.hasNext()) {
          out.append(", ");
        }
      }
      out.append(']');
    } else if (value instanceof Double || value instanceof Float) {
      out.append(floatRepr(((Number) value).doubleValue()));
    } else {
      out.append(value);
    }
  }

  /**
   * Python's repr of a float: the fewest digits that read back as the same number, in fixed
   * notation from 1e-4 up to 1e16 (with ".0" when whole), else as 1.5e-05 and 1e+20.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    String shortest = null;
    for (int digits = 0; digits <= 17; digits++) {
      shortest = String.format(Locale.ROOT, "%." + digits + "e", d);
      if (Double.parseDouble(shortest) == d) {
        break;
      }
    }
    int e = shortest.indexOf('e');
    String mantissa = shortest.substring(0, e);
    int exponent = Integer.parseInt(shortest.substring(e + 1));
    if (exponent < -4 || exponent >= 16) {
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
    String plain = new java.math.BigDecimal(mantissa).scaleByPowerOfTen(exponent).toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }
}
