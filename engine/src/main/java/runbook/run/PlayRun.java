package runbook.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import runbook.load.HostPatterns;
import runbook.model.Block;
import runbook.model.Host;
import runbook.model.Play;
import runbook.model.Role;
import runbook.model.Runbook;
import runbook.model.Step;
import runbook.model.Task;
import runbook.spi.ModuleSpec;

/**
 * One play, linear strategy: each task runs on every host still in play (in parallel, up to
 * --forks) before the next task starts; a failed host leaves the play, the others go on.
 */
final class PlayRun {
  private final Run run;
  private final Runbook runbook;
  private final Play play;
  private final PendingHandlers pending;
  private List<HostState> hosts = List.of();
  /** The answers to the play's vars_prompt. */
  private Map<String, Object> prompted = Map.of();
  private List<String> allHosts = List.of();
  /** Ends the play for every host: any_errors_fatal, max_fail_percentage, meta: end_play. */
  private boolean stopped;
  /**
   * How many blocks with a rescue are running their tasks: a failure there is the rescue's to
   * handle, so any_errors_fatal and max_fail_percentage wait for it (Ansible's is_failed).
   */
  private int rescuing;

  PlayRun(Run run, Runbook runbook, Play play) {
    this.run = run;
    this.runbook = runbook;
    this.play = play;
    this.pending = PendingHandlers.of(runbook, play);
  }

  Run run() {
    return run;
  }

  Map<String, Object> vars() {
    return play.vars();
  }

  /**
   * The play's batch sizes, templated as Ansible templates play keywords: with the play's vars,
   * the prompted ones and the extra vars, no host's; a size that renders to omit is left out.
   */
  private List<Object> serial() {
    Map<String, Object> vars = new java.util.LinkedHashMap<>(play.vars());
    vars.putAll(prompted);
    vars.putAll(run.extraVars());
    vars.put("omit", Vars.OMIT);
    return play.serial().stream().map(size -> run.templar().render(size, vars)).filter(size -> !Vars.OMIT.equals(size)).toList();
  }

  Map<String, Object> prompted() {
    return prompted;
  }

  List<Role> roles() {
    return play.roles();
  }

  Map<String, Object> gathering() {
    return play.gathering();
  }

  boolean gathersFacts() {
    return play.gatherFacts();
  }

  /** The directory of the play's own file: an imported runbook's plays have theirs, as in Ansible. */
  Path playbookDir() {
    return play.location().file().toAbsolutePath().getParent();
  }

  List<String> hostNames() {
    return hosts.stream().map(HostState::name).toList();
  }

  /** Every host the play targets, in inventory order (ansible_play_hosts_all). */
  List<String> allHostNames() {
    return allHosts;
  }

  /** The hosts of the current batch. */
  List<HostState> hosts() {
    return hosts;
  }

  void execute() {
    run.listener().on(new RunEvent.PlayStarted(play.name() != null ? play.name() : play.hosts(), play.location()));
    List<HostState> selected = selectHosts();
    if (selected.isEmpty()) {
      run.listener().on(new RunEvent.NoHostsMatched(play.hosts(), play.location()));
      return;
    }
    selected.forEach(h -> h.ended = false);
    prompted = VarsPrompt.ask(play.prompts(), run);
    recallPendingHandlers(selected);
    List<Object> serial = serial();
    String wrong = serial.stream().filter(size -> !Batches.valid(size)).map(size -> "'" + size + "'").findFirst().orElse(null);
    if (wrong != null) {
      // a rolling update run all at once could take every host down: the play is not run
      run.listener().on(new RunEvent.Warning(play.location() + ": serial is " + wrong + ", not a number or a percentage: the play is not run"));
      selected.forEach(h -> {
        h.failed = true;
        h.counters.failed++;
      });
      return;
    }
    for (List<HostState> batch : Batches.of(selected, serial)) {
      hosts = batch;
      Scope root = Scope.root(play.become(), play.becomeUser(), play.tags(), play.environment());
      runSteps(play.tasks(), root, batch);
      flushHandlers(batch);
      warnLostHandlers(batch);
      if (stopped) {
        break;
      }
    }
  }

  private List<HostState> selectHosts() {
    List<Host> chosen = HostPatterns.select(run.inventory(), play.hosts());
    if (run.options().limit() != null) {
      List<String> limited = HostPatterns.select(run.inventory(), run.options().limit()).stream().map(Host::name).toList();
      chosen = chosen.stream().filter(h -> limited.contains(h.name())).toList();
    }
    allHosts = chosen.stream().map(Host::name).toList();
    chosen.stream().map(run::stateFor).filter(h -> h.errorsCleared).forEach(h -> {
      h.failed = false;
      h.errorsCleared = false;
    });
    Shard shard = run.options().shard();
    List<HostState> states = new ArrayList<>(
        chosen.stream().filter(h -> shard == null || shard.has(h.name())).map(run::stateFor).filter(h -> !h.failed && !h.unreachable).toList());
    switch (play.order()) {
      case "reverse_inventory" -> java.util.Collections.reverse(states);
      case "sorted" -> states.sort(java.util.Comparator.comparing(HostState::name));
      case "reverse_sorted" -> states.sort(java.util.Comparator.comparing(HostState::name).reversed());
      case "shuffle" -> java.util.Collections.shuffle(states);
      default -> { } // inventory
    }
    return states;
  }

  private void runSteps(List<Step> steps, Scope scope, List<HostState> targets) {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      List<HostState> active = targets.stream().filter(HostState::active).toList();
      if (active.isEmpty() || stopped) {
        return;
      }
      if (step instanceof Task task) {
        int at = i;
        runTask(task, scope, active, false, h -> Lookahead.before(this, steps, at, scope, h));
      } else if (step instanceof Block block) {
        runBlock(block, scope, active);
      }
    }
  }

  /** block, then rescue for the hosts that failed in it, then always for everyone who entered. */
  private void runBlock(Block block, Scope parent, List<HostState> reached) {
    Scope scope = parent.with(block.keywords());
    List<Step> steps = block.block();
    List<HostState> entered = reached;
    int rescues = block.rescue().isEmpty() ? 0 : 1;
    rescuing += rescues;
    try {
      if (!steps.isEmpty() && steps.get(0) instanceof Task first && first.isInclude()) {
        Map<HostState, List<Map<String, Object>>> passes = include(first, scope, reached);
        entered = List.copyOf(passes.keySet());
        runPasses(steps.subList(1, steps.size()), scope, passes);
      } else {
        runSteps(steps, scope, entered);
      }
    } finally {
      rescuing -= rescues;
    }
    List<HostState> failed = entered.stream().filter(h -> h.failed && !h.unreachable).toList();
    if (!block.rescue().isEmpty() && !failed.isEmpty()) {
      for (HostState h : failed) {
        // as Ansible's, they stay set after the rescue, in the next plays too
        h.facts.putAll(h.lastFailure);
        h.failed = false;
        h.counters.failed--;
        h.counters.rescued++;
      }
      runSteps(block.rescue(), scope, failed);
    }
    if (!block.always().isEmpty()) {
      List<HostState> stillFailed = entered.stream().filter(h -> h.failed && !h.unreachable).toList();
      stillFailed.forEach(h -> h.failed = false);
      runSteps(block.always(), scope, entered);
      stillFailed.forEach(h -> h.failed = true);
    }
  }

  /**
   * The hosts that enter an include, with the loop variables of each pass (one pass without a loop):
   * those its tags select and its conditions hold for. Counted as Ansible counts it: include_tasks
   * is ok (or skipped) on each host, once per item, include_role only when skipped.
   */
  private Map<HostState, List<Map<String, Object>>> include(Task task, Scope parent, List<HostState> targets) {
    Map<HostState, List<Map<String, Object>>> passes = new java.util.LinkedHashMap<>();
    Scope scope = parent.with(task.keywords());
    if (!scope.selected(run.options()) || !run.gate().admits(task, false)) {
      return passes;
    }
    RunEvent.TaskInfo info = new RunEvent.TaskInfo(task.displayName(), task.module(), task.location(), false, false, scope.noLog(), false);
    run.listener().on(new RunEvent.TaskStarted(info));
    List<Outcome> results = parallel(targets, h -> new TaskRun(this, task, scope, h, false).included());
    for (int i = 0; i < targets.size(); i++) {
      HostState host = targets.get(i);
      Outcome outcome = results.get(i);
      List<Outcome> items = task.loop() == null ? List.of(outcome) : outcome.items();
      List<Map<String, Object>> entered = items.stream().filter(item -> item.status() == Status.OK).map(Outcome::data).toList();
      if (!entered.isEmpty()) {
        passes.put(host, entered);
      }
      boolean counted = task.module().equals(Task.INCLUDE_TASKS) || outcome.status() != Status.OK;
      for (Outcome item : task.loop() == null || outcome.items().isEmpty() ? List.of(outcome) : outcome.items()) {
        if (counted || item.status() != Status.OK) {
          run.listener().on(new RunEvent.HostFinished(info, host.name(), item, 0));
          account(task, host, item);
        }
      }
    }
    return passes;
  }

  /**
   * The steps of an include once per pass, each host with its pass's loop variables over those of
   * includes around it. Where a templated file name picked a file per host, the steps are one block
   * per file, and each host runs the one it picked: one file's hosts after another's, in the order
   * the hosts first picked them.
   */
  private void runPasses(List<Step> steps, Scope scope, Map<HostState, List<Map<String, Object>>> passes) {
    int most = passes.values().stream().mapToInt(List::size).max().orElse(0);
    for (int pass = 0; pass < most; pass++) {
      int p = pass;
      List<HostState> these = passes.keySet().stream().filter(h -> passes.get(h).size() > p).toList();
      Map<HostState, Map<String, Object>> outer = new java.util.HashMap<>();
      Map<Object, List<HostState>> byFile = new java.util.LinkedHashMap<>();
      for (HostState h : these) {
        outer.put(h, h.includeLoopVars);
        Map<String, Object> vars = new java.util.LinkedHashMap<>(h.includeLoopVars);
        vars.putAll(passes.get(h).get(pass));
        byFile.computeIfAbsent(vars.remove(Task.INCLUDE_CHOICES), file -> new ArrayList<>()).add(h); // null: the one file
        h.includeLoopVars = vars;
      }
      byFile.forEach((file, hosts) -> runSteps(file == null ? steps : List.of(steps.get((Integer) file)), scope, hosts));
      these.forEach(h -> h.includeLoopVars = outer.get(h));
    }
  }

  /** @param first what each host does before the task: asking ahead the questions of the tasks that follow */
  private void runTask(Task task, Scope parent, List<HostState> targets, boolean handler, java.util.function.Consumer<HostState> first) {
    Scope unrendered = parent.with(task.keywords());
    if (!handler && (!unrendered.selected(run.options()) || !run.gate().admits(task, task.location().equals(play.location())))) {
      return;
    }
    Map<HostState, Object> scopes = new java.util.HashMap<>(); // each host's keywords, or why its templated ones failed
    targets.forEach(h -> scopes.put(h, renderedFor(unrendered, task, h)));
    Scope scope = scopes.get(targets.get(0)) instanceof Scope s ? s : unrendered;
    if (task.module().equals(ModuleRegistry.META.name())) {
      meta(task, scope, targets);
      return;
    }
    ModuleSpec spec = run.modules().spec(task.module()).orElseThrow();
    RunEvent.TaskInfo info = new RunEvent.TaskInfo(task.displayName(), task.module(), task.location(), handler,
        scope.showsDiff(run.options()), scope.noLog(), spec.has(ModuleSpec.Trait.SHOWS_DATA));
    run.listener().on(new RunEvent.TaskStarted(info));
    // as in Ansible, add_host runs once for the play's hosts (with the first one's variables)
    boolean once = scope.runOnce() || spec == InventoryChanges.ADD_HOST;
    List<HostState> runOn = once ? targets.subList(0, 1) : targets;
    long[] millis = new long[runOn.size()];
    List<Outcome> results = parallel(runOn, throttled(scope.throttle(), h -> {
      long start = System.nanoTime();
      first.accept(h);
      Outcome outcome = scopes.get(h) instanceof Scope own ? new TaskRun(this, task, own, h, handler).execute()
          : Outcome.failed(task.location() + ": " + scopes.get(h));
      millis[runOn.indexOf(h)] = (System.nanoTime() - start) / 1_000_000;
      return outcome;
    }));
    for (int i = 0; i < runOn.size(); i++) {
      HostState host = runOn.get(i);
      Outcome result = results.get(i);
      if (scopes.get(host) instanceof Scope own && own.ignoreErrors()) {
        result = result.ignoringErrors();
      }
      result = unpredictedFailure(task, scopes.get(host) instanceof Scope own ? own : scope, host, result);
      run.listener().on(new RunEvent.HostFinished(info, host.name(), result, millis[i]));
      account(task, host, result);
      changeInventory(host, result);
    }
    notifyHandlers(task, runOn, results);
    if (scope.runOnce() && task.register() != null) {
      Object registered = results.get(0).registered();
      targets.forEach(h -> h.facts.put(task.register(), registered));
    }
    checkFailureLimits(targets);
  }

  /**
   * In a check run, a failure on a host whose earlier changes were only simulated may be theirs
   * (`apache2 -v` with check_mode: false, before the package it reads is installed): a step run
   * for real that fails there cannot be predicted, nor can a failure after it; the check says why,
   * where Ansible's check mode stops the host.
   */
  private Outcome unpredictedFailure(Task task, Scope scope, HostState host, Outcome result) {
    if (!run.options().check() || !result.failed() || result.ignored()) {
      return result;
    }
    if (host.unpredictableSince != null) {
      return result.unpredictable("it follows " + host.unpredictableSince + ", which could not be predicted; it failed: " + result.message());
    }
    if (Boolean.FALSE.equals(scope.checkMode()) && host.counters.changed > 0) {
      host.unpredictableSince = "'" + task.displayName() + "' (" + task.location() + ")";
      return result.unpredictable("it ran for real and failed, while earlier changes on " + host.name() + " were only simulated: "
          + result.message());
    }
    return result;
  }

  /** The task's keywords for one host, its templated ones rendered with its variables; or why they could not be. */
  private Object renderedFor(Scope scope, Task task, HostState host) {
    if (scope.templated().isEmpty()) {
      return scope;
    }
    try {
      return scope.rendered(run.templar(), Vars.of(host, this, task.role(), scope.vars(), Map.of()));
    } catch (runbook.template.TemplateError e) {
      return e.getMessage();
    }
  }

  /** What a group_by or add_host that went well adds to the run's inventory; other results add nothing. */
  private void changeInventory(HostState host, Outcome result) {
    for (Outcome done : result.items().isEmpty() ? List.of(result) : result.items()) {
      if (done.failed() || done.status() == Status.SKIPPED) {
        continue;
      }
      if (done.data().get("add_group") instanceof String group) {
        List<String> groups = new ArrayList<>(List.of(group));
        ((List<?>) done.data().get("parent_groups")).forEach(p -> groups.add(String.valueOf(p)));
        run.liveInventory().updateAndGet(inventory -> inventory.adding(host.name(), Map.of(), groups));
      } else if (done.data().get("add_host") instanceof Map<?, ?> added) {
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = (Map<String, Object>) added.get("host_vars");
        List<String> groups = ((List<?>) added.get("groups")).stream().map(String::valueOf).toList();
        run.liveInventory().updateAndGet(inventory -> inventory.adding(String.valueOf(added.get("host_name")), vars, groups));
      }
    }
  }

  private void account(Task task, HostState host, Outcome result) {
    host.counters.count(result);
    host.changedLast = result.status() == Status.CHANGED;
    if (result.status() == Status.UNREACHABLE) {
      host.unreachable = true;
    } else if (result.failed() && !result.ignored()) {
      host.failed = true;
      Map<String, Object> failure = new java.util.LinkedHashMap<>();
      // what of Ansible's serialized task playbooks read: its name ("" when it has none), action and arguments
      failure.put("ansible_failed_task", Map.of("name", task.name() == null ? "" : task.name(), "action", task.module(), "args", task.args()));
      failure.put("ansible_failed_result", result.registered());
      host.lastFailure = failure;
    }
    if (task.register() != null) {
      host.facts.put(task.register(), result.registered());
    }
  }

  /** The handlers a changed task notifies on a host that are not pending there yet. */
  private List<String> newlyNotified(Task task, HostState host) {
    List<String> fresh = new ArrayList<>();
    for (String topic : task.notifies()) {
      for (Task handler : play.handlers()) {
        boolean named = topic.equals(handler.name()) || handler.name() != null && topic.equals(handler.displayName());
        if ((named || handler.listen().contains(topic)) && !host.notified.contains(handler.name())
            && !fresh.contains(handler.name())) {
          fresh.add(handler.name());
        }
      }
    }
    return fresh;
  }

  /**
   * Notifies handlers where the task changed something, recording them on each host first (not in
   * a check run, which writes nothing): a run that stops before they run leaves them to the next.
   */
  private void notifyHandlers(Task task, List<HostState> runOn, List<Outcome> results) {
    Map<HostState, List<String>> fresh = new java.util.LinkedHashMap<>();
    for (int i = 0; i < runOn.size(); i++) {
      if (results.get(i).status() == Status.CHANGED) {
        List<String> names = newlyNotified(task, runOn.get(i));
        if (!names.isEmpty()) {
          fresh.put(runOn.get(i), names);
        }
      }
    }
    if (!run.options().check()) {
      parallel(List.copyOf(fresh.keySet()), h -> doOnHost(h, c -> pending.add(c, fresh.get(h))), error -> null);
    }
    fresh.forEach((h, names) -> h.notified.addAll(names));
  }

  /**
   * Handlers that an earlier run of this play notified on a host but never ran (it stopped first)
   * are notified again, and said so. A host that cannot be asked now is reported by its first task.
   */
  private void recallPendingHandlers(List<HostState> selected) {
    if (play.handlers().isEmpty()) {
      return;
    }
    List<List<String>> found = parallel(selected, h -> onHost(h, pending::read), error -> null);
    Set<String> known = new java.util.HashSet<>();
    play.handlers().forEach(h -> known.add(h.name()));
    for (int i = 0; i < selected.size(); i++) {
      HostState h = selected.get(i);
      List<String> left = found.get(i) == null ? List.of() : found.get(i).stream().filter(known::contains).toList();
      if (!left.isEmpty()) {
        h.notified.addAll(left);
        run.listener().on(new RunEvent.Warning("an earlier run of this play on " + h.name() + " changed something and stopped before "
            + "its handlers ran; they run in this one: " + String.join(", ", left)));
      }
    }
  }

  /** Runs {@code work} over the host's own connection (not become, not a delegate); null when the host cannot be reached. */
  private <T> T onHost(HostState h, java.util.function.Function<runbook.connect.Connection, T> work) {
    try {
      Map<String, Object> vars = Vars.of(h, this, null, Map.of(), Map.of());
      return work.apply(run.connections().forHost(h.name(), Vars.rendered(run.templar(), vars, vars)));
    } catch (runbook.spi.HostException | runbook.template.TemplateError e) {
      return null;
    }
  }

  private Boolean doOnHost(HostState h, java.util.function.Consumer<runbook.connect.Connection> work) {
    return onHost(h, c -> {
      work.accept(c);
      return Boolean.TRUE;
    });
  }

  private void checkFailureLimits(List<HostState> targets) {
    long failed = hosts.stream().filter(h -> h.failed || h.unreachable).count();
    if (failed == 0 || rescuing > 0) {
      return;
    }
    boolean overLimit =
        play.maxFailPercentage() != null && failed * 100.0 / hosts.size() > play.maxFailPercentage();
    if (play.anyErrorsFatal() || overLimit) {
      run.listener().on(new RunEvent.PlayAborted());
      stopped = true;
    }
  }

  /**
   * Runs notified handlers in definition order, each once per host, until none is pending (a
   * handler may notify another). Hosts that failed take part only with --force-handlers.
   */
  private void flushHandlers(List<HostState> batch) {
    boolean force = run.options().forceHandlers() || play.forceHandlers();
    boolean ran = true;
    while (ran) {
      ran = false;
      for (Task handler : play.handlers()) {
        List<HostState> targets =
            batch.stream()
                .filter(h -> h.notified.contains(handler.name()))
                .filter(h -> h.active() || (force && h.failed && !h.unreachable))
                .toList();
        if (targets.isEmpty()) {
          continue;
        }
        targets.forEach(h -> h.notified.remove(handler.name()));
        ran = true;
        runTask(handler, Scope.root(play.become(), play.becomeUser(), List.of(), play.environment()), targets, true, h -> {});
        if (!run.options().check()) {
          List<HostState> done = targets.stream().filter(h -> !h.failed && !h.unreachable).toList();
          parallel(done, h -> doOnHost(h, c -> pending.done(c, handler.name())), error -> null);
        }
      }
    }
  }

  /** Ansible drops these silently; we name them, so that nobody forgets a restart. */
  private void warnLostHandlers(List<HostState> batch) {
    for (HostState h : batch) {
      if (!h.notified.isEmpty()) {
        run.listener().on(new RunEvent.Warning(
            "handlers notified on " + h.name() + " did not run because the host failed: "
                + String.join(", ", h.notified) + (run.options().check() ? " (run them with --force-handlers, or by hand)"
                : "; they stay recorded on the host, and the next run of this play runs them (or use --force-handlers)")));
        h.notified.clear();
      }
    }
  }

  /**
   * meta's actions, each where its conditions hold: on those hosts (end_host, clear_facts), or for
   * the whole play or batch when they hold on any host (end_play, end_batch, clear_host_errors).
   */
  private void meta(Task task, Scope scope, List<HostState> targets) {
    String action = String.valueOf(task.args().get("_raw_params"));
    if (action.equals("flush_handlers")) {
      flushHandlers(hosts);
      return;
    }
    List<Outcome> conditions = parallel(targets, h -> new TaskRun(this, task, scope, h, false).conditionsOnly());
    List<HostState> holding = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      if (conditions.get(i).status() != Status.SKIPPED) {
        holding.add(targets.get(i));
      }
    }
    switch (action) {
      case "end_play" -> {
        if (!holding.isEmpty()) {
          stopped = true;
          hosts.forEach(h -> h.ended = true);
        }
      }
      case "end_batch" -> {
        if (!holding.isEmpty()) {
          hosts.forEach(h -> h.ended = true);
        }
      }
      // as in Ansible 2.14, the hosts that failed stay out of this play, and take part in the next ones
      case "clear_host_errors" -> {
        if (!holding.isEmpty()) {
          hosts.stream().filter(h -> h.failed).forEach(h -> h.errorsCleared = true);
        }
      }
      case "clear_facts" -> holding.forEach(HostState::forgetFacts);
      case "end_host" -> holding.forEach(h -> h.ended = true);
      default -> { } // noop, refresh_inventory (an inventory file does not change during a run)
    }
  }


  /** {@code work} on at most {@code limit} hosts at once (throttle); null: as many as --forks. */
  private static <T> Function<HostState, T> throttled(Integer limit, Function<HostState, T> work) {
    if (limit == null) {
      return work;
    }
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(limit);
    return h -> {
      slots.acquireUninterruptibly();
      try {
        return work.apply(h);
      } finally {
        slots.release();
      }
    };
  }

  private List<Outcome> parallel(List<HostState> targets, Function<HostState, Outcome> work) {
    return parallel(targets, work, Outcome::failed);
  }

  /** {@code work} on every host at once (up to --forks), results in the order of {@code targets}. */
  private <T> List<T> parallel(List<HostState> targets, Function<HostState, T> work, Function<String, T> onError) {
    if (targets.size() == 1) {
      return java.util.Collections.singletonList(work.apply(targets.get(0)));
    }
    List<Future<T>> futures = new ArrayList<>();
    for (HostState h : targets) {
      futures.add(run.pool().submit(() -> work.apply(h)));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        results.add(onError.apply("internal error: " + e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.add(onError.apply("interrupted"));
      }
    }
    return results;
  }
}
