package runbook.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The arguments of one filter or test call, read the Python way: by position or by name. */
record Args(List<Object> positional, Map<String, Object> named) {
  static Args of(Object[] args, Map<String, Object> kwargs) {
    List<Object> positional = new ArrayList<>();
    Map<String, Object> named = new LinkedHashMap<>(kwargs);
    for (Object arg : args) {
      if (arg instanceof NamedParameter parameter) {
        named.put(parameter.getName(), parameter.getValue());
      } else {
        positional.add(arg);
      }
    }
    return new Args(positional, named);
  }

  Object get(int index, String name, Object fallback) {
    if (index < positional.size()) {
      return positional.get(index);
    }
    return named.getOrDefault(name, fallback);
  }

  String string(int index, String name, String fallback) {
    Object value = get(index, name, fallback);
    return value == null ? null : Python.str(value);
  }

  boolean flag(int index, String name) {
    return Python.truthy(get(index, name, false));
  }

  /** Every value given, positional and named, to refuse undefined ones. */
  List<Object> all() {
    List<Object> all = new ArrayList<>(positional);
    all.addAll(named.values());
    return all;
  }
}
