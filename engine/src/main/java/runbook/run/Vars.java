package runbook.run;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import runbook.model.Inventory;
import runbook.model.Role;
import runbook.template.Templar;

/**
 * The variables a task sees on one host, lowest precedence first (README, "Variables"): role
 * defaults -> inventory (all, parent groups, child groups, host: merged by the loader) -> play vars
 * and vars_files -> vars_prompt -> role vars -> block and task vars, loop variable -> registered and
 * set_fact (include_vars under them) -> role parameters -> extra vars. The play's public roles come before the task's own
 * role (and the roles that pulled it in, outer first). Magic variables come last; they describe the
 * run and cannot be overridden.
 */
final class Vars {
  /** The Ansible whose playbook language runbook speaks, for playbooks that test ansible_version. */
  private static final Map<String, Object> ANSIBLE_VERSION =
      Map.of("full", "2.14.0", "major", 2, "minor", 14, "revision", 0, "string", "2.14.0");

  /**
   * The value of {@code omit}: an argument or a keyword that renders to it is left out, as if not
   * written ({@code mode: "{{ m | default(omit) }}"}). Ansible's token, with a random part per run.
   */
  static final String OMIT = "__omit_place_holder__" + java.util.HexFormat.of().formatHex(
      java.nio.ByteBuffer.allocate(Long.BYTES * 2).putLong(new java.security.SecureRandom().nextLong())
          .putLong(System.nanoTime()).array());

  private Vars() {}

  /**
   * {@code value} with omitted values left out, as Ansible's remove_omit does: keys of a mapping
   * whose value is omitted, in mappings nested in mappings and lists (a list's own omitted items stay).
   */
  static Object withoutOmitted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> kept = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (!OMIT.equals(v)) {
          kept.put(k, withoutOmitted(v));
        }
      });
      return java.util.Collections.unmodifiableMap(kept);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> item instanceof Map ? withoutOmitted(item) : item).toList();
    }
    return value;
  }

  /** @param role the task's role, or null */
  static Map<String, Object> of(
      HostState host, PlayRun play, Role role, Map<String, Object> scopeVars, Map<String, Object> loopVars) {
    Run run = play.run();
    List<Role> chain = role == null ? List.of() : role.chain();
    List<Role> playWide = new ArrayList<>(play.roles());
    playWide.addAll(host.exposedRoles);
    Map<String, Object> vars = new LinkedHashMap<>();
    playWide.forEach(r -> vars.putAll(r.defaults()));
    chain.forEach(r -> vars.putAll(r.defaults()));
    vars.putAll(host.host.vars());
    vars.putAll(play.vars());
    vars.putAll(play.prompted());
    playWide.forEach(r -> vars.putAll(r.vars()));
    chain.forEach(r -> vars.putAll(r.vars()));
    vars.putAll(scopeVars);
    vars.putAll(host.includeLoopVars);
    vars.putAll(loopVars);
    synchronized (host.includedVars) {
      vars.putAll(host.includedVars);
    }
    synchronized (host.facts) {
      vars.putAll(host.facts);
    }
    chain.forEach(r -> vars.putAll(r.params()));
    vars.putAll(run.extraVars());
    vars.put("inventory_hostname", host.name());
    vars.put("inventory_hostname_short", host.name().split("\\.", 2)[0]);
    runbook.model.Host now = run.inventory().host(host.name());
    vars.put("group_names", (now != null ? now : host.host).groups());
    vars.put("groups", run.inventory().groups());
    vars.put("hostvars", new HostVars(run));
    vars.put("ansible_check_mode", run.options().check());
    vars.put("ansible_diff_mode", run.options().diff());
    vars.put("playbook_dir", play.playbookDir().toString());
    vars.put("ansible_play_hosts", play.hostNames());
    vars.put("ansible_play_batch", play.hostNames());
    vars.put("ansible_play_hosts_all", play.allHostNames());
    // sorted: the options keep the tags as a set
    vars.put("ansible_run_tags", run.options().tags().isEmpty() ? List.of("all") : run.options().tags().stream().sorted().toList());
    vars.put("ansible_skip_tags", run.options().skipTags().stream().sorted().toList());
    vars.put("ansible_version", ANSIBLE_VERSION);
    vars.put("omit", OMIT);
    if (role != null) {
      vars.put("role_path", role.path().toString());
      vars.put("ansible_role_name", role.name());
      vars.put("role_name", role.name());
    }
    return vars;
  }

  /** The variables a connection needs for a host that is not the task's own (delegate_to). */
  static Map<String, Object> connectionVars(Inventory inventory, Run run, String hostName) {
    var host = inventory.host(hostName);
    if (host != null) {
      return host.vars();
    }
    HostState state = run.state(hostName);
    return state != null ? state.host.vars() : Map.of();
  }

  /** A connection's own variables, rendered (ansible_host may be "{{ ip }}"), with {@code vars} in scope. */
  static Map<String, Object> rendered(Templar templar, Map<String, Object> connectionVars, Map<String, Object> vars) {
    Map<String, Object> out = new LinkedHashMap<>();
    connectionVars.forEach((k, v) -> {
      if (k.startsWith("ansible_")) {
        out.put(k, templar.render(v, vars));
      }
    });
    return out;
  }

  /** hostvars: every host's inventory variables and facts, read when asked for. */
  private static final class HostVars extends AbstractMap<String, Object> {
    private final Run run;

    HostVars(Run run) {
      this.run = run;
    }

    @Override
    public Object get(Object key) {
      HostState state = run.state(String.valueOf(key));
      if (state == null) {
        return null;
      }
      Map<String, Object> vars = new LinkedHashMap<>(state.host.vars());
      synchronized (state.includedVars) {
        vars.putAll(state.includedVars);
      }
      synchronized (state.facts) {
        vars.putAll(state.facts);
      }
      vars.put("inventory_hostname", state.name());
      return vars;
    }

    @Override
    public boolean containsKey(Object key) {
      return run.state(String.valueOf(key)) != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      List<Entry<String, Object>> entries = new ArrayList<>();
      for (String name : run.hostNames()) {
        entries.add(new SimpleImmutableEntry<>(name, get(name)));
      }
      return entries.stream().collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
  }
}
