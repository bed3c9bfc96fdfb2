package runbook.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import runbook.load.Nodes.Entry;
import runbook.model.Host;
import runbook.model.Inventory;
import runbook.model.SourceLocation;

/**
 * An Ansible inventory: a YAML or INI file, or a directory of them (read in name order, subdirectories
 * included, skipping what Ansible skips), with the group_vars/ and host_vars/ beside the file or in
 * the directory. Host variables are merged
 * lowest first: all, then the host's groups from shallowest to deepest (alphabetical within a depth,
 * later wins), then the host; a group_vars/ or host_vars/ file beats what is written inline.
 */
final class InventoryLoader {
  static final String RUNBOOK_APPLY = "runbook_apply";
  private static final Pattern RANGE = Pattern.compile("^(.*?)\\[([0-9]+|[a-zA-Z]):([0-9]+|[a-zA-Z])(?::([0-9]+))?\\](.*)$");
  /** What Ansible's INVENTORY_IGNORE_EXTS leaves out of an inventory directory (.ini included, as there). */
  private static final Pattern IGNORED = Pattern.compile(".*(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg|\\.retry)");
  /** The first line of a YAML inventory without a YAML extension: a document start, or a group with nothing after it. */
  private static final Pattern YAML_START = Pattern.compile("---.*|[^\\s\\[=#;]+:\\s*(#.*)?");

  /** @param runbookRefs where each runbook of {@code runbook_apply} was named, for problems about it */
  record Result(Inventory inventory, Map<Path, SourceLocation> runbookRefs) {}

  /** A runbook path as runbook_apply names it. */
  private record Ref(String name, SourceLocation at) {}

  private static final class Group {
    final Map<String, Object> vars = new LinkedHashMap<>();
    final List<String> hosts = new ArrayList<>();
    final Set<String> children = new LinkedHashSet<>();
    final Set<String> parents = new LinkedHashSet<>();
  }

  private final Path path;
  private final Problems problems;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  /** Inline and host_vars/ variables by host, in inventory order. */
  private final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();
  /** The runbook_apply of group all that wins (the last one read). */
  private List<Ref> runbookApply = List.of();

  private InventoryLoader(Path path, Problems problems) {
    this.path = path;
    this.problems = problems;
    groups.put("all", new Group());
  }

  static Result load(Path path, Problems problems) {
    return new InventoryLoader(path, problems).load();
  }

  private Result load() {
    boolean isDirectory = Files.isDirectory(path);
    if (!Files.exists(path)) {
      problems.add(null, "inventory file '" + path + "' not found");
    } else if (isDirectory) {
      sources(path).forEach(this::source);
    } else {
      source(path);
    }
    Path directory = isDirectory ? path.toAbsolutePath() : path.toAbsolutePath().getParent();
    List<String> names = new ArrayList<>(groups.keySet());
    if (!names.contains("ungrouped")) {
      names.add("ungrouped");
    }
    for (String name : names) {
      for (YamlFile file : varsFiles(directory.resolve("group_vars"), name)) {
        Group group = groups.computeIfAbsent(name, n -> new Group());
        vars(file, name, file.root(), group.vars);
      }
    }
    for (String host : hostVars.keySet()) {
      for (YamlFile file : varsFiles(directory.resolve("host_vars"), host)) {
        vars(file, null, file.root(), hostVars.get(host));
      }
    }
    return build(directory);
  }

  /** One inventory file: YAML by its extension or its first line, else INI, as Ansible tries them. */
  private void source(Path source) {
    TextFile.read(source, problems).ifPresent(text -> {
      String name = source.getFileName().toString();
      String first = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
      if (name.matches(".*\\.(yml|yaml|json)") || YAML_START.matcher(first).matches()) {
        YamlFile.compose(source, text, problems).ifPresent(this::yaml);
      } else {
        IniInventory.parse(source, text, this, problems);
      }
    });
  }

  private void yaml(YamlFile file) {
    if (file.root() instanceof MappingNode map) {
      Nodes.entries(map).forEach(e -> group(file, e, e.key().equals("all") ? null : "all"));
    } else if (file.root() != null) {
      problems.add(file.at(file.root()), "an inventory must be a mapping of groups (usually 'all:'), not " + Nodes.describe(file.root()));
    }
  }

  /** The inventory files of a directory, as Ansible picks them: no hidden files, no group_vars/ or host_vars/. */
  private List<Path> sources(Path directory) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || IGNORED.matcher(name).matches()) {
          continue;
        }
        if (Files.isDirectory(p)) {
          if (!name.equals("group_vars") && !name.equals("host_vars")) {
            found.addAll(sources(p));
          }
        } else {
          found.add(p);
        }
      }
    } catch (IOException e) {
      problems.add(null, "cannot read the inventory directory '" + directory + "'");
    }
    return found;
  }

  void defineGroup(String name) {
    groups.computeIfAbsent(name, n -> new Group());
  }

  /** A group's variable as an INI file sets it. */
  void groupVar(String groupName, String key, Object value, SourceLocation at) {
    groups.computeIfAbsent(groupName, n -> new Group()).vars.put(key, value);
    if (groupName.equals("all") && key.equals(RUNBOOK_APPLY)) {
      List<?> names = value instanceof List<?> list ? list : List.of(String.valueOf(value));
      runbookApply = names.stream().map(n -> new Ref(String.valueOf(n), at)).toList();
    }
  }

  /** The hosts a host pattern (ranges expanded) names, into a group, with their variables. */
  void addHosts(String groupName, String pattern, Map<String, Object> vars, SourceLocation at) {
    Group group = groups.computeIfAbsent(groupName, n -> new Group());
    for (String host : expand(pattern, problem -> problems.add(at, problem))) {
      if (!group.hosts.contains(host)) {
        group.hosts.add(host);
      }
      hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
    }
  }

  private void group(YamlFile file, Entry entry, String parent) {
    String name = entry.key();
    Group group = groups.computeIfAbsent(name, n -> new Group());
    if (parent != null) {
      link(parent, entry.key(), file.at(entry.keyNode()));
    }
    Node value = entry.value();
    if (Nodes.isNull(value)) {
      return;
    }
    if (!(value instanceof MappingNode map)) {
      problems.add(file.at(value), "group '" + name + "' must be a mapping with hosts, children or vars, not " + Nodes.describe(value));
      return;
    }
    for (Entry e : Nodes.entries(map)) {
      switch (e.key()) {
        case "hosts" -> hosts(file, name, e.value());
        case "children" -> {
          if (mapping(file, e.value(), "'children' of group '" + name + "' must be a mapping of group names")) {
            Nodes.entries((MappingNode) e.value()).forEach(child -> group(file, child, name));
          }
        }
        case "vars" -> vars(file, name, e.value(), group.vars);
        default -> problems.add(file.at(e.keyNode()), "unknown key '" + e.key() + "' in group '" + name + "' (expected hosts, children or vars)");
      }
    }
  }

  void link(String parent, String child, SourceLocation at) {
    defineGroup(parent);
    defineGroup(child);
    if (child.equals(parent) || descendants(child).contains(parent)) {
      problems.add(at, "group '" + child + "' cannot be a child of '" + parent + "': '" + parent + "' is already inside it");
      return;
    }
    groups.get(parent).children.add(child);
    groups.get(child).parents.add(parent);
  }

  private void hosts(YamlFile file, String groupName, Node hosts) {
    if (!mapping(file, hosts, "'hosts' of group '" + groupName + "' must be a mapping of host names to their variables")) {
      return;
    }
    for (Entry e : Nodes.entries((MappingNode) hosts)) {
      if (!Nodes.isNull(e.value()) && !(e.value() instanceof MappingNode)) {
        problems.add(file.at(e.value()), "host '" + e.key() + "' must map to its variables (a mapping) or to nothing, not " + Nodes.describe(e.value()));
        continue;
      }
      addHosts(groupName, e.key(), Nodes.map(e.value()), file.at(e.keyNode()));
    }
  }

  /** Merges a vars mapping into {@code into}; {@code groupName} is null for host variables. */
  private void vars(YamlFile file, String groupName, Node vars, Map<String, Object> into) {
    if (!mapping(file, vars, "variables must be a mapping of names to values")) {
      return;
    }
    into.putAll(Nodes.map(vars));
    Entry apply = Nodes.byKey((MappingNode) vars).get(RUNBOOK_APPLY);
    if ("all".equals(groupName) && apply != null) {
      runbookApply = refs(file, apply.value());
    }
  }

  /** True for a mapping; nothing is fine too (false, no problem); anything else is a problem. */
  private boolean mapping(YamlFile file, Node node, String complaint) {
    if (node instanceof MappingNode) {
      return true;
    }
    if (!Nodes.isNull(node)) {
      problems.add(file.at(node), complaint + ", not " + Nodes.describe(node));
    }
    return false;
  }

  /** DIR/NAME, NAME.yml, NAME.yaml, NAME.json, then the files of DIR/NAME/ in name order, as Ansible reads them. */
  private List<YamlFile> varsFiles(Path directory, String name) {
    List<Path> paths = new ArrayList<>();
    for (String suffix : List.of("", ".yml", ".yaml", ".json")) {
      if (Files.isRegularFile(directory.resolve(name + suffix))) {
        paths.add(directory.resolve(name + suffix));
      }
    }
    Path folder = directory.resolve(name);
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        files.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().startsWith(".") && p.getFileName().toString().matches("[^.]*|.*\\.(yml|yaml|json)"))
            .sorted()
            .forEach(paths::add);
      } catch (IOException e) {
        problems.add(null, "cannot read '" + folder + "'");
      }
    }
    List<YamlFile> files = new ArrayList<>();
    for (Path p : paths) {
      YamlFile.read(p, problems).ifPresent(files::add);
    }
    return files;
  }

  private Result build(Path directory) {
    List<String> order = new ArrayList<>(hostVars.keySet());
    Map<String, Set<String>> members = new LinkedHashMap<>();
    for (String name : groups.keySet()) {
      Set<String> in = new LinkedHashSet<>(groups.get(name).hosts);
      descendants(name).forEach(d -> in.addAll(groups.get(d).hosts));
      members.put(name, in);
    }
    Map<String, Integer> depths = new HashMap<>();
    List<Host> hosts = new ArrayList<>();
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    byGroup.put("all", order);
    List<String> ungrouped = new ArrayList<>();
    for (String host : order) {
      List<String> in = groups.keySet().stream()
          .filter(g -> !g.equals("all") && !g.equals("ungrouped") && members.get(g).contains(host))
          .sorted()
          .toList();
      if (in.isEmpty()) {
        ungrouped.add(host);
        in = List.of("ungrouped");
      }
      Map<String, Object> vars = new LinkedHashMap<>(groups.get("all").vars);
      in.stream()
          .sorted(Comparator.comparingInt((String g) -> depth(g, depths)).thenComparing(g -> g))
          .forEach(g -> vars.putAll(groups.getOrDefault(g, new Group()).vars));
      vars.putAll(hostVars.get(host));
      hosts.add(new Host(host, vars, in));
    }
    for (String name : groups.keySet()) {
      if (!name.equals("all") && !name.equals("ungrouped")) {
        byGroup.put(name, order.stream().filter(members.get(name)::contains).toList());
      }
    }
    byGroup.put("ungrouped", ungrouped);
    Map<Path, SourceLocation> refs = runbooks(directory);
    return new Result(new Inventory(path, hosts, byGroup, List.copyOf(refs.keySet())), refs);
  }

  private List<Ref> refs(YamlFile file, Node value) {
    if (Nodes.isNull(value)) {
      return List.of();
    }
    List<Ref> refs = new ArrayList<>();
    for (Node node : value instanceof SequenceNode seq ? seq.getValue() : List.of(value)) {
      String name = Nodes.text(node);
      if (name == null) {
        problems.add(file.at(node), RUNBOOK_APPLY + " must be a runbook path or a list of them, not " + Nodes.describe(node));
      } else {
        refs.add(new Ref(name, file.at(node)));
      }
    }
    return refs;
  }

  private Map<Path, SourceLocation> runbooks(Path directory) {
    Map<Path, SourceLocation> refs = new LinkedHashMap<>();
    runbookApply.forEach(ref -> refs.put(directory.resolve(ref.name()).normalize(), ref.at()));
    return refs;
  }

  /** Every group below {@code name}, through children. */
  private Set<String> descendants(String name) {
    Set<String> found = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(groups.get(name).children);
    while (!todo.isEmpty()) {
      String next = todo.remove(0);
      if (found.add(next)) {
        todo.addAll(groups.get(next).children);
      }
    }
    return found;
  }

  /** all is 0; a group is one deeper than its deepest parent; a group without parents hangs off all. */
  private int depth(String name, Map<String, Integer> memo) {
    if (name.equals("all")) {
      return 0;
    }
    Integer known = memo.get(name);
    if (known != null) {
      return known;
    }
    Group group = groups.get(name);
    int depth = 1 + (group == null ? 0 : group.parents.stream().mapToInt(p -> depth(p, memo)).max().orElse(0));
    memo.put(name, depth);
    return depth;
  }

  /**
   * Ansible's host ranges: web[01:03] is web01, web02, web03 (as wide as written); db-[a:c] is db-a,
   * db-b, db-c; [1:7:3] steps by 3. A range that cannot be read is a problem, and no host.
   */
  static List<String> expand(String pattern, java.util.function.Consumer<String> problem) {
    Matcher m = RANGE.matcher(pattern);
    if (!m.matches()) {
      if (pattern.contains("[") || pattern.contains("]")) {
        problem.accept("host pattern '" + pattern + "' has a range that is not [BEGIN:END] or [BEGIN:END:STEP] (numbers or letters)");
        return List.of();
      }
      return List.of(pattern);
    }
    String from = m.group(2);
    String to = m.group(3);
    boolean numeric = Character.isDigit(from.charAt(0));
    int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    String range = "range [" + from + ":" + to + (m.group(4) == null ? "" : ":" + step) + "] of host pattern '" + pattern + "'";
    if (numeric != Character.isDigit(to.charAt(0))) {
      problem.accept("the " + range + " mixes a number and a letter");
      return List.of();
    }
    if (numeric && from.startsWith("0") && from.length() > 1 && from.length() != to.length()) {
      problem.accept("the " + range + " pads its begin with zeros to " + from.length() + " digits, so its end must be as wide");
      return List.of();
    }
    int start = numeric ? Integer.parseInt(from) : from.charAt(0);
    int end = numeric ? Integer.parseInt(to) : to.charAt(0);
    if (start > end || step < 1) {
      problem.accept("the " + range + " names no host: write it from low to high, with a step of at least 1");
      return List.of();
    }
    List<String> tails = expand(m.group(5), problem);
    String format = numeric && from.startsWith("0") && from.length() > 1 ? "%0" + from.length() + "d" : numeric ? "%d" : "%c";
    List<String> result = new ArrayList<>();
    for (int i = start; i <= end; i += step) {
      for (String tail : tails) {
        result.add(m.group(1) + String.format(format, numeric ? (Object) i : (Object) (char) i) + tail);
      }
    }
    return result;
  }
}
