package runbook.template;

import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;

/**
 * Runs before Jinjava's own resolvers so that a missing key or element yields {@link Undefined}
 * (Jinjava would give null, which is a defined None), and so that attributes of an undefined value
 * stay undefined with the first missing name, as Ansible's undefined does.
 */
final class StrictResolver extends ReadOnlyResolver {
  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    if (base instanceof Undefined) {
      context.setPropertyResolved(true);
      return base;
    }
    if (base instanceof Map<?, ?> map && property != null && !hasKey(map, property)) {
      context.setPropertyResolved(true);
      Map<?, ?> inner = map instanceof PyMap py ? py.toMap() : map;
      return Undefined.attribute(inner instanceof LazyMap lazy ? lazy.path() : "dict object", property);
    }
    if (base instanceof CharSequence || base instanceof Number || base instanceof Boolean) {
      // Jinja has no attributes on scalars; their methods (s.upper()) are resolved as calls elsewhere
      context.setPropertyResolved(true);
      return Undefined.attribute(Numbers.typeName(base) + " object", property);
    }
    if ((base instanceof PyList py ? py.toList() : base) instanceof JinjaFilters.Group group && group.field(property) != null) {
      context.setPropertyResolved(true);
      return group.field(property);
    }
    if (base instanceof List<?> list) {
      List<?> inner = list instanceof PyList py ? py.toList() : list;
      String owner = inner instanceof LazyList lazy ? lazy.path() : "list object";
      Long index = index(property);
      if (index == null) {
        // lists have no attributes in Jinja; their methods are resolved as calls elsewhere
        context.setPropertyResolved(true);
        return Undefined.attribute(owner, property);
      }
      if (index >= list.size() || index < -list.size()) {
        context.setPropertyResolved(true);
        return Undefined.because("'" + owner + "' has no element " + index);
      }
    }
    return null;
  }

  /** Jinjava hands list indexes over as text ("5"). */
  private static Long index(Object property) {
    if (property instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(property));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Jinjava's map resolver also matches a key given as another type (1 for "1"); so do we. */
  private static boolean hasKey(Map<?, ?> map, Object property) {
    return map.containsKey(property)
        || map.containsKey(property.toString())
        || (property instanceof Number n && (map.containsKey(n.intValue()) || map.containsKey(n.longValue())));
  }
}
