package runbook.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A module's arguments after templating and conversion to their declared {@link ArgType}s, with
 * aliases resolved to the argument's name and defaults filled in. Absent arguments read as null.
 */
public record Args(Map<String, Object> values) {
  public Args {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  public boolean has(String name) {
    return values.get(name) != null;
  }

  public String str(String name) {
    Object v = values.get(name);
    return v == null ? null : v.toString();
  }

  public Optional<String> optional(String name) {
    return Optional.ofNullable(str(name));
  }

  public boolean bool(String name) {
    return Boolean.TRUE.equals(values.get(name));
  }

  public Integer integer(String name) {
    Object v = values.get(name);
    return v == null ? null : ((Number) v).intValue();
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String name) {
    Object v = values.get(name);
    return v == null ? List.of() : (List<Object>) v;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> dict(String name) {
    Object v = values.get(name);
    return v == null ? Map.of() : (Map<String, Object>) v;
  }

  public Object raw(String name) {
    return values.get(name);
  }
}
