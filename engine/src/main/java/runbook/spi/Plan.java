package runbook.spi;

import java.util.List;
import java.util.Map;

/**
 * A module's decision. Unchanged carries the reason; Change carries what the engine will do, the
 * diffs to show and whether the outcome is knowable before doing it. Build with the factories.
 */
public sealed interface Plan {
  /** Values registered with the result (Ansible's return values: path, mode, stat, msg, ...). */
  Map<String, Object> data();

  /** Nothing to do, because {@code reason}. */
  record Unchanged(String reason, Map<String, Object> data) implements Plan {
    public Unchanged {
      data = Map.copyOf(data);
    }
  }

  /**
   * Something to do.
   *
   * @param predictable false when only running the actions can tell what happens (command, shell
   *     without creates/removes); check mode then skips the task and says so
   */
  record Change(String summary, List<Action> actions, List<FileDiff> diffs, Map<String, Object> data, boolean predictable)
      implements Plan {
    public Change {
      actions = List.copyOf(actions);
      diffs = List.copyOf(diffs);
      data = Map.copyOf(data);
    }

    public Change withData(Map<String, Object> more) {
      var merged = new java.util.LinkedHashMap<>(data);
      merged.putAll(more);
      return new Change(summary, actions, diffs, merged, predictable);
    }
  }

  record Failed(String message, Map<String, Object> data) implements Plan {
    public Failed {
      data = Map.copyOf(data);
    }
  }

  static Plan unchanged(String reason) {
    return new Unchanged(reason, Map.of());
  }

  static Plan unchanged(String reason, Map<String, Object> data) {
    return new Unchanged(reason, data);
  }

  static Change change(String summary, List<Action> actions, List<FileDiff> diffs) {
    return new Change(summary, actions, diffs, Map.of(), true);
  }

  /** A change whose effect only running it can tell. */
  static Change unpredictable(String summary, List<Action> actions) {
    return new Change(summary, actions, List.of(), Map.of(), false);
  }

  static Plan failed(String message) {
    return new Failed(message, Map.of());
  }

  static Plan failed(String message, Map<String, Object> data) {
    return new Failed(message, data);
  }
}
