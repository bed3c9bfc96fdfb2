package runbook.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import runbook.load.Nodes.Entry;
import runbook.model.Block;
import runbook.model.Keywords;
import runbook.model.Play;
import runbook.model.Runbook;
import runbook.model.SourceLocation;
import runbook.model.Step;
import runbook.model.Task;
import runbook.spi.ArgType;
import runbook.spi.ModuleSpec;

/** One runbook file, with its vars_files and the task files it imports, into the model. */
final class RunbookLoader {
  /** Our play keyword (README, "Secrets"): more variable names whose values are secret. */
  static final String SECRETS = "runbook_secrets";
  static final Set<String> PLAY_KEYS = Set.of(
      "name", "hosts", "vars", "vars_files", "tasks", "pre_tasks", "post_tasks", "handlers", "become", "become_user",
      "become_method", "gather_facts", "serial", "max_fail_percentage", "any_errors_fatal", "force_handlers", "tags",
      "strategy", "environment", SECRETS);
  /** Keywords a task shares with blocks and includes: what {@link Keywords} holds. */
  static final Set<String> SHARED = Set.of(
      "when", "tags", "vars", "become", "become_user", "become_method", "check_mode", "diff", "ignore_errors",
      "delegate_to", "run_once", "no_log", "environment");
  static final Set<String> TASK_KEYS = union(SHARED, Set.of(
      "name", "args", "loop", "with_items", "loop_control", "register", "notify", "listen", "changed_when", "failed_when"));
  static final Set<String> BLOCK_KEYS = union(SHARED, Set.of("name", "block", "rescue", "always"));
  static final Set<String> INCLUDES = Set.of("import_tasks", "include_tasks");
  private static final Set<String> METAS = Set.of("flush_handlers", "noop", "end_play", "end_host");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A handler name or topic a task notifies, and where. */
  private record Notify(String name, SourceLocation at) {}

  private final Function<String, Optional<ModuleSpec>> modules;
  /** Every module name, for suggestions; meta included. */
  private final Set<String> moduleNames;
  private final Problems problems;
  private final Sources sources;
  private final JinjaCheck jinja;
  private final Path directory;
  private final Deque<Path> including = new ArrayDeque<>();
  private final List<Notify> notified = new ArrayList<>();

  private RunbookLoader(
      Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Problems problems, Sources sources,
      JinjaCheck jinja, Path file) {
    this.jinja = jinja;
    this.modules = modules;
    this.moduleNames = union(Set.copyOf(moduleNames), Set.of("meta"));
    this.problems = problems;
    this.sources = sources;
    this.directory = file.toAbsolutePath().getParent();
  }

  /** sources learns where each play, block and task was written. */
  static Runbook load(
      Path file, Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Problems problems, Sources sources,
      JinjaCheck jinja) {
    return new RunbookLoader(modules, moduleNames, problems, sources, jinja, file).runbook(file);
  }

  private Runbook runbook(Path path) {
    List<Play> plays = new ArrayList<>();
    Optional<YamlFile> read = YamlFile.read(path, problems);
    if (read.isEmpty()) {
      return new Runbook(path, plays);
    }
    YamlFile file = read.get();
    if (!(file.root() instanceof SequenceNode list)) {
      problems.add(file.at(file.root()), "a runbook must be a list of plays, not " + Nodes.describe(file.root()));
      return new Runbook(path, plays);
    }
    for (Node node : list.getValue()) {
      play(file, node).ifPresent(plays::add);
    }
    return new Runbook(path, plays);
  }

  private Optional<Play> play(YamlFile file, Node node) {
    if (!(node instanceof MappingNode map)) {
      problems.add(file.at(node), "a play must be a mapping with hosts and tasks, not " + Nodes.describe(node));
      return Optional.empty();
    }
    Map<String, Entry> keys = Nodes.byKey(map);
    keys.values().stream()
        .filter(e -> !PLAY_KEYS.contains(e.key()))
        .forEach(e -> problems.add(file.at(e.keyNode()), "unknown play keyword '" + e.key() + "'" + Nearest.suggestion(e.key(), PLAY_KEYS)));
    String hosts = hosts(file, keys.get("hosts"), node);
    Map<String, Object> vars = new LinkedHashMap<>(vars(file, keys.get("vars")));
    jinja.value(file, keys.get("vars"));
    List<YamlFile> varsFiles = varsFiles(file, keys.get("vars_files"));
    varsFiles.forEach(varsFile -> vars.putAll(Nodes.map(varsFile.root())));
    scalars(file, keys.get(SECRETS), SECRETS).forEach(name -> problems.secrets().declare(Nodes.text(name)));
    becomeMethod(file, keys.get("become_method"));
    Boolean gatherFacts = bool(file, keys.get("gather_facts"));
    Entry strategy = keys.get("strategy");
    if (strategy != null && !"linear".equals(Nodes.text(strategy.value()))) {
      problems.add(file.at(strategy.value()), "only the 'linear' strategy is supported");
    }
    notified.clear();
    List<Step> tasks = new ArrayList<>();
    for (String section : List.of("pre_tasks", "tasks", "post_tasks")) {
      tasks.addAll(steps(file, keys.get(section)));
    }
    Set<String> handlerNames = new LinkedHashSet<>();
    Set<String> topics = new LinkedHashSet<>();
    List<Task> handlers = handlers(file, keys.get("handlers"), handlerNames, topics);
    checkNotified(handlerNames, topics);
    Play play = new Play(
        str(file, keys.get("name")),
        hosts,
        vars,
        tasks,
        handlers,
        bool(file, keys.get("become")),
        str(file, keys.get("become_user")),
        serial(file, keys.get("serial")),
        maxFailPercentage(file, keys.get("max_fail_percentage")),
        Boolean.TRUE.equals(bool(file, keys.get("any_errors_fatal"))),
        Boolean.TRUE.equals(bool(file, keys.get("force_handlers"))),
        tags(file, keys.get("tags")),
        !Boolean.FALSE.equals(gatherFacts),
        environment(file, keys.get("environment")),
        file.at(node));
    sources.put(play, file, map, varsFiles);
    return Optional.of(play);
  }

  /** A list of hosts is a union, as {@code a,b}. */
  private String hosts(YamlFile file, Entry hosts, Node play) {
    if (hosts == null || Nodes.isNull(hosts.value())) {
      problems.add(file.at(play), "the play has no 'hosts' (a host pattern such as 'all' or 'web')");
      return "";
    }
    if (hosts.value() instanceof SequenceNode seq && seq.getValue().stream().allMatch(n -> Nodes.text(n) != null)) {
      return seq.getValue().stream().map(Nodes::text).collect(Collectors.joining(","));
    }
    String text = Nodes.text(hosts.value());
    if (text == null) {
      problems.add(file.at(hosts.value()), "'hosts' must be a host pattern or a list of them, not " + Nodes.describe(hosts.value()));
      return "";
    }
    return text;
  }

  /** The vars files read, each a mapping (or empty). */
  private List<YamlFile> varsFiles(YamlFile file, Entry entry) {
    List<YamlFile> result = new ArrayList<>();
    for (Node name : scalars(file, entry, "vars_files")) {
      String text = Nodes.text(name);
      if (Nodes.templated(text)) {
        problems.add(file.at(name), "dynamic vars_files names are not supported; name the file literally");
        continue;
      }
      Path path = directory.resolve(text);
      if (!Files.isRegularFile(path)) {
        problems.add(file.at(name), "vars file '" + text + "' not found (looked in: " + path + ")");
        continue;
      }
      YamlFile.read(path, problems).ifPresent(vars -> {
        if (vars.root() instanceof MappingNode || vars.root() == null) {
          jinja.value(vars, vars.root());
          result.add(vars);
        } else {
          problems.add(vars.at(vars.root()), "a vars file must be a mapping of variable names to values");
        }
      });
    }
    return result;
  }

  private List<Step> steps(YamlFile file, Entry entry) {
    if (entry == null) {
      return List.of();
    }
    return steps(file, entry.value(), "'" + entry.key() + "' must be a list of tasks");
  }

  private List<Step> steps(YamlFile file, Node list, String complaint) {
    List<Step> steps = new ArrayList<>();
    if (Nodes.isNull(list)) {
      return steps;
    }
    if (!(list instanceof SequenceNode seq)) {
      problems.add(file.at(list), complaint + ", not " + Nodes.describe(list));
      return steps;
    }
    for (Node node : seq.getValue()) {
      step(file, node).ifPresent(steps::add);
    }
    return steps;
  }

  private Optional<Step> step(YamlFile file, Node node) {
    if (!(node instanceof MappingNode map)) {
      problems.add(file.at(node), "a task must be a mapping, not " + Nodes.describe(node));
      return Optional.empty();
    }
    Map<String, Entry> keys = Nodes.byKey(map);
    if (keys.containsKey("block") || keys.containsKey("rescue") || keys.containsKey("always")) {
      return Optional.of(block(file, map, keys));
    }
    Optional<Entry> include = keys.values().stream().filter(e -> INCLUDES.contains(canonical(e.key()))).findFirst();
    if (include.isPresent()) {
      return include(file, map, keys, include.get());
    }
    return task(file, map, keys, false).map(Step.class::cast);
  }

  private Block block(YamlFile file, MappingNode node, Map<String, Entry> keys) {
    keys.values().stream()
        .filter(e -> !BLOCK_KEYS.contains(e.key()))
        .forEach(e -> problems.add(file.at(e.keyNode()), "unknown block keyword '" + e.key() + "'" + Nearest.suggestion(e.key(), BLOCK_KEYS)));
    if (!keys.containsKey("block")) {
      problems.add(file.at(node), "'rescue' and 'always' need a 'block'");
    }
    Block block = new Block(
        str(file, keys.get("name")),
        steps(file, keys.get("block")),
        steps(file, keys.get("rescue")),
        steps(file, keys.get("always")),
        keywords(file, keys),
        file.at(node));
    sources.put(block, file, node);
    return block;
  }

  /**
   * import_tasks and include_tasks are both inlined at load time as a block carrying the include's
   * keywords, so that every task is checked before anything runs; hence the file name must be literal.
   */
  private Optional<Step> include(YamlFile file, MappingNode node, Map<String, Entry> keys, Entry include) {
    for (Entry e : keys.values()) {
      if (e == include || e.key().equals("name") || SHARED.contains(e.key())) {
        continue;
      }
      boolean loop = e.key().equals("loop") || e.key().equals("with_items");
      problems.add(file.at(e.keyNode()), loop
          ? "loops over " + include.key() + " are not supported"
          : "unknown keyword '" + e.key() + "' for " + include.key() + Nearest.suggestion(e.key(), SHARED));
    }
    Node nameNode = include.value() instanceof MappingNode args ? Optional.ofNullable(Nodes.byKey(args).get("file")).map(Entry::value).orElse(null) : include.value();
    String name = Nodes.text(nameNode);
    if (name == null) {
      problems.add(file.at(include.value()), include.key() + " needs the name of a task file");
      return Optional.empty();
    }
    if (Nodes.templated(name)) {
      problems.add(file.at(nameNode), "dynamic include file names are not supported; name the task file literally");
      return Optional.empty();
    }
    List<Path> candidates = Path.of(name).isAbsolute()
        ? List.of(Path.of(name))
        : List.of(file.path().toAbsolutePath().getParent().resolve(name), directory.resolve("tasks").resolve(name));
    Optional<Path> found = candidates.stream().filter(Files::isRegularFile).findFirst();
    if (found.isEmpty()) {
      problems.add(file.at(nameNode), "task file '" + name + "' not found (looked in: " + joined(candidates) + ")");
      return Optional.empty();
    }
    Path path = found.get().normalize();
    if (including.contains(path)) {
      problems.add(file.at(nameNode), "task file '" + name + "' includes itself");
      return Optional.empty();
    }
    Optional<YamlFile> read = YamlFile.read(path, problems);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    including.push(path);
    List<Step> steps = steps(read.get(), read.get().root(), "a task file must be a list of tasks");
    including.pop();
    Block block = new Block(str(file, keys.get("name")), steps, List.of(), List.of(), keywords(file, keys), file.at(node));
    sources.put(block, file, node);
    return Optional.of(block);
  }

  private Optional<Task> task(YamlFile file, MappingNode node, Map<String, Entry> keys, boolean handler) {
    Optional<Task> task = Optional.empty();
    Optional<Entry> module = module(file, node, keys);
    if (module.isPresent()) {
      String key = module.get().key();
      boolean meta = canonical(key).equals("meta");
      String name = meta ? "meta" : modules.apply(key).orElseThrow().name();
      ModuleArgs args = meta ? meta(file, module.get()) : moduleArgs(file, key, module.get(), keys.get("args"));
      jinja.conditions(file, keys.get("changed_when"));
      jinja.conditions(file, keys.get("failed_when"));
      jinja.value(file, keys.get("loop"));
      jinja.value(file, keys.get("with_items"));
      LoopControl loopControl = loopControl(file, keys.get("loop_control"));
      task = Optional.of(new Task(
          str(file, keys.get("name")),
          name,
          args.values(),
          args.locations(),
          file.at(node),
          keywords(file, keys),
          loop(file, keys),
          loopControl.loopVar(),
          loopControl.label(),
          register(file, keys.get("register")),
          notify(file, keys.get("notify")),
          listen(file, keys.get("listen"), handler),
          conditions(file, keys.get("changed_when")),
          conditions(file, keys.get("failed_when"))));
      sources.put(task.get(), file, node);
    } else {
      keywords(file, keys); // still report what is wrong with the rest of the task
    }
    return task;
  }

  /** The one key that names a module; every other key must be a task keyword. */
  private Optional<Entry> module(YamlFile file, MappingNode node, Map<String, Entry> keys) {
    List<Entry> candidates = keys.values().stream().filter(e -> !TASK_KEYS.contains(e.key())).toList();
    List<Entry> found = candidates.stream().filter(e -> isModule(e.key())).toList();
    if (found.size() > 1) {
      problems.add(file.at(found.get(1).keyNode()), "more than one module in one task: "
          + found.stream().map(e -> "'" + e.key() + "'").collect(Collectors.joining(" and ")));
    }
    for (Entry e : candidates) {
      if (found.contains(e)) {
        continue;
      }
      String what = !found.isEmpty() ? "unknown task keyword" : candidates.size() == 1 ? "unknown module" : "unknown module or task keyword";
      problems.add(file.at(e.keyNode()), what + " '" + e.key() + "'" + suggestion(e.key(), !found.isEmpty()));
    }
    if (candidates.isEmpty()) {
      problems.add(file.at(node), "the task names no module");
    }
    return found.stream().findFirst();
  }

  /**
   * The nearest task keyword when the task has a module; else the nearest module (written with the
   * collection prefix the key has), or failing that the nearest keyword.
   */
  private String suggestion(String key, boolean keywordOnly) {
    Optional<String> keyword = Nearest.to(key, TASK_KEYS);
    if (keywordOnly) {
      return Nearest.phrase(keyword);
    }
    String name = canonical(key);
    String prefix = key.substring(0, key.length() - name.length());
    return Nearest.phrase(Nearest.to(name, moduleNames).map(m -> prefix + m).or(() -> keyword));
  }

  /** meta is the engine's own (handlers, ending hosts); every other module is found by any of its names. */
  private boolean isModule(String key) {
    return canonical(key).equals("meta") || modules.apply(key).isPresent();
  }

  private ModuleArgs moduleArgs(YamlFile file, String key, Entry module, Entry argsKey) {
    ModuleSpec spec = modules.apply(key).orElseThrow();
    ModuleArgs args = ModuleArgs.parse(file, module, argsKey, spec, problems);
    for (Entry written : argsKey == null ? List.of(module) : List.of(module, argsKey)) {
      if (written.value() instanceof MappingNode map) {
        // an expression argument (assert's that) is a condition, the rest are templated as written
        Nodes.entries(map).forEach(e -> {
          if (spec.arg(e.key()).map(a -> a.type() == ArgType.EXPRESSION).orElse(false)) {
            jinja.conditions(file, e);
          } else {
            jinja.value(file, e);
          }
        });
      } else {
        jinja.value(file, written);
      }
    }
    checkSources(file, spec, args);
    return args;
  }

  /** The engine itself handles meta, so it is checked here whatever the module registry says. */
  private ModuleArgs meta(YamlFile file, Entry module) {
    String what = Nodes.text(module.value());
    if (what == null || !METAS.contains(what)) {
      problems.add(file.at(module.value()), "meta " + Nodes.describe(module.value()) + " is not supported (use flush_handlers, noop, end_play or end_host)");
    }
    return new ModuleArgs(Map.of("_raw_params", String.valueOf(what)), Map.of("_raw_params", file.at(module.value())));
  }

  /** A literal controller file (a template's or a copy's src) must exist, looked up as the run looks it up. */
  private void checkSources(YamlFile file, ModuleSpec spec, ModuleArgs args) {
    for (ModuleSpec.ControllerFile declared : spec.controllerFiles()) {
      Object value = args.values().get(declared.arg());
      boolean remote = declared.unless() != null && Nodes.ansibleBool(args.values().get(declared.unless())).orElse(false);
      if (!(value instanceof String text) || Nodes.templated(text) || remote) {
        continue;
      }
      List<Path> candidates = ControllerPaths.candidates(file.path(), directory, declared.folder(), text);
      if (candidates.stream().noneMatch(Files::exists)) {
        problems.add(args.locations().get(declared.arg()),
            spec.name() + " source '" + text + "' not found (looked in: " + joined(candidates) + ")");
      } else if (declared.rendered()) {
        candidates.stream().filter(Files::isRegularFile).findFirst().ifPresent(jinja::file);
      }
    }
  }

  /**
   * The handlers that loaded; {@code names} and {@code topics} learn the names and listen topics of
   * every handler written, loaded or not, so that a notify of a broken handler is not a second problem.
   */
  private List<Task> handlers(YamlFile file, Entry entry, Set<String> names, Set<String> topics) {
    List<Task> handlers = new ArrayList<>();
    if (entry == null || Nodes.isNull(entry.value())) {
      return handlers;
    }
    if (!(entry.value() instanceof SequenceNode seq)) {
      problems.add(file.at(entry.value()), "'handlers' must be a list of tasks, not " + Nodes.describe(entry.value()));
      return handlers;
    }
    for (Node node : seq.getValue()) {
      if (!(node instanceof MappingNode map)) {
        problems.add(file.at(node), "a handler must be a mapping, not " + Nodes.describe(node));
        continue;
      }
      Map<String, Entry> keys = Nodes.byKey(map);
      Optional.ofNullable(keys.get("name")).map(e -> Nodes.text(e.value())).ifPresent(names::add);
      topics.addAll(names);
      Entry listen = keys.get("listen");
      if (listen != null) {
        // read quietly: task() below reports what is wrong with them
        (listen.value() instanceof SequenceNode topicList ? topicList.getValue() : List.of(listen.value())).stream()
            .map(Nodes::text).filter(java.util.Objects::nonNull).forEach(topics::add);
      }
      if (keys.keySet().stream().anyMatch(k -> BLOCK_KEYS.contains(k) && !TASK_KEYS.contains(k) || INCLUDES.contains(canonical(k)))) {
        problems.add(file.at(node), "a handler must be a task (blocks and task files are not supported as handlers)");
        continue;
      }
      if (!keys.containsKey("name") && !keys.containsKey("listen")) {
        problems.add(file.at(node), "a handler needs a 'name' or 'listen' to be notified by");
      }
      task(file, map, keys, true).ifPresent(handlers::add);
    }
    return handlers;
  }

  private void checkNotified(Set<String> names, Set<String> topics) {
    String available = topics.isEmpty() ? "this play has no handlers" : "handlers of this play: " + String.join(", ", names);
    for (Notify n : notified) {
      if (!topics.contains(n.name()) && !Nodes.templated(n.name())) {
        problems.add(n.at(), "unknown handler '" + n.name() + "' in notify (" + available + ")");
      }
    }
  }

  private Keywords keywords(YamlFile file, Map<String, Entry> keys) {
    becomeMethod(file, keys.get("become_method"));
    jinja.conditions(file, keys.get("when"));
    jinja.value(file, keys.get("vars"));
    jinja.value(file, keys.get("delegate_to"));
    return new Keywords(
        conditions(file, keys.get("when")),
        tags(file, keys.get("tags")),
        vars(file, keys.get("vars")),
        bool(file, keys.get("become")),
        str(file, keys.get("become_user")),
        bool(file, keys.get("check_mode")),
        bool(file, keys.get("diff")),
        bool(file, keys.get("ignore_errors")),
        str(file, keys.get("delegate_to")),
        bool(file, keys.get("run_once")),
        bool(file, keys.get("no_log")),
        environment(file, keys.get("environment")));
  }

  /** loop as written; with_items flattened one level, as Ansible does. */
  private Object loop(YamlFile file, Map<String, Entry> keys) {
    Entry loop = keys.get("loop");
    Entry items = keys.get("with_items");
    if (loop != null && items != null) {
      problems.add(file.at(items.keyNode()), "use either 'loop' or 'with_items', not both");
    }
    Entry entry = loop != null ? loop : items;
    if (entry == null) {
      return null;
    }
    Object value = Nodes.value(entry.value());
    if (value instanceof List<?> list) {
      if (entry == loop) {
        return list;
      }
      List<Object> flat = new ArrayList<>();
      list.forEach(item -> {
        if (item instanceof List<?> inner) {
          flat.addAll(inner);
        } else {
          flat.add(item);
        }
      });
      return flat;
    }
    if (!Nodes.templated(value)) {
      problems.add(file.at(entry.value()), "'" + entry.key() + "' must be a list or a template giving one, not " + Nodes.describe(entry.value()));
      return null;
    }
    return value;
  }

  /** loop_control's loop_var ("item" by default) and label (what the console shows per item). */
  private record LoopControl(String loopVar, String label) {}

  private LoopControl loopControl(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return new LoopControl("item", null);
    }
    if (!(entry.value() instanceof MappingNode map)) {
      problems.add(file.at(entry.value()), "'loop_control' must be a mapping, not " + Nodes.describe(entry.value()));
      return new LoopControl("item", null);
    }
    String loopVar = "item";
    String label = null;
    for (Entry e : Nodes.entries(map)) {
      if (e.key().equals("loop_var")) {
        loopVar = variableName(file, e);
      } else if (e.key().equals("label")) {
        label = Nodes.text(e.value());
      } else {
        problems.add(file.at(e.keyNode()), "unsupported loop_control key '" + e.key() + "' (supported: loop_var, label)");
      }
    }
    return new LoopControl(loopVar == null ? "item" : loopVar, label);
  }

  private String register(YamlFile file, Entry entry) {
    return entry == null ? null : variableName(file, entry);
  }

  private String variableName(YamlFile file, Entry entry) {
    String name = Nodes.text(entry.value());
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      problems.add(file.at(entry.value()), "'" + entry.key() + "' needs a variable name, not " + Nodes.describe(entry.value()));
      return null;
    }
    return name;
  }

  private List<String> notify(YamlFile file, Entry entry) {
    List<String> names = new ArrayList<>();
    for (Node node : scalars(file, entry, "notify")) {
      names.add(Nodes.text(node));
      notified.add(new Notify(Nodes.text(node), file.at(node)));
    }
    return names;
  }

  private List<String> listen(YamlFile file, Entry entry, boolean handler) {
    if (entry != null && !handler) {
      problems.add(file.at(entry.keyNode()), "'listen' only applies to handlers");
    }
    return scalars(file, entry, "listen").stream().map(Nodes::text).toList();
  }

  /** A string or a list of strings, as the nodes (for their locations). */
  private List<Node> scalars(YamlFile file, Entry entry, String what) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return List.of();
    }
    List<Node> nodes = entry.value() instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value());
    List<Node> result = new ArrayList<>();
    for (Node node : nodes) {
      if (Nodes.text(node) == null) {
        problems.add(file.at(node), "'" + what + "' must be a string or a list of strings, not " + Nodes.describe(node));
      } else {
        result.add(node);
      }
    }
    return result;
  }

  /** when, changed_when, failed_when: raw expressions; a YAML boolean becomes its Jinja literal. */
  private List<String> conditions(YamlFile file, Entry entry) {
    return scalars(file, entry, entry == null ? "" : entry.key()).stream()
        .map(node -> Nodes.value(node) instanceof Boolean b ? b.toString() : Nodes.text(node))
        .toList();
  }

  private List<String> tags(YamlFile file, Entry entry) {
    List<String> tags = new ArrayList<>();
    for (Node node : scalars(file, entry, "tags")) {
      for (String tag : Nodes.text(node).split(",")) {
        if (!tag.isBlank()) {
          tags.add(tag.strip());
        }
      }
    }
    return tags;
  }

  private Map<String, Object> vars(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return Map.of();
    }
    if (!(entry.value() instanceof MappingNode)) {
      problems.add(file.at(entry.value()), "'vars' must be a mapping of variable names to values, not " + Nodes.describe(entry.value()));
      return Map.of();
    }
    return Nodes.map(entry.value());
  }

  /** A mapping of variable names to values, or one template that renders to one (Ansible allows both). */
  private Object environment(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return null;
    }
    if (entry.value() instanceof MappingNode) {
      Map<String, Object> env = Nodes.map(entry.value());
      env.keySet().stream().filter(name -> !IDENTIFIER.matcher(name).matches()).forEach(name ->
          problems.add(file.at(Nodes.byKey((MappingNode) entry.value()).get(name).keyNode()),
              "'" + name + "' cannot be the name of an environment variable"));
      return env;
    }
    String text = Nodes.text(entry.value());
    if (text == null || !Nodes.templated(text)) {
      problems.add(file.at(entry.value()), "'environment' must be a mapping of variable names to values, or a template of one, not "
          + Nodes.describe(entry.value()));
      return null;
    }
    return text;
  }

  private Boolean bool(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return null;
    }
    Optional<Boolean> value = entry.value() instanceof ScalarNode ? Nodes.ansibleBool(Nodes.value(entry.value())) : Optional.empty();
    if (value.isEmpty()) {
      problems.add(file.at(entry.value()), "'" + entry.key() + "' must be true or false, not " + Nodes.describe(entry.value()));
    }
    return value.orElse(null);
  }

  private String str(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return null;
    }
    String text = Nodes.text(entry.value());
    if (text == null) {
      problems.add(file.at(entry.value()), "'" + entry.key() + "' must be a string, not " + Nodes.describe(entry.value()));
    }
    return text;
  }

  private void becomeMethod(YamlFile file, Entry entry) {
    if (entry != null && !"sudo".equals(Nodes.text(entry.value()))) {
      problems.add(file.at(entry.value()), "only become_method 'sudo' is supported, not " + Nodes.describe(entry.value()));
    }
  }

  private List<Object> serial(YamlFile file, Entry entry) {
    List<Object> batches = new ArrayList<>();
    if (entry == null || Nodes.isNull(entry.value())) {
      return batches;
    }
    List<Node> nodes = entry.value() instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value());
    for (Node node : nodes) {
      Object value = Nodes.value(node);
      if (value instanceof Integer i && i > 0 || value instanceof String s && (s.matches("\\d+%") || Nodes.templated(s))) {
        batches.add(value);
      } else {
        problems.add(file.at(node), "'serial' must be a number, a percentage like '30%', or a list of them, not " + Nodes.describe(node));
      }
    }
    return batches;
  }

  private Integer maxFailPercentage(YamlFile file, Entry entry) {
    if (entry == null) {
      return null;
    }
    Object value = Nodes.value(entry.value());
    if (value instanceof Integer i && i >= 0 && i <= 100) {
      return i;
    }
    problems.add(file.at(entry.value()), "'max_fail_percentage' must be a number from 0 to 100, not " + Nodes.describe(entry.value()));
    return null;
  }

  /** The engine's own words (meta, import_tasks) under their ansible.builtin and ansible.legacy names. */
  static String canonical(String key) {
    for (String prefix : List.of("ansible.builtin.", "ansible.legacy.")) {
      if (key.startsWith(prefix)) {
        return key.substring(prefix.length());
      }
    }
    return key;
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
