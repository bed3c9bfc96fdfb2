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
import runbook.model.Async;
import runbook.model.Block;
import runbook.model.Keywords;
import runbook.model.LoopControl;
import runbook.model.Play;
import runbook.model.Retries;
import runbook.model.Role;
import runbook.model.Runbook;
import runbook.model.SourceLocation;
import runbook.model.Step;
import runbook.model.Task;
import runbook.model.VarPrompt;
import runbook.spi.ArgType;
import runbook.spi.ModuleSpec;
import runbook.template.Templar;

/** One runbook file, with its vars_files and the task files it imports, into the model. */
final class RunbookLoader {
  /** Our play keyword (README, "Secrets"): more variable names whose values are secret. */
  static final String SECRETS = "runbook_secrets";
  static final Set<String> PLAY_KEYS = Set.of(
      "name", "hosts", "vars", "vars_files", "tasks", "pre_tasks", "post_tasks", "handlers", "become", "become_user",
      "become_method", "gather_facts", "gather_subset", "gather_timeout", "serial", "max_fail_percentage", "any_errors_fatal", "force_handlers", "tags",
      "strategy", "environment", "roles", "vars_prompt", "order", "collections", "module_defaults", SECRETS);
  private static final List<String> ORDERS = List.of("inventory", "reverse_inventory", "sorted", "reverse_sorted", "shuffle");
  /** Keywords a task shares with blocks and includes: what {@link Keywords} holds, and collections (only checked). */
  static final Set<String> SHARED = Set.of(
      "when", "tags", "vars", "become", "become_user", "become_method", "check_mode", "diff", "ignore_errors",
      "delegate_to", "run_once", "no_log", "environment", "throttle", "collections");
  static final Set<String> TASK_KEYS = union(SHARED, Set.of(
      "name", "args", "loop", "with_items", "loop_control", "register", "notify", "listen", "changed_when", "failed_when", "until",
      "retries", "delay", "async", "poll", "module_defaults"));
  static final Set<String> BLOCK_KEYS = union(SHARED, Set.of("name", "block", "rescue", "always", "module_defaults"));
  static final Set<String> INCLUDES = Set.of("import_tasks", "include_tasks", "import_role", "include_role");
  /** The boolean keywords of tasks and blocks that may be templates, rendered when the task runs. */
  private static final List<String> TEMPLATED_BOOLEANS = List.of("become", "check_mode", "diff", "ignore_errors", "run_once", "no_log");
  private static final Pattern TEMPLATE_PART = Pattern.compile("\\{\\{.*?\\}\\}|\\{%.*?%\\}");
  private static final Set<String> ROLE_ARGS = Set.of(
      "name", "tasks_from", "vars_from", "defaults_from", "handlers_from", "public", "apply", "allow_duplicates", "rolespec_validate");
  private static final Set<String> LOOP_KEYS = Set.of("loop", "with_items", "loop_control");
  private static final Set<String> PROMPT_KEYS = Set.of("name", "prompt", "default", "private", "confirm", "unsafe");
  private static final List<String> METAS =
      List.of("flush_handlers", "noop", "end_play", "end_host", "end_batch", "clear_host_errors", "clear_facts", "refresh_inventory");
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The module_defaults of the play and blocks being read, outer first, by module name. */
  private final Deque<Map<String, ModuleArgs.Defaults>> moduleDefaults = new ArrayDeque<>();

  /** A handler name or topic a task notifies, and where. */
  private record Notify(String name, SourceLocation at) {}

  private final Function<String, Optional<ModuleSpec>> modules;
  /** Every module name, for suggestions; meta included. */
  private final Set<String> moduleNames;
  private final Problems problems;
  private final Sources sources;
  private final JinjaCheck jinja;
  private final Path directory;
  private final RoleFiles roleFiles;
  private final Deque<Path> including = new ArrayDeque<>();
  private final List<Notify> notified = new ArrayList<>();
  /** The role whose files are being read, or null. */
  private Role role;
  /** Of the play being read: the roles whose variables it sees, role handlers, the roles met (name and parameters). */
  private final List<Role> publicRoles = new ArrayList<>();
  private final List<Task> roleHandlers = new ArrayList<>();
  private final Set<List<Object>> rolesMet = new java.util.HashSet<>();
  private final Set<String> handlerNames = new LinkedHashSet<>();
  private final Set<String> handlerTopics = new LinkedHashSet<>();

  private RunbookLoader(
      Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Problems problems, Sources sources,
      JinjaCheck jinja, Path file, List<Path> rolesPath) {
    this.jinja = jinja;
    this.modules = modules;
    this.moduleNames = union(Set.copyOf(moduleNames), Set.of("meta"));
    this.problems = problems;
    this.sources = sources;
    this.directory = file.toAbsolutePath().getParent();
    this.roleFiles = new RoleFiles(directory, rolesPath);
  }

  /** sources learns where each play, block and task was written; roles are looked for in rolesPath too. */
  static Runbook load(
      Path file, Function<String, Optional<ModuleSpec>> modules, Collection<String> moduleNames, Problems problems, Sources sources,
      JinjaCheck jinja, List<Path> rolesPath) {
    return new RunbookLoader(modules, moduleNames, problems, sources, jinja, file, rolesPath).runbook(file);
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
    including.push(path.toAbsolutePath().normalize());
    for (Node node : list.getValue()) {
      Optional<Entry> imported = node instanceof MappingNode map
          ? Nodes.entries(map).stream().filter(e -> canonical(e.key()).equals("import_playbook")).findFirst() : Optional.empty();
      if (imported.isPresent()) {
        plays.addAll(importPlaybook(file, (MappingNode) node, imported.get()));
      } else {
        play(file, node).ifPresent(plays::add);
      }
    }
    including.pop();
    return new Runbook(path, plays);
  }

  private static final Set<String> IMPORT_PLAYBOOK_KEYS = Set.of("name", "vars", "tags");

  /**
   * The plays of another runbook, in place, each read as its own file (its roles, vars_files and
   * playbook_dir are beside it); the import's vars win over each play's, its tags add to theirs.
   */
  private List<Play> importPlaybook(YamlFile file, MappingNode node, Entry imported) {
    Map<String, Entry> keys = Nodes.byKey(node);
    keys.values().stream().filter(e -> !e.key().equals(imported.key()) && !IMPORT_PLAYBOOK_KEYS.contains(e.key())).forEach(e -> problems.add(file.at(e.keyNode()),
        "unknown keyword '" + e.key() + "' for import_playbook" + Nearest.suggestion(e.key(), IMPORT_PLAYBOOK_KEYS)));
    String name = Nodes.text(imported.value());
    if (name == null || Nodes.templated(name)) {
      problems.add(file.at(imported.value()), "import_playbook needs the literal name of a runbook file, not " + Nodes.describe(imported.value()));
      return List.of();
    }
    Path path = file.path().toAbsolutePath().getParent().resolve(name).normalize();
    if (!Files.isRegularFile(path)) {
      problems.add(file.at(imported.value()), "runbook file '" + name + "' not found (looked in: " + path + ")");
      return List.of();
    }
    if (including.contains(path)) {
      problems.add(file.at(imported.value()), "runbook file '" + name + "' imports itself");
      return List.of();
    }
    jinja.value(file, keys.get("vars"));
    Map<String, Object> vars = vars(file, keys.get("vars"));
    List<String> tags = tags(file, keys.get("tags"));
    RunbookLoader other = new RunbookLoader(modules, moduleNames, problems, sources, jinja, path, roleFiles.rolesPath());
    other.including.addAll(including);
    return other.runbook(path).plays().stream().map(play -> {
      Map<String, Object> allVars = new LinkedHashMap<>(play.vars());
      allVars.putAll(vars);
      List<String> allTags = new ArrayList<>(play.tags());
      allTags.addAll(tags);
      Play with = new Play(play.name(), play.hosts(), allVars, play.tasks(), play.handlers(), play.become(), play.becomeUser(), play.serial(),
          play.maxFailPercentage(), play.anyErrorsFatal(), play.forceHandlers(), allTags, play.gatherFacts(), play.gathering(), play.environment(), play.roles(),
          play.prompts(), play.order(), play.location());
      sources.alias(with, play);
      return with;
    }).toList();
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
    collections(file, keys.get("collections"));
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
    moduleDefaults.clear();
    moduleDefaults.addLast(moduleDefaultsLevel(file, keys.get("module_defaults")));
    notified.clear();
    publicRoles.clear();
    roleHandlers.clear();
    rolesMet.clear();
    handlerNames.clear();
    handlerTopics.clear();
    // as in Ansible, handlers notified in a section run before the next one starts
    List<Step> tasks = new ArrayList<>(steps(file, keys.get("pre_tasks")));
    if (!tasks.isEmpty()) {
      tasks.add(flushHandlers(file, node));
    }
    tasks.addAll(roles(file, keys.get("roles")));
    tasks.addAll(steps(file, keys.get("tasks")));
    List<Step> post = steps(file, keys.get("post_tasks"));
    if (!post.isEmpty()) {
      tasks.add(flushHandlers(file, node));
      tasks.addAll(post);
    }
    List<Task> handlers = new ArrayList<>(roleHandlers);
    handlers.addAll(handlers(file, keys.get("handlers")));
    checkNotified();
    moduleDefaults.removeLast();
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
        gathering(file, keys),
        environment(file, keys.get("environment")),
        publicRoles,
        prompts(file, keys.get("vars_prompt")),
        order(file, keys.get("order")),
        file.at(node));
    sources.put(play, file, map, varsFiles);
    return Optional.of(play);
  }

  /** The play keywords gather_subset (a list, or words separated by commas) and gather_timeout, as written. */
  private Map<String, Object> gathering(YamlFile file, Map<String, Entry> keys) {
    Map<String, Object> gathering = new LinkedHashMap<>();
    Entry subset = keys.get("gather_subset");
    if (subset != null && !Nodes.isNull(subset.value())) {
      Object value = Nodes.value(subset.value());
      gathering.put("gather_subset", value instanceof String words ? List.of(words.split("\\s*,\\s*")) : value);
    }
    Entry timeout = keys.get("gather_timeout");
    if (timeout != null && !Nodes.isNull(timeout.value())) {
      gathering.put("gather_timeout", Nodes.value(timeout.value()));
    }
    return gathering;
  }

  /** The flush of handlers between a play's sections: the engine's, so tagged always. */
  private Task flushHandlers(YamlFile file, Node play) {
    Keywords always = new Keywords(List.of(), List.of("always"), Map.of(), null, null, null, null, null, null, null, null, null, null, Map.of());
    return new Task(null, "meta", Map.of("_raw_params", "flush_handlers"), Map.of(), file.at(play), always, null, null, LoopControl.DEFAULT,
        null, List.of(), List.of(), List.of(), List.of(), null, null, null);
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
      return canonical(include.get().key()).endsWith("_role") ? includeRole(file, map, keys, include.get()) : include(file, map, keys, include.get());
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
    moduleDefaults.addLast(moduleDefaultsLevel(file, keys.get("module_defaults")));
    Block block = new Block(
        str(file, keys.get("name")),
        steps(file, keys.get("block")),
        steps(file, keys.get("rescue")),
        steps(file, keys.get("always")),
        keywords(file, keys),
        file.at(node));
    moduleDefaults.removeLast();
    sources.put(block, file, node);
    return block;
  }

  /**
   * import_tasks and include_tasks are both inlined at load time as a block carrying the include's
   * keywords, so that every task is checked before anything runs. An include_tasks whose file name
   * is a template reads every task file that name could give (see {@link #dynamicFiles}).
   */
  private Optional<Step> include(YamlFile file, MappingNode node, Map<String, Entry> keys, Entry include) {
    includeKeywords(file, keys, include);
    Node nameNode = include.value() instanceof MappingNode args ? Optional.ofNullable(Nodes.byKey(args).get("file")).map(Entry::value).orElse(null) : include.value();
    String name = Nodes.text(nameNode);
    if (name == null) {
      problems.add(file.at(include.value()), include.key() + " needs the name of a task file");
      return Optional.empty();
    }
    boolean dynamic = canonical(include.key()).equals(Task.INCLUDE_TASKS);
    List<Path> roots = List.of(file.path().toAbsolutePath().getParent(), directory.resolve("tasks"));
    if (Nodes.templated(name)) {
      if (!dynamic) {
        problems.add(file.at(nameNode), "an import_tasks file name cannot be a template (it is read before any host has variables); "
            + "use include_tasks");
        return Optional.empty();
      }
      jinja.value(file, include);
      return dynamicFiles(file, nameNode, name, roots).map(files -> {
        List<Step> bodies = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        files.forEach((path, read) -> {
          bodies.add(new Block(null, read.steps(), List.of(), List.of(), Keywords.NONE, new SourceLocation(path, 1, 1)));
          broken.add(problemText(read.problems()));
        });
        Map<String, Object> args = Map.of(Task.INCLUDE_FILE, name, Task.INCLUDE_CHOICES, files.keySet().stream().map(Path::toString).toList(),
            Task.INCLUDE_ROOTS, roots.stream().map(Path::toString).toList(), Task.INCLUDE_PROBLEMS, List.copyOf(broken));
        return dynamic(file, node, keys, Task.INCLUDE_TASKS, args, bodies);
      });
    }
    List<Path> candidates = Task.includeCandidates(name, roots);
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
    int mark = problems.count();
    Optional<List<Step>> steps = taskFile(path);
    if (dynamic && keys.containsKey("when") && problems.count() > mark) {
      // an include_tasks under a condition may never be reached: its file's problems fail the hosts that include it
      List<Problem> deferred = problems.takeSince(mark);
      Map<String, Object> args = Map.of(Task.INCLUDE_FILE, path.toString(), Task.INCLUDE_CHOICES, List.of(path.toString()),
          Task.INCLUDE_ROOTS, List.of(), Task.INCLUDE_PROBLEMS, List.of(problemText(deferred)));
      Block body = new Block(null, steps.orElse(List.of()), List.of(), List.of(), Keywords.NONE, new SourceLocation(path, 1, 1));
      return Optional.of(dynamic(file, node, keys, Task.INCLUDE_TASKS, args, List.of(body)));
    }
    if (steps.isEmpty()) {
      return Optional.empty();
    }
    if (dynamic) {
      return Optional.of(dynamic(file, node, keys, Task.INCLUDE_TASKS, Map.of(Task.INCLUDE_FILE, path.toString()), steps.get()));
    }
    Block block = new Block(str(file, keys.get("name")), steps.get(), List.of(), List.of(), keywords(file, keys), file.at(node));
    sources.put(block, file, node);
    return Optional.of(block);
  }

  private Optional<List<Step>> taskFile(Path path) {
    return YamlFile.read(path, problems).map(this::tasksOf);
  }

  private List<Step> tasksOf(YamlFile read) {
    including.push(read.path());
    List<Step> steps = steps(read, read.root(), "a task file must be a list of tasks");
    including.pop();
    return steps;
  }

  private static String problemText(List<Problem> found) {
    return found.stream().map(p -> p.location() + ": " + p.message()).collect(Collectors.joining("; "));
  }

  /** A task file a templated include may name, and its problems, which count only for a host that includes it. */
  private record Candidate(List<Step> steps, List<Problem> problems) {}

  /**
   * The task files a templated include_tasks name may give, each read and checked now: the files
   * under the include's directories (its own, and the runbook's tasks/) whose path matches the name
   * with each template part read as any text, and which hold a list of tasks (not plays, not
   * variables). Which one a host includes is decided when it gets there; so a file's problems (a
   * module of another system's, setup-RedHat.yml's yum) fail only the hosts that include it.
   */
  private Optional<Map<Path, Candidate>> dynamicFiles(YamlFile file, Node nameNode, String name, List<Path> roots) {
    StringBuilder regex = new StringBuilder();
    java.util.regex.Matcher parts = TEMPLATE_PART.matcher(name);
    int at = 0;
    while (parts.find()) {
      regex.append(Pattern.quote(name.substring(at, parts.start()))).append(".*");
      at = parts.end();
    }
    Pattern names = Pattern.compile(regex.append(Pattern.quote(name.substring(at))).toString());
    Map<Path, Candidate> files = new LinkedHashMap<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> found;
      try (java.util.stream.Stream<Path> walk = Files.walk(root, 4)) {
        found = walk.filter(Files::isRegularFile).map(Path::normalize).sorted().toList();
      } catch (java.io.IOException e) {
        problems.add(file.at(nameNode), "cannot list " + root + " for the task files '" + name + "' may name: " + e.getMessage());
        return Optional.empty();
      }
      for (Path path : found) {
        String relative = root.relativize(path).toString();
        if (!(names.matcher(relative).matches() || names.matcher(path.toString()).matches()) || files.containsKey(path)
            || including.contains(path) || path.equals(file.path().toAbsolutePath().normalize())) {
          continue;
        }
        int mark = problems.count();
        Optional<YamlFile> read = taskList(path);
        if (read.isPresent() || problems.count() > mark) {
          files.put(path, new Candidate(read.map(this::tasksOf).orElse(List.of()), problems.takeSince(mark)));
        }
      }
    }
    if (files.isEmpty()) {
      problems.add(file.at(nameNode), "no task file matches '" + name + "' (looked in: " + joined(roots) + ")");
      return Optional.empty();
    }
    return Optional.of(files);
  }

  /**
   * A file a templated include may name, read when it is YAML holding a list of tasks (not plays,
   * not variables); broken YAML is read again, so that its problems are told; empty for any other.
   */
  private Optional<YamlFile> taskList(Path path) {
    Problems quiet = new Problems();
    Optional<YamlFile> read = YamlFile.read(path, quiet);
    if (read.isEmpty() || !quiet.list().isEmpty()) {
      boolean yaml = read.isPresent() || path.toString().endsWith(".yml") || path.toString().endsWith(".yaml");
      return yaml ? YamlFile.read(path, problems) : Optional.empty();
    }
    Node root = read.get().root();
    boolean tasks = root instanceof SequenceNode seq && seq.getValue().stream().allMatch(item -> item instanceof MappingNode map
        && !Nodes.byKey(map).containsKey("hosts") && !Nodes.byKey(map).containsKey("import_playbook"));
    return tasks ? read : Optional.empty();
  }

  /**
   * An include_tasks or include_role, read now but dynamic as in Ansible: its when, tags and loop are
   * those of a first task (the engine's {@code marker}) that decides once which hosts enter, and how
   * often (once per item, with the item's variables); they do not reach the included tasks; its
   * other keywords do.
   */
  private Block dynamic(YamlFile file, MappingNode node, Map<String, Entry> keys, String marker, Map<String, Object> included, List<Step> body) {
    Keywords all = keywords(file, keys);
    Keywords own = new Keywords(all.when(), all.tags(), Map.of(), null, null, null, null, null, null, null, null, null, null, Map.of());
    Keywords inherited = new Keywords(List.of(), List.of(), all.vars(), all.become(), all.becomeUser(), all.checkMode(), all.diff(),
        all.ignoreErrors(), all.delegateTo(), all.runOnce(), all.noLog(), all.environment(), all.throttle(), all.templated());
    jinja.value(file, keys.get("loop"));
    jinja.value(file, keys.get("with_items"));
    Task opening = new Task(str(file, keys.get("name")), marker, included, Map.of(), file.at(node), own,
        loop(file, keys), lookupOf(keys), loopControl(file, keys.get("loop_control")), null, List.of(), List.of(), List.of(), List.of(), null,
        null, role);
    sources.put(opening, file, node);
    List<Step> steps = new ArrayList<>(List.of(opening));
    steps.addAll(body);
    Block block = new Block(null, steps, List.of(), List.of(), inherited, file.at(node));
    sources.put(block, file, node);
    return block;
  }

  /** An include takes the keywords blocks take, and a name. */
  private void includeKeywords(YamlFile file, Map<String, Entry> keys, Entry include) {
    boolean dynamic = canonical(include.key()).startsWith("include_");
    for (Entry e : keys.values()) {
      boolean loop = LOOP_KEYS.contains(e.key()) || isWithLookup(e.key());
      if (e == include || e.key().equals("name") || SHARED.contains(e.key()) || loop && dynamic) {
        continue;
      }
      problems.add(file.at(e.keyNode()), loop
          ? "loops over " + include.key() + " are not supported (Ansible refuses them too; include_tasks and include_role loop)"
          : "unknown keyword '" + e.key() + "' for " + include.key() + Nearest.suggestion(e.key(), SHARED));
    }
  }

  /** Who sees a role's defaults and vars: the play's every task, its tasks and those after it once it ran, or its own tasks. */
  private enum Expose { PLAY, ONCE_RUN, ROLE }

  /** Which files of a role to read; null is main, which a role may lack. */
  private record RoleFrom(String tasks, String vars, String defaults, String handlers) {
    static final RoleFrom MAIN = new RoleFrom(null, null, null, null);
  }

  /** The play's roles, each a block of its tasks (its meta dependencies first); they run after pre_tasks. */
  private List<Step> roles(YamlFile file, Entry entry) {
    List<Step> steps = new ArrayList<>();
    if (entry == null || Nodes.isNull(entry.value())) {
      return steps;
    }
    if (!(entry.value() instanceof SequenceNode seq)) {
      problems.add(file.at(entry.value()), "'roles' must be a list of roles, not " + Nodes.describe(entry.value()));
      return steps;
    }
    seq.getValue().forEach(node -> roleEntry(file, node, Expose.PLAY).ifPresent(steps::add));
    return steps;
  }

  /**
   * One entry of {@code roles:} or of a role's meta dependencies: a name, or a mapping of {@code role}
   * (or {@code name}), keywords, and parameters (every other key).
   */
  private Optional<Step> roleEntry(YamlFile file, Node node, Expose expose) {
    if (Nodes.text(node) != null) {
      return role(file, node, Nodes.text(node), RoleFrom.MAIN, Map.of(), Keywords.NONE, null, true, expose);
    }
    if (!(node instanceof MappingNode map)) {
      problems.add(file.at(node), "a role must be a name or a mapping with 'role', not " + Nodes.describe(node));
      return Optional.empty();
    }
    Map<String, Entry> keys = Nodes.byKey(map);
    Entry named = keys.containsKey("role") ? keys.get("role") : keys.get("name");
    String name = named == null ? null : Nodes.text(named.value());
    if (name == null) {
      problems.add(file.at(named == null ? map : named.value()), "the role needs a 'role' naming it");
      return Optional.empty();
    }
    Map<String, Object> params = new LinkedHashMap<>();
    keys.values().stream().filter(e -> e != named && !SHARED.contains(e.key())).forEach(e -> {
      jinja.value(file, e);
      params.put(e.key(), Nodes.value(e.value()));
    });
    return role(file, named.value(), name, RoleFrom.MAIN, params, keywords(file, keys), map, true, expose);
  }

  /** import_role and include_role are both read at load time, as import_tasks is: a block of the role's tasks. */
  private Optional<Step> includeRole(YamlFile file, MappingNode node, Map<String, Entry> keys, Entry include) {
    includeKeywords(file, keys, include);
    if (!(include.value() instanceof MappingNode argsNode)) {
      problems.add(file.at(include.value()), include.key() + " needs a mapping with the 'name' of a role, not " + Nodes.describe(include.value()));
      return Optional.empty();
    }
    Map<String, Entry> args = Nodes.byKey(argsNode);
    args.values().stream().filter(e -> !ROLE_ARGS.contains(e.key())).forEach(e -> problems.add(file.at(e.keyNode()),
        "unknown argument '" + e.key() + "' for " + include.key() + Nearest.suggestion(e.key(), ROLE_ARGS)));
    Entry name = args.get("name");
    if (name == null || Nodes.text(name.value()) == null) {
      problems.add(file.at(name == null ? argsNode : name.value()), include.key() + " needs the 'name' of a role");
      return Optional.empty();
    }
    boolean importing = canonical(include.key()).equals("import_role");
    Keywords applied = Keywords.NONE;
    Entry apply = args.get("apply");
    if (apply != null && importing) {
      problems.add(file.at(apply.keyNode()), "'apply' is for include_role: the keywords of import_role apply to the role's tasks already");
    } else if (apply != null && apply.value() instanceof MappingNode applyMap) {
      Map<String, Entry> applyKeys = Nodes.byKey(applyMap);
      applyKeys.values().stream().filter(e -> !SHARED.contains(e.key())).forEach(e -> problems.add(file.at(e.keyNode()),
          "unknown keyword '" + e.key() + "' in apply" + Nearest.suggestion(e.key(), SHARED)));
      applied = keywords(file, applyKeys);
    } else if (apply != null) {
      problems.add(file.at(apply.value()), "'apply' must be a mapping of task keywords, not " + Nodes.describe(apply.value()));
    }
    RoleFrom from = new RoleFrom(
        from(file, args.get("tasks_from")), from(file, args.get("vars_from")), from(file, args.get("defaults_from")), from(file, args.get("handlers_from")));
    // import_role's variables are the play's, as those of roles: are; include_role's only with public: true, once it ran
    Expose expose = importing ? Expose.PLAY : Boolean.TRUE.equals(bool(file, args.get("public"))) ? Expose.ONCE_RUN : Expose.ROLE;
    Optional<Step> body = role(file, name.value(), Nodes.text(name.value()), from, Map.of(), applied, null, false, expose);
    if (body.isEmpty() || importing) {
      return body.map(inner -> {
        Block block = new Block(str(file, keys.get("name")), List.of(inner), List.of(), List.of(), keywords(file, keys), file.at(node));
        sources.put(block, file, node);
        return block;
      });
    }
    return Optional.of(dynamic(file, node, keys, Task.INCLUDE_ROLE, Map.of(Task.INCLUDE_FILE, Nodes.text(name.value())), List.of(body.get())));
  }

  /** A tasks_from, vars_from...: a literal file name. */
  private String from(YamlFile file, Entry entry) {
    String name = str(file, entry);
    if (Nodes.templated(name)) {
      problems.add(file.at(entry.value()), "a templated '" + entry.key() + "' is not supported; name the file literally");
      return null;
    }
    return name;
  }

  /**
   * A role read into a block of its meta dependencies' blocks and its tasks, carrying the keywords it
   * was given. Its handlers join the play's; {@code expose} says who sees its defaults and vars. With {@code once}, a role met before in the play with the same parameters is left out, as
   * Ansible runs it once (unless its meta says allow_duplicates).
   */
  private Optional<Step> role(
      YamlFile file, Node at, String name, RoleFrom from, Map<String, Object> params, Keywords keywords, MappingNode node, boolean once,
      Expose expose) {
    if (Nodes.templated(name)) {
      problems.add(file.at(at), "a templated role name is not supported; name the role literally");
      return Optional.empty();
    }
    Optional<Path> found = roleFiles.find(name);
    if (found.isEmpty()) {
      problems.add(file.at(at), "role '" + name + "' not found (looked in: " + joined(roleFiles.candidates(name)) + ")");
      return Optional.empty();
    }
    Path dir = found.get().toAbsolutePath().normalize();
    if (including.contains(dir)) {
      problems.add(file.at(at), "role '" + name + "' depends on itself");
      return Optional.empty();
    }
    Optional<YamlFile> meta = roleFile(file, at, name, dir, "meta", null).filter(m -> mapping(m, "a role's meta"));
    Map<String, Entry> metaKeys = meta.map(m -> m.root() instanceof MappingNode map ? Nodes.byKey(map) : Map.<String, Entry>of()).orElse(Map.of());
    boolean duplicates = Boolean.TRUE.equals(meta.map(m -> bool(m, metaKeys.get("allow_duplicates"))).orElse(null));
    if (once && !duplicates && !rolesMet.add(List.of(dir, params))) {
      return Optional.empty();
    }
    Map<String, Object> defaults = roleVars(file, at, name, dir, "defaults", from.defaults());
    Map<String, Object> vars = roleVars(file, at, name, dir, "vars", from.vars());
    Role outer = role;
    Role self = new Role(dir.getFileName().toString(), dir, defaults, vars, params, outer, expose == Expose.ONCE_RUN);
    List<Step> steps = new ArrayList<>();
    including.push(dir);
    role = self;
    Entry dependencies = metaKeys.get("dependencies");
    if (dependencies != null && dependencies.value() instanceof SequenceNode deps) {
      deps.getValue().forEach(dep -> roleEntry(meta.get(), dep, expose).ifPresent(steps::add));
    } else if (dependencies != null && !Nodes.isNull(dependencies.value())) {
      problems.add(meta.get().at(dependencies.value()), "'dependencies' must be a list of roles, not " + Nodes.describe(dependencies.value()));
    }
    roleFile(file, at, name, dir, "tasks", from.tasks())
        .ifPresent(tasks -> steps.addAll(steps(tasks, tasks.root(), "a task file must be a list of tasks")));
    roleFile(file, at, name, dir, "handlers", from.handlers())
        .ifPresent(handlers -> roleHandlers.addAll(handlers(handlers, handlers.root(), "a handler file must be a list of handlers")));
    role = outer;
    including.pop();
    if (expose == Expose.PLAY) {
      publicRoles.add(self);
    }
    Block block = new Block(null, steps, List.of(), List.of(), keywords, file.at(at));
    if (node != null) {
      sources.put(block, file, node);
    }
    return Optional.of(block);
  }

  /** A role's file in {@code folder}: {@code from}, which must exist, or main (null), which may not. */
  private Optional<YamlFile> roleFile(YamlFile file, Node at, String name, Path dir, String folder, String from) {
    Optional<Path> found = RoleFiles.find(dir, folder, from == null ? "main" : from);
    if (found.isEmpty() && from != null) {
      problems.add(file.at(at), "role '" + name + "' has no " + folder + " file '" + from + "' (looked in: "
          + joined(RoleFiles.candidates(dir, folder, from)) + ")");
    }
    return found.flatMap(path -> YamlFile.read(path, problems));
  }

  private Map<String, Object> roleVars(YamlFile file, Node at, String name, Path dir, String folder, String from) {
    Optional<YamlFile> vars = roleFile(file, at, name, dir, folder, from).filter(v -> mapping(v, "a vars file"));
    vars.ifPresent(v -> jinja.value(v, v.root()));
    return vars.map(v -> Nodes.map(v.root())).orElse(Map.of());
  }

  /** True when the file holds a mapping (or nothing); else says so. */
  private boolean mapping(YamlFile file, String what) {
    if (file.root() instanceof MappingNode || Nodes.isNull(file.root())) {
      return true;
    }
    problems.add(file.at(file.root()), what + " must be a mapping, not " + Nodes.describe(file.root()));
    return false;
  }

  private String order(YamlFile file, Entry entry) {
    String order = str(file, entry);
    if (order == null) {
      return "inventory";
    }
    if (!ORDERS.contains(order)) {
      problems.add(file.at(entry.value()), "'order' must be one of " + String.join(", ", ORDERS) + ", not " + Nodes.describe(entry.value()));
    }
    return order;
  }

  /** vars_prompt: names to ask for before the play starts. */
  private List<VarPrompt> prompts(YamlFile file, Entry entry) {
    List<VarPrompt> prompts = new ArrayList<>();
    if (entry == null || Nodes.isNull(entry.value())) {
      return prompts;
    }
    List<Node> nodes = entry.value() instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value());
    for (Node node : nodes) {
      if (!(node instanceof MappingNode map)) {
        problems.add(file.at(node), "a vars_prompt entry must be a mapping with 'name' and 'prompt', not " + Nodes.describe(node));
        continue;
      }
      Map<String, Entry> keys = Nodes.byKey(map);
      keys.values().stream().filter(e -> !PROMPT_KEYS.contains(e.key())).forEach(e -> problems.add(file.at(e.keyNode()),
          "unsupported vars_prompt key '" + e.key() + "'" + Nearest.suggestion(e.key(), PROMPT_KEYS)));
      Entry name = keys.get("name");
      String variable = name == null ? null : variableName(file, name);
      if (name == null) {
        problems.add(file.at(map), "a vars_prompt entry needs the 'name' of the variable it sets");
      }
      if (variable == null) {
        continue;
      }
      String prompt = Optional.ofNullable(str(file, keys.get("prompt"))).orElse(variable);
      Entry defaultValue = keys.get("default");
      prompts.add(new VarPrompt(variable, prompt, defaultValue == null ? null : Nodes.value(defaultValue.value()),
          !Boolean.FALSE.equals(bool(file, keys.get("private"))), Boolean.TRUE.equals(bool(file, keys.get("confirm"))), file.at(map)));
    }
    return prompts;
  }

  private Optional<Task> task(YamlFile file, MappingNode node, Map<String, Entry> keys, boolean handler) {
    Optional<Task> task = Optional.empty();
    Optional<Entry> module = module(file, node, keys);
    if (module.isPresent()) {
      String key = module.get().key();
      boolean meta = canonical(key).equals("meta");
      String name = meta ? "meta" : modules.apply(key).orElseThrow().name();
      ModuleArgs args = meta ? meta(file, module.get()) : moduleArgs(file, key, module.get(), keys.get("args"), moduleDefaults(file, keys));
      jinja.conditions(file, keys.get("changed_when"));
      jinja.conditions(file, keys.get("failed_when"));
      jinja.value(file, keys.get("loop"));
      jinja.value(file, keys.get("with_items"));
      task = Optional.of(new Task(
          str(file, keys.get("name")),
          name,
          args.values(),
          args.locations(),
          file.at(node),
          keywords(file, keys),
          loop(file, keys),
          lookupOf(keys),
          loopControl(file, keys.get("loop_control")),
          register(file, keys.get("register")),
          notify(file, keys.get("notify")),
          listen(file, keys.get("listen"), handler),
          conditions(file, keys.get("changed_when")),
          conditions(file, keys.get("failed_when")),
          retries(file, keys),
          async(file, keys),
          role));
      sources.put(task.get(), file, node);
    } else {
      keywords(file, keys); // still report what is wrong with the rest of the task
      moduleDefaults(file, keys);
    }
    return task;
  }

  /**
   * The module_defaults in force at a task with these keys: each level's (play, blocks, the task's
   * own) over the outer ones, a module's defaults replacing the outer ones whole, as in Ansible.
   */
  private Map<String, ModuleArgs.Defaults> moduleDefaults(YamlFile file, Map<String, Entry> keys) {
    Map<String, ModuleArgs.Defaults> all = new LinkedHashMap<>();
    moduleDefaults.forEach(all::putAll);
    all.putAll(moduleDefaultsLevel(file, keys.get("module_defaults")));
    return all;
  }

  /**
   * One level's module_defaults: a mapping of module names (any of their names) to arguments, or a
   * list of such mappings, later ones winning. {@code group/NAME} entries are taken and apply to no
   * task: none of runbook's modules is in an action group (README, "Runbooks").
   */
  private Map<String, ModuleArgs.Defaults> moduleDefaultsLevel(YamlFile file, Entry entry) {
    Map<String, ModuleArgs.Defaults> level = new LinkedHashMap<>();
    if (entry == null || Nodes.isNull(entry.value())) {
      return level;
    }
    List<Node> maps = entry.value() instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value());
    for (Node node : maps) {
      if (!(node instanceof MappingNode map)) {
        problems.add(file.at(node), "'module_defaults' must be a mapping of module names to their arguments, or a list of them, not "
            + Nodes.describe(node));
        continue;
      }
      for (Entry e : Nodes.entries(map)) {
        if (e.key().startsWith("group/")) {
          continue;
        }
        Optional<ModuleSpec> spec = modules.apply(e.key());
        if (spec.isEmpty()) {
          problems.add(file.at(e.keyNode()), "unknown module '" + e.key() + "' in module_defaults"
              + Nearest.phrase(Nearest.to(canonical(e.key()), moduleNames)));
        } else if (e.value() instanceof MappingNode args) {
          jinja.value(file, e);
          level.put(spec.get().name(), new ModuleArgs.Defaults(file, args));
        } else if (!Nodes.isNull(e.value())) {
          problems.add(file.at(e.value()), "the default arguments of '" + e.key() + "' in module_defaults must be a mapping, not "
              + Nodes.describe(e.value()));
        }
      }
    }
    return level;
  }

  /** The one key that names a module; every other key must be a task keyword. */
  private Optional<Entry> module(YamlFile file, MappingNode node, Map<String, Entry> keys) {
    List<Entry> candidates = keys.values().stream().filter(e -> !TASK_KEYS.contains(e.key()) && !isWithLookup(e.key())).toList();
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

  /** @param defaults the module_defaults in force at the task, by module name */
  private ModuleArgs moduleArgs(YamlFile file, String key, Entry module, Entry argsKey, Map<String, ModuleArgs.Defaults> defaults) {
    ModuleSpec spec = modules.apply(key).orElseThrow();
    ModuleArgs args = ModuleArgs.parse(file, module, argsKey, spec, defaults.get(spec.name()), problems);
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
      problems.add(file.at(module.value()), "meta " + Nodes.describe(module.value()) + " is not supported (supported: " + String.join(", ", METAS) + ")");
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
      List<Path> candidates = ControllerPaths.candidates(role == null ? null : role.path(), file.path(), directory, declared.folder(), text);
      if (candidates.stream().noneMatch(Files::exists)) {
        problems.add(args.locations().get(declared.arg()),
            spec.name() + " source '" + text + "' not found (looked in: " + joined(candidates) + ")");
      } else if (declared.rendered()) {
        candidates.stream().filter(Files::isRegularFile).findFirst().ifPresent(jinja::file);
      }
    }
  }

  private List<Task> handlers(YamlFile file, Entry entry) {
    return entry == null ? List.of() : handlers(file, entry.value(), "'handlers' must be a list of tasks");
  }

  /**
   * The handlers that loaded; handlerNames and handlerTopics learn the names and listen topics of
   * every handler written, loaded or not, so that a notify of a broken handler is not a second
   * problem. A role's handler is also known as "ROLE : NAME", as Ansible knows it.
   */
  private List<Task> handlers(YamlFile file, Node list, String complaint) {
    List<Task> handlers = new ArrayList<>();
    if (Nodes.isNull(list)) {
      return handlers;
    }
    if (!(list instanceof SequenceNode seq)) {
      problems.add(file.at(list), complaint + ", not " + Nodes.describe(list));
      return handlers;
    }
    for (Node node : seq.getValue()) {
      if (!(node instanceof MappingNode map)) {
        problems.add(file.at(node), "a handler must be a mapping, not " + Nodes.describe(node));
        continue;
      }
      Map<String, Entry> keys = Nodes.byKey(map);
      Optional.ofNullable(keys.get("name")).map(e -> Nodes.text(e.value())).ifPresent(name -> {
        handlerNames.add(name);
        handlerTopics.add(name);
        if (role != null) {
          handlerTopics.add(role.name() + " : " + name);
        }
      });
      Entry listen = keys.get("listen");
      if (listen != null) {
        // read quietly: task() below reports what is wrong with them
        (listen.value() instanceof SequenceNode topicList ? topicList.getValue() : List.of(listen.value())).stream()
            .map(Nodes::text).filter(java.util.Objects::nonNull).forEach(handlerTopics::add);
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

  private void checkNotified() {
    String available = handlerTopics.isEmpty() ? "this play has no handlers" : "handlers of this play: " + String.join(", ", handlerNames);
    for (Notify n : notified) {
      if (!handlerTopics.contains(n.name()) && !Nodes.templated(n.name())) {
        problems.add(n.at(), "unknown handler '" + n.name() + "' in notify (" + available + ")");
      }
    }
  }

  private Keywords keywords(YamlFile file, Map<String, Entry> keys) {
    becomeMethod(file, keys.get("become_method"));
    collections(file, keys.get("collections"));
    jinja.conditions(file, keys.get("when"));
    jinja.value(file, keys.get("vars"));
    jinja.value(file, keys.get("delegate_to"));
    Map<String, String> templated = new LinkedHashMap<>();
    for (String name : TEMPLATED_BOOLEANS) {
      String text = keys.get(name) == null ? null : Nodes.text(keys.get(name).value());
      if (text != null && Nodes.templated(text)) {
        jinja.value(file, keys.get(name));
        templated.put(name, text);
      }
    }
    java.util.function.Function<String, Boolean> flag = name -> templated.containsKey(name) ? null : bool(file, keys.get(name));
    return new Keywords(
        conditions(file, keys.get("when")),
        tags(file, keys.get("tags")),
        vars(file, keys.get("vars")),
        flag.apply("become"),
        str(file, keys.get("become_user")),
        flag.apply("check_mode"),
        flag.apply("diff"),
        flag.apply("ignore_errors"),
        str(file, keys.get("delegate_to")),
        flag.apply("run_once"),
        flag.apply("no_log"),
        environment(file, keys.get("environment")),
        throttle(file, keys.get("throttle")),
        templated);
  }

  /** throttle: a number of hosts, 1 or more (0, as in Ansible, is no limit: null). */
  private Integer throttle(YamlFile file, Entry entry) {
    if (entry == null) {
      return null;
    }
    Object value = Nodes.value(entry.value());
    if (value instanceof Integer i && i >= 0) {
      return i == 0 ? null : i;
    }
    problems.add(file.at(entry.value()), "'throttle' must be a number of hosts, not " + Nodes.describe(entry.value()));
    return null;
  }

  /**
   * collections: a list of collection names (community.general). They change nothing: every module
   * answers to its short name and to its collection's names already.
   */
  private void collections(YamlFile file, Entry entry) {
    if (entry == null) {
      return;
    }
    for (Node node : scalars(file, entry, "collections")) {
      if (!COLLECTION.matcher(Nodes.text(node)).matches()) {
        problems.add(file.at(node), "'collections' names collections as namespace.name (community.general), not '" + Nodes.text(node) + "'");
      }
    }
  }

  /** The lookup of a with_LOOKUP key (other than with_items), or null. */
  private static String lookupOf(Map<String, Entry> keys) {
    return keys.keySet().stream().filter(RunbookLoader::isWithLookup).map(k -> k.substring("with_".length())).findFirst().orElse(null);
  }

  private static boolean isWithLookup(String key) {
    return key.startsWith("with_") && !key.equals("with_items") && Templar.lookups().contains(key.substring("with_".length()));
  }

  /** loop as written; with_items flattened one level, as Ansible does; a with_LOOKUP's terms, for the lookup to run on. */
  private Object loop(YamlFile file, Map<String, Entry> keys) {
    List<Entry> loops = keys.values().stream().filter(e -> e.key().equals("loop") || e.key().equals("with_items") || isWithLookup(e.key())).toList();
    if (loops.size() > 1) {
      problems.add(file.at(loops.get(1).keyNode()), "a task takes one loop: '" + loops.get(0).key() + "' or '" + loops.get(1).key() + "', not both");
    }
    Entry entry = loops.isEmpty() ? null : loops.get(0);
    Entry loop = keys.get("loop");
    if (entry == null) {
      return null;
    }
    Object value = Nodes.value(entry.value());
    if (isWithLookup(entry.key())) {
      jinja.value(file, entry);
      return value;
    }
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

  /** loop_control's pause (seconds between items), a word the pause module shares. */
  private static final String PAUSE = "pause";
  private static final Set<String> LOOP_CONTROL_KEYS = Set.of("loop_var", "index_var", "label", "extended", "extended_allitems", PAUSE);

  private LoopControl loopControl(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return LoopControl.DEFAULT;
    }
    if (!(entry.value() instanceof MappingNode map)) {
      problems.add(file.at(entry.value()), "'loop_control' must be a mapping, not " + Nodes.describe(entry.value()));
      return LoopControl.DEFAULT;
    }
    Map<String, Entry> keys = Nodes.byKey(map);
    keys.values().stream().filter(e -> !LOOP_CONTROL_KEYS.contains(e.key())).forEach(e -> problems.add(file.at(e.keyNode()),
        "unsupported loop_control key '" + e.key() + "'" + Nearest.suggestion(e.key(), LOOP_CONTROL_KEYS)));
    String loopVar = keys.containsKey("loop_var") ? variableName(file, keys.get("loop_var")) : null;
    String indexVar = keys.containsKey("index_var") ? variableName(file, keys.get("index_var")) : null;
    jinja.value(file, keys.get("label"));
    jinja.value(file, keys.get(PAUSE));
    return new LoopControl(loopVar == null ? "item" : loopVar, indexVar, str(file, keys.get("label")),
        Boolean.TRUE.equals(bool(file, keys.get("extended"))), number(file, keys.get(PAUSE)));
  }

  /** until with retries and delay; retries or delay without until do nothing, as in Ansible. */
  private Retries retries(YamlFile file, Map<String, Entry> keys) {
    jinja.conditions(file, keys.get("until"));
    jinja.value(file, keys.get("retries"));
    jinja.value(file, keys.get("delay"));
    Object retries = number(file, keys.get("retries"));
    Object delay = number(file, keys.get("delay"));
    List<String> until = conditions(file, keys.get("until"));
    return until.isEmpty() ? null : new Retries(until, retries == null ? 3 : retries, delay == null ? 5 : delay);
  }

  /** async with poll (15 when not written); async 0, or poll without async, runs the task attached, as in Ansible. */
  private Async async(YamlFile file, Map<String, Entry> keys) {
    jinja.value(file, keys.get("async"));
    jinja.value(file, keys.get("poll"));
    Object seconds = number(file, keys.get("async"));
    Object poll = number(file, keys.get("poll"));
    boolean attached = seconds == null || seconds instanceof Number n && n.doubleValue() == 0;
    return attached ? null : new Async(seconds, poll == null ? 15 : poll);
  }

  /** A number, or a template of one (rendered when the task runs); null when not written. */
  private Object number(YamlFile file, Entry entry) {
    if (entry == null || Nodes.isNull(entry.value())) {
      return null;
    }
    Object value = Nodes.value(entry.value());
    if (value instanceof Number n && n.doubleValue() >= 0 || Nodes.templated(value)) {
      return value;
    }
    problems.add(file.at(entry.value()), "'" + entry.key() + "' must be a number, not " + Nodes.describe(entry.value()));
    return null;
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
