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

  /**
   * The same inventory with {@code host} added (when new, with {@code vars}; when known, its vars
   * updated) and in {@code groups} (none: ungrouped), as add_host and group_by change it.
   */
  public Inventory adding(String host, Map<String, Object> vars, List<String> groups) {
    Map<String, List<String>> members = new java.util.LinkedHashMap<>();
    this.groups.forEach((g, hs) -> members.put(g, new java.util.ArrayList<>(hs)));
    Host known = host(host);
    List<String> in = new java.util.ArrayList<>(known == null ? List.of() : known.groups());
    List<String> more = groups.isEmpty() && known == null ? List.of("ungrouped") : groups;
    for (String group : concat(List.of("all"), more)) {
      List<String> hs = members.computeIfAbsent(group, g -> new java.util.ArrayList<>());
      if (!hs.contains(host)) {
        hs.add(host);
      }
      if (!group.equals("all") && !in.contains(group)) {
        in.add(group);
      }
    }
    // as in Ansible, a host in a group is no longer ungrouped
    if (in.size() > 1 && in.remove("ungrouped")) {
      members.get("ungrouped").remove(host);
    }
    java.util.Collections.sort(in);
    Map<String, Object> allVars = new java.util.LinkedHashMap<>(known == null ? Map.of() : known.vars());
    allVars.putAll(vars);
    Host changed = new Host(host, allVars, in);
    List<Host> all = new java.util.ArrayList<>(hosts.stream().map(h -> h.name().equals(host) ? changed : h).toList());
    if (known == null) {
      all.add(changed);
    }
    return new Inventory(file, all, members, runbooks);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  public Host host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
  }
}
