package runbook.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import runbook.model.FactNames;

/**
 * A task's variables that gather the host's facts the first time a template reads one: a play that
 * never uses a fact never pays for gathering. Which names are facts is {@link FactNames}'s; a
 * variable the inventory or the run defines is theirs, never gathered.
 */
final class FactVars extends LinkedHashMap<String, Object> {
  private final transient Supplier<Map<String, Object>> gather;

  /** {@code gather} gathers (once; it caches) and returns the facts as variables, ansible_facts included. */
  FactVars(Map<String, Object> vars, Supplier<Map<String, Object>> gather) {
    super(vars);
    this.gather = gather;
  }

  @Override
  public Object get(Object key) {
    if (super.containsKey(key) || !(key instanceof String name) || !FactNames.isFact(name)) {
      return super.get(key);
    }
    return gather.get().get(name);
  }

  @Override
  public boolean containsKey(Object key) {
    if (super.containsKey(key) || !(key instanceof String name) || !FactNames.isFact(name)) {
      return super.containsKey(key);
    }
    return gather.get().containsKey(name);
  }

  @Override
  public Object getOrDefault(Object key, Object fallback) {
    return containsKey(key) ? get(key) : fallback;
  }

  /** A copy that still gathers on use, with {@code more} on top. */
  FactVars with(Map<String, Object> more) {
    FactVars copy = new FactVars(this, gather);
    copy.putAll(more);
    return copy;
  }
}
