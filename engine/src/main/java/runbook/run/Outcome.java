package runbook.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.FileDiff;
import runbook.spi.Plan;

/**
 * A task's outcome on one host (or one loop item): the one type, made only through the named
 * factories below, which hold every rule that decides a status (from a plan, from loop items, from
 * changed_when and failed_when, from ignore_errors) and what register stores.
 */
public final class Outcome {
  /** What a check run could say about a change: told apart as values, never by a message's words. */
  public enum Foresight {
    /** Not a prediction: a real run, or a result that needs none (skipped by a condition, failed). */
    NONE,
    /** The apply will make exactly this change. */
    KNOWN,
    /** It will change, resting on an earlier change that the check run only simulated. */
    DEPENDS,
    /** Only running can tell: the check run skipped it and says why. */
    UNKNOWN
  }

  private final Status status;
  private final Foresight foresight;
  private final String message;
  private final Map<String, Object> data;
  private final List<FileDiff> diffs;
  private final List<Outcome> items;
  private final String label;
  private final boolean ignored;

  private Outcome(
      Status status, Foresight foresight, String message, Map<String, Object> data, List<FileDiff> diffs, List<Outcome> items,
      String label, boolean ignored) {
    this.status = status;
    this.foresight = foresight;
    this.message = message;
    this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    this.diffs = List.copyOf(diffs);
    this.items = List.copyOf(items);
    this.label = label;
    this.ignored = ignored;
  }

  private static Outcome of(Status status, String message, Map<String, Object> data, List<FileDiff> diffs) {
    return new Outcome(status, Foresight.NONE, message, data, diffs, List.of(), null, false);
  }

  static Outcome ok(String reason, Map<String, Object> data) {
    return of(Status.OK, reason, data, List.of());
  }

  /** Conditions held, nothing else to say (meta's end_host). */
  static Outcome ok() {
    return ok(null, Map.of());
  }

  static Outcome changed(String summary, Map<String, Object> data, List<FileDiff> diffs) {
    return of(Status.CHANGED, summary, data, diffs);
  }

  static Outcome skipped(String reason) {
    return of(Status.SKIPPED, reason, Map.of(), List.of());
  }

  static Outcome failed(String message) {
    return failed(message, Map.of(), List.of());
  }

  static Outcome failed(String message, Map<String, Object> data, List<FileDiff> diffs) {
    return of(Status.FAILED, message, data, diffs);
  }

  static Outcome unreachable(String message) {
    return of(Status.UNREACHABLE, message, Map.of(), List.of());
  }

  /** A handler notified in a check run: it would run, but what it does is not planned. */
  static Outcome handlerWouldRun() {
    return new Outcome(Status.CHANGED, Foresight.UNKNOWN, "check mode: the handler would run", Map.of(), List.of(), List.of(), null, false);
  }

  /** A plan that is its own outcome: no change, a failure, or in a check run a change predicted. */
  static Outcome planned(Plan plan) {
    if (plan instanceof Plan.Unchanged u) {
      return ok(u.reason(), u.data());
    }
    if (plan instanceof Plan.Failed f) {
      return failed(f.message(), f.data(), List.of());
    }
    Plan.Change c = (Plan.Change) plan;
    return switch (c.foresight()) {
      case KNOWN -> new Outcome(Status.CHANGED, Foresight.KNOWN, c.summary(), c.data(), c.diffs(), List.of(), null, false);
      case DEPENDS -> new Outcome(Status.CHANGED, Foresight.DEPENDS, c.summary() + " (depends on " + c.dependsOn() + ")", c.data(),
          c.diffs(), List.of(), null, false);
      case UNKNOWN -> new Outcome(Status.SKIPPED, Foresight.UNKNOWN,
          "check mode: " + c.summary() + " would run, and what it changes cannot be known without running it", c.data(), List.of(),
          List.of(), null, false);
    };
  }

  /** A check run's failure that only a real run can confirm or refute, with why; the failure's data stay registered. */
  Outcome unpredictable(String why) {
    return new Outcome(Status.SKIPPED, Foresight.UNKNOWN, "check mode: cannot be predicted: " + why, data, List.of(), List.of(), label, false);
  }

  /** A looped task: changed if any item changed, failed if any failed, skipped if all were. */
  static Outcome ofItems(List<Outcome> items) {
    boolean failed = items.stream().anyMatch(r -> r.status == Status.FAILED && !r.ignored);
    boolean changed = items.stream().anyMatch(r -> r.status == Status.CHANGED);
    boolean allSkipped = items.stream().allMatch(r -> r.status == Status.SKIPPED);
    Status status = failed ? Status.FAILED : changed ? Status.CHANGED : allSkipped ? Status.SKIPPED : Status.OK;
    String message = failed ? "One or more items failed" : allSkipped ? "All items skipped" : null;
    Foresight foresight = items.stream().map(r -> r.foresight).reduce(Foresight.NONE, Outcome::weaker);
    return new Outcome(status, foresight, message, Map.of(), List.of(), items, null, false);
  }

  /** The less certain of two: a loop is as certain as its least certain item. */
  private static Foresight weaker(Foresight a, Foresight b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /**
   * changed_when and failed_when applied (as Ansible orders them: changed first, failed seeing it).
   *
   * @param changed the changed_when verdict, or null without one
   * @param failed the failed_when verdict, or null without one
   * @param why the failed_when conditions, for the message
   */
  Outcome judged(Boolean changed, Boolean failed, String why) {
    if (status == Status.SKIPPED || (changed == null && failed == null)) {
      return this;
    }
    boolean isChanged = changed != null ? changed : Boolean.TRUE.equals(registered().get("changed"));
    boolean isFailed = failed != null ? failed : status == Status.FAILED;
    // Ansible registers the failed_when verdict as failed_when_result (changed_when's has no key of its own).
    Map<String, Object> data = new LinkedHashMap<>(this.data);
    if (failed != null) {
      data.put("failed_when_result", failed);
    }
    if (isFailed) {
      String message = failed == null ? this.message : "failed_when matched: " + why;
      return new Outcome(Status.FAILED, Foresight.NONE, message, data, diffs, items, label, ignored);
    }
    String message = status == Status.FAILED ? null : this.message;
    return new Outcome(isChanged ? Status.CHANGED : Status.OK, foresight, message, data, diffs, items, label, ignored);
  }

  /**
   * The result that registers its file changes as Ansible's {@code diff}: one entry per file, its
   * text before and after under the file's path (Ansible's shape varies by module; this is its copy's).
   */
  Outcome withDiffsRegistered() {
    if (diffs.isEmpty()) {
      return this;
    }
    List<Object> entries = new ArrayList<>();
    for (FileDiff d : diffs) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("before", d.before());
      entry.put("after", d.after());
      entry.put("before_header", d.path());
      entry.put("after_header", d.path());
      entries.add(Collections.unmodifiableMap(entry));
    }
    Map<String, Object> withDiff = new LinkedHashMap<>(data);
    withDiff.put("diff", List.copyOf(entries));
    return new Outcome(status, foresight, message, withDiff, diffs, items, label, ignored);
  }

  /** One loop item's result, carrying the item (and its loop variables, see LoopVars) as Ansible registers it. */
  Outcome forItem(Map<String, Object> loopVars, String itemLabel) {
    Map<String, Object> withItem = new LinkedHashMap<>(data);
    withItem.putAll(loopVars);
    return new Outcome(status, foresight, message, withItem, diffs, items, itemLabel, ignored);
  }

  /** The last result of an until loop, with its attempts; failed when the conditions never held, as in Ansible. */
  Outcome afterAttempts(int attempts, boolean met) {
    Map<String, Object> withAttempts = new LinkedHashMap<>(data);
    withAttempts.put("attempts", attempts);
    if (met) {
      return new Outcome(status, foresight, message, withAttempts, diffs, items, label, ignored);
    }
    String why = failed() && message != null ? message : "the until condition did not hold after " + attempts + " attempts";
    return new Outcome(Status.FAILED, Foresight.NONE, why, withAttempts, diffs, items, label, ignored);
  }

  /** Failed, but ignore_errors lets the host go on; a result that did not fail is left as it is. */
  Outcome ignoringErrors() {
    return failed() ? new Outcome(status, foresight, message, data, diffs, items, label, true) : this;
  }

  public Status status() {
    return status;
  }

  public Foresight foresight() {
    return foresight;
  }

  /** Why it was skipped or failed, or what changed, or the module's reason for no change; may be null. */
  public String message() {
    return message;
  }

  /** The module's return values (and rc/stdout/stderr of commands). */
  public Map<String, Object> data() {
    return data;
  }

  public List<FileDiff> diffs() {
    return diffs;
  }

  /** One result per loop item, empty when the task has no loop. */
  public List<Outcome> items() {
    return items;
  }

  /** The loop item's label when this is an item result, else null. */
  public String label() {
    return label;
  }

  public boolean ignored() {
    return ignored;
  }

  public boolean failed() {
    return status == Status.FAILED;
  }

  /** A check run skipped it because only running can tell what it does. */
  public boolean unpredictable() {
    return status == Status.SKIPPED && foresight == Foresight.UNKNOWN;
  }

  /** The value {@code register:} stores, in Ansible's shape. */
  Map<String, Object> registered() {
    Map<String, Object> out = new LinkedHashMap<>(data);
    out.put("changed", status == Status.CHANGED || (failed() && Boolean.TRUE.equals(data.get("changed"))));
    out.put("failed", failed());
    if (status == Status.SKIPPED) {
      out.put("skipped", true);
      out.put("skip_reason", message);
    }
    if (message != null && !out.containsKey("msg")) {
      out.put("msg", message);
    }
    if (!items.isEmpty()) {
      List<Object> results = new ArrayList<>();
      items.forEach(item -> results.add(item.registered()));
      out.put("results", results);
    }
    return out;
  }
}
