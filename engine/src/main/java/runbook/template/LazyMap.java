package runbook.template;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** A read-only view of a variable's map whose values are templated when first read. */
final class LazyMap extends AbstractMap<Object, Object> {
  private final Scope scope;
  private final String path;
  private final Map<?, ?> raw;
  private final Map<Object, Object> rendered = new HashMap<>();
  /** Secret by its name or a name above it: every value below is secret. */
  private final boolean secret;

  LazyMap(Scope scope, String path, Map<?, ?> raw, boolean secret) {
    this.scope = scope;
    this.path = path;
    this.raw = raw;
    this.secret = secret;
  }

  String path() {
    return path;
  }

  @Override
  public Object get(Object key) {
    if (rendered.containsKey(key)) {
      Object value = rendered.get(key);
      scope.read(String.valueOf(key), secret, value);
      return value;
    }
    if (!raw.containsKey(key)) {
      return null;
    }
    Object value = scope.lazy(path + "." + key, String.valueOf(key), secret, raw.get(key));
    rendered.put(key, value);
    return value;
  }

  @Override
  public boolean containsKey(Object key) {
    return raw.containsKey(key);
  }

  @Override
  public int size() {
    return raw.size();
  }

  @Override
  public Set<Entry<Object, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<Object, Object>> iterator() {
        Iterator<?> keys = raw.keySet().iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return keys.hasNext();
          }

          @Override
          public Entry<Object, Object> next() {
            Object key = keys.next();
            return new SimpleImmutableEntry<>(key, get(key));
          }
        };
      }

      @Override
      public int size() {
        return raw.size();
      }
    };
  }
}
