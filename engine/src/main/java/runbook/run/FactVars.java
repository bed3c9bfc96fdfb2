package runbook.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A task's variables that gather the host's facts the first time a template reads one: a play that
 * never uses a fact never pays for gathering. Facts are {@code ansible_facts} and every
 * {@code ansible_} name the inventory and the run do not define themselves; the engine's own
 * connection and become variables are looked up without gathering.
 */
final class FactVars extends LinkedHashMap<String, Object> {
  /** The ansible_ variables the engine reads itself: asking for them is never a reason to gather. */
  private static final Set<String> ENGINE_OWN = Set.of(
      "ansible_host", "ansible_port", "ansible_user", "ansible_connection", "ansible_password", "ansible_ssh_pass",
      "ansible_ssh_private_key_file", "ansible_private_key_file", "ansible_ssh_common_args", "ansible_ssh_extra_args",
      "ansible_become", "ansible_become_user", "ansible_become_password", "ansible_become_pass", "ansible_become_method",
      "ansible_host_key_checking", "ansible_ssh_host_key_checking", "ansible_python_interpreter", "ansible_loop_var");

  private final transient Supplier<Map<String, Object>> gather;

  /** {@code gather} gathers (once; it caches) and returns the facts as variables, ansible_facts included. */
  FactVars(Map<String, Object> vars, Supplier<Map<String, Object>> gather) {
    super(vars);
    this.gather = gather;
  }

  static boolean isFactName(String name) {
    return name.equals("ansible_facts") || (name.startsWith("ansible_") && !ENGINE_OWN.contains(name));
  }

  @Override
  public Object get(Object key) {
    if (super.containsKey(key) || !(key instanceof String name) || !isFactName(name)) {
      return super.get(key);
    }
    return gather.get().get(name);
  }

  @Override
  public boolean containsKey(Object key) {
    if (super.containsKey(key) || !(key instanceof String name) || !isFactName(name)) {
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
