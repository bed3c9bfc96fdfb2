package runbook.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbook.model.Keywords;

/**
 * The keywords in force at one step: the play's, then each enclosing block's, then the task's own.
 * Conditions add up (all must hold), tags add up, vars and single settings of inner levels win;
 * environments add up, outer to inner, and are rendered and merged when a task runs.
 */
record Scope(
    List<String> when,
    Set<String> tags,
    Map<String, Object> vars,
    Boolean become,
    String becomeUser,
    Boolean checkMode,
    Boolean diff,
    boolean ignoreErrors,
    String delegateTo,
    boolean runOnce,
    boolean noLog,
    List<Object> environments,
    Integer throttle,
    Map<String, String> templated) {

  /** The play's keywords; {@code environment} may be null. */
  static Scope root(Boolean become, String becomeUser, List<String> tags, Object environment) {
    return new Scope(List.of(), new LinkedHashSet<>(tags), Map.of(), become, becomeUser, null, null, false, null, false, false,
        environment == null ? List.of() : List.of(environment), null, Map.of());
  }

  Scope with(Keywords k) {
    List<String> allWhen = new ArrayList<>(when);
    allWhen.addAll(k.when());
    Set<String> allTags = new LinkedHashSet<>(tags);
    allTags.addAll(k.tags());
    Map<String, Object> allVars = new LinkedHashMap<>(vars);
    allVars.putAll(k.vars());
    List<Object> allEnvironments = new ArrayList<>(environments);
    if (k.environment() != null) {
      allEnvironments.add(k.environment());
    }
    // an inner level's keyword, literal or templated, wins over an outer template of it
    Map<String, String> allTemplated = new LinkedHashMap<>(templated);
    allTemplated.keySet().removeIf(name -> k.templated().containsKey(name) || literal(k, name) != null);
    allTemplated.putAll(k.templated());
    return new Scope(
        allWhen,
        allTags,
        allVars,
        k.become() != null ? k.become() : become,
        k.becomeUser() != null ? k.becomeUser() : becomeUser,
        k.checkMode() != null ? k.checkMode() : checkMode,
        k.diff() != null ? k.diff() : diff,
        k.ignoreErrors() != null ? k.ignoreErrors() : ignoreErrors,
        k.delegateTo() != null ? k.delegateTo() : delegateTo,
        k.runOnce() != null ? k.runOnce() : runOnce,
        k.noLog() != null ? k.noLog() : noLog,
        List.copyOf(allEnvironments),
        k.throttle() != null ? k.throttle() : throttle,
        Map.copyOf(allTemplated));
  }

  private static Boolean literal(Keywords k, String name) {
    return switch (name) {
      case "become" -> k.become();
      case "check_mode" -> k.checkMode();
      case "diff" -> k.diff();
      case "ignore_errors" -> k.ignoreErrors();
      case "run_once" -> k.runOnce();
      default -> k.noLog();
    };
  }

  /**
   * The keywords with their templates rendered, read as a boolean argument is read (see
   * {@link ArgBinder#bool}), with the variables of one host.
   */
  Scope rendered(runbook.template.Templar templar, Map<String, Object> hostVars) {
    if (templated.isEmpty()) {
      return this;
    }
    Map<String, Boolean> values = new LinkedHashMap<>();
    templated.forEach((name, template) -> {
      Object value = templar.render(template, hostVars);
      values.put(name, ArgBinder.bool(value).orElseThrow(
          () -> new runbook.template.TemplateError("'" + name + "' must be true or false, not '" + value + "' (from " + template + ")")));
    });
    return new Scope(when, tags, vars(), values.getOrDefault("become", become), becomeUser, values.getOrDefault("check_mode", checkMode),
        values.getOrDefault("diff", diff), values.getOrDefault("ignore_errors", ignoreErrors), delegateTo,
        values.getOrDefault("run_once", runOnce), values.getOrDefault("no_log", noLog), environments, throttle, Map.of());
  }


  /** Whether the step shows its file changes: its diff keyword, else the run's --diff. */
  boolean showsDiff(RunOptions options) {
    return diff != null ? diff : options.diff();
  }

  /** Ansible's tag rules: "always" runs unless skipped by name, "never" only when asked for. */
  boolean selected(RunOptions options) {
    if (tags.stream().anyMatch(options.skipTags()::contains)) {
      return false;
    }
    if (options.tags().isEmpty() || options.tags().contains("all")) {
      return !tags.contains("never") || options.tags().contains("never");
    }
    if (tags.contains("always")) {
      return true;
    }
    if (options.tags().contains("tagged") && !tags.isEmpty()) {
      return true;
    }
    if (options.tags().contains("untagged") && tags.isEmpty()) {
      return true;
    }
    return tags.stream().anyMatch(options.tags()::contains);
  }
}
