package runbook.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * A role as one of its tasks runs it: the role's directory and the variables it brings, each at its
 * level of the precedence table (README, "Variables").
 *
 * @param path the role's directory ({@code role_path})
 * @param defaults defaults/ (or defaults_from): the lowest level of all
 * @param vars vars/ (or vars_from): above the play's vars, below block and task vars
 * @param params the parameters it was given (in {@code roles:} or a meta dependency): above set_fact
 * @param parent the role that pulled this one in (a meta dependency, or an include inside it), or
 *     null; its variables are seen too, under this role's own
 * @param exposedOnceRun include_role with {@code public: true}: on a host, its defaults and vars are
 *     the play's once it has run there (those of {@code roles:} and import_role are the play's from
 *     the start, and in {@link Play#roles()})
 */
public record Role(
    String name, Path path, Map<String, Object> defaults, Map<String, Object> vars, Map<String, Object> params, Role parent,
    boolean exposedOnceRun) {
  public Role {
    defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }

  /** The outermost role first, this one last. */
  public java.util.List<Role> chain() {
    java.util.LinkedList<Role> chain = new java.util.LinkedList<>();
    for (Role r = this; r != null; r = r.parent) {
      chain.addFirst(r);
    }
    return java.util.List.copyOf(chain);
  }
}
