package runbook.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.FileDiff;

/**
 * A task's outcome on one host (or one loop item).
 *
 * @param message why it was skipped or failed, or the module's reason for no change; may be null
 * @param data the module's return values (and rc/stdout/stderr of commands)
 * @param items one result per loop item, empty when the task has no loop
 * @param label the loop item's label when this is an item result, else null
 * @param ignored failed, but ignore_errors let the host go on
 */
record HostResult(
    Status status,
    String message,
    Map<String, Object> data,
    List<FileDiff> diffs,
    List<HostResult> items,
    String label,
    boolean ignored) {

  private static final String UNPREDICTABLE = "check mode: ";

  HostResult {
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    diffs = List.copyOf(diffs);
    items = List.copyOf(items);
  }

  static HostResult of(Status status, String message, Map<String, Object> data, List<FileDiff> diffs) {
    return new HostResult(status, message, data, diffs, List.of(), null, false);
  }

  static HostResult skipped(String reason) {
    return of(Status.SKIPPED, reason, Map.of(), List.of());
  }

  /** Check mode skipped a step whose effect only running it can tell; the console always says why. */
  static HostResult unpredictable(String summary, Map<String, Object> data) {
    return of(Status.SKIPPED, UNPREDICTABLE + summary + " would run, and what it changes cannot be known without running it", data, List.of());
  }

  boolean unpredictable() {
    return status == Status.SKIPPED && message != null && message.startsWith(UNPREDICTABLE);
  }

  static HostResult failed(String message) {
    return of(Status.FAILED, message, Map.of(), List.of());
  }

  static HostResult unreachable(String message) {
    return of(Status.UNREACHABLE, message, Map.of(), List.of());
  }

  /** A looped task: changed if any item changed, failed if any failed, skipped if all were. */
  static HostResult ofItems(List<HostResult> items) {
    boolean failed = items.stream().anyMatch(r -> r.status() == Status.FAILED && !r.ignored());
    boolean changed = items.stream().anyMatch(r -> r.status() == Status.CHANGED);
    boolean allSkipped = items.stream().allMatch(r -> r.status() == Status.SKIPPED);
    Status status = failed ? Status.FAILED : changed ? Status.CHANGED : allSkipped ? Status.SKIPPED : Status.OK;
    String message = failed ? "One or more items failed" : allSkipped ? "All items skipped" : null;
    return new HostResult(status, message, Map.of(), List.of(), items, null, false);
  }

  HostResult withStatus(Status newStatus, String newMessage) {
    return new HostResult(newStatus, newMessage, data, diffs, items, label, ignored);
  }

  /** One loop item's result, carrying the item as Ansible registers it. */
  HostResult forItem(String loopVar, Object item, String itemLabel) {
    Map<String, Object> withItem = new LinkedHashMap<>(data);
    withItem.put(loopVar, item);
    withItem.put("ansible_loop_var", loopVar);
    return new HostResult(status, message, withItem, diffs, items, itemLabel, ignored);
  }

  HostResult asIgnored() {
    return new HostResult(status, message, data, diffs, items, label, true);
  }

  boolean failed() {
    return status == Status.FAILED;
  }

  /** The value {@code register:} stores, in Ansible's shape. */
  Map<String, Object> registered() {
    Map<String, Object> out = new LinkedHashMap<>(data);
    out.put("changed", status == Status.CHANGED || (failed() && Boolean.TRUE.equals(data.get("changed"))));
    out.put("failed", status == Status.FAILED);
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
