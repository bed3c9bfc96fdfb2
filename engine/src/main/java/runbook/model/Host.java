package runbook.model;

import java.util.List;
import java.util.Map;

/**
 * An inventory host.
 *
 * @param vars the host's inventory variables, already merged in precedence order: all, parent
 *     groups, child groups, host (group_vars/ and host_vars/ included)
 * @param groups every group the host belongs to, directly or through children, "all" excluded, sorted
 */
public record Host(String name, Map<String, Object> vars, List<String> groups) {
  public Host {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    groups = List.copyOf(groups);
  }
}
