package runbook.template;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** A read-only view of a variable's list whose elements are templated when first read. */
final class LazyList extends AbstractList<Object> implements RandomAccess {
  private static final Object NOT_YET = new Object();

  private final Scope scope;
  private final String path;
  private final List<?> raw;
  private final Object[] rendered;
  /** Secret by the name of the variable or key that holds it. */
  private final boolean secret;

  LazyList(Scope scope, String path, List<?> raw, boolean secret) {
    this.scope = scope;
    this.path = path;
    this.raw = raw;
    this.secret = secret;
    this.rendered = new Object[raw.size()];
    java.util.Arrays.fill(rendered, NOT_YET);
  }

  String path() {
    return path;
  }

  @Override
  public Object get(int index) {
    if (rendered[index] == NOT_YET) {
      rendered[index] = scope.lazy(path + "[" + index + "]", null, secret, raw.get(index));
    } else {
      scope.read(null, secret, rendered[index]);
    }
    return rendered[index];
  }

  @Override
  public int size() {
    return raw.size();
  }
}
