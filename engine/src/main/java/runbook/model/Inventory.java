package runbook.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded inventory.
 *
 * @param hosts every host in inventory order (the order of first appearance)
 * @param groups group name to its hosts (directly or through children), in inventory order; includes
 *     "all" and "ungrouped"
 * @param runbooks runbooks named by the inventory ({@code all.vars.runbook_apply}), resolved against
 *     the inventory's directory, applied when the command line names none
 */
public record Inventory(Path file, List<Host> hosts, Map<String, List<String>> groups, List<Path> runbooks) {
  public Inventory {
    hosts = List.copyOf(hosts);
    groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
    runbooks = List.copyOf(runbooks);
  }

  /** The same inventory with {@code defaults} beneath every host's own variables (the command line's -u, -b, ...). */
  public Inventory under(Map<String, Object> defaults) {
    if (defaults.isEmpty()) {
      return this;
    }
    List<Host> under = hosts.stream().map(h -> {
      Map<String, Object> vars = new java.util.LinkedHashMap<>(defaults);
      vars.putAll(h.vars());
      return new Host(h.name(), vars, h.groups());
    }).toList();
    return new Inventory(file, under, groups, runbooks);
  }

  public Host host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
  }
}
