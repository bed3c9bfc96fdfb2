package runbook.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's decision, one of three answers: nothing to do, because ...; a change; or it failed.
 * A change says how well it is known before it is made ({@link Foresight}), so that check mode can
 * say "will change", "depends on an earlier simulated change" or "cannot be predicted" and never
 * guess. Build with the factories.
 */
public sealed interface Plan {
  /** Values registered with the result (Ansible's return values: path, mode, stat, msg, ...). */
  Map<String, Object> data();

  /** How much a check run knows about a change before it is made. */
  enum Foresight {
    /** Planned from what the host is now: the apply makes exactly this change. */
    KNOWN,
    /**
     * Planned over an earlier change that a check run only simulated (a service whose package an
     * earlier task would install): it will change, but the details rest on that earlier change.
     */
    DEPENDS,
    /** Only running can tell what happens (command, shell without creates/removes). */
    UNKNOWN
  }

  /** Nothing to do, because {@code reason}. */
  record Unchanged(String reason, Map<String, Object> data) implements Plan {
    public Unchanged {
      data = values(data);
    }
  }

  /**
   * Something to do.
   *
   * @param dependsOn with {@link Foresight#DEPENDS}: the earlier simulated change, in words
   *     ("the install of apache2"); else null
   * @param touches what the change affects beyond files, as topics ("package:apache2",
   *     "service:apache2"): a check run remembers them, so that later tasks can ask
   *     {@link HostView#pending} whether an earlier simulated change bears on what they see
   */
  record Change(
      String summary, List<Action> actions, List<FileDiff> diffs, Map<String, Object> data, Foresight foresight,
      String dependsOn, List<String> touches)
      implements Plan {
    public Change {
      actions = List.copyOf(actions);
      diffs = List.copyOf(diffs);
      data = values(data);
      touches = List.copyOf(touches);
      if ((foresight == Foresight.DEPENDS) != (dependsOn != null)) {
        throw new IllegalArgumentException("a change depends on an earlier one exactly when it names it");
      }
    }

    /** A change known in advance, or (predictable false) one only running can tell. */
    public Change(String summary, List<Action> actions, List<FileDiff> diffs, Map<String, Object> data, boolean predictable) {
      this(summary, actions, diffs, data, predictable ? Foresight.KNOWN : Foresight.UNKNOWN, null, List.of());
    }

    public boolean predictable() {
      return foresight != Foresight.UNKNOWN;
    }

    public Change withData(Map<String, Object> more) {
      var merged = new LinkedHashMap<>(data);
      merged.putAll(more);
      return new Change(summary, actions, diffs, merged, foresight, dependsOn, touches);
    }

    /** The same change, also affecting these topics. */
    public Change touching(String... topics) {
      List<String> all = new ArrayList<>(touches);
      all.addAll(List.of(topics));
      return new Change(summary, actions, diffs, data, foresight, dependsOn, all);
    }

    /** The same change, resting on an earlier simulated one ({@code earlier}, in words). */
    public Change dependingOn(String earlier) {
      return new Change(summary, actions, diffs, data, Foresight.DEPENDS, earlier, touches);
    }
  }

  record Failed(String message, Map<String, Object> data) implements Plan {
    public Failed {
      data = values(data);
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

  /** A result's values as given, in their order; a value may be None (null), as Ansible registers it. */
  private static Map<String, Object> values(Map<String, Object> data) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
  }
}
