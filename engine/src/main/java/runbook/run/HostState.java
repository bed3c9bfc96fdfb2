package runbook.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import runbook.model.Host;
import runbook.model.Role;

/**
 * One host through the whole run: its facts (register, set_fact), the handlers notified on it, its
 * counters and whether it is still in play. A host's tasks run one at a time; other hosts' threads
 * only read its facts (hostvars), hence the synchronized map.
 */
final class HostState {
  final Host host;
  final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());
  /** The loop variables of the looped includes the host is in (a host's tasks run one at a time). */
  Map<String, Object> includeLoopVars = Map.of();
  /** What include_vars read: under facts, as Ansible puts include_vars under set_fact. */
  final Map<String, Object> includedVars = Collections.synchronizedMap(new LinkedHashMap<>());
  final Set<String> notified = new LinkedHashSet<>();
  final Counters counters = new Counters();
  /** In a check run: the step run for real that failed on simulated changes, after which no failure here can be predicted. */
  String unpredictableSince;
  /** Roles included with public: true that have run here: their variables are the play's now. */
  final Set<Role> exposedRoles = new LinkedHashSet<>();
  /** ansible_failed_task and ansible_failed_result of the host's last failure, for a rescue to see. */
  Map<String, Object> lastFailure = Map.of();
  /** Failed in the current play (a rescue may clear it). */
  boolean failed;
  boolean unreachable;
  /** meta: clear_host_errors: a host that failed takes part in the next plays. */
  boolean errorsCleared;
  /** meta: end_host, or end_play for everyone: out of the play but not failed. */
  boolean ended;
  /** The steps whose questions were last asked ahead for this host, until the run changes it (see Lookahead). */
  volatile Object lookedAhead;
  /** Whether the host's last task changed it: then the next ones are likely to change it too (a first run). */
  volatile boolean changedLast;
  /** The gathered facts without their ansible_ prefix, or null until gathered. */
  private Map<String, Object> gathered;

  HostState(Host host) {
    this.host = host;
  }

  String name() {
    return host.name();
  }

  synchronized Map<String, Object> gathered() {
    return gathered;
  }

  /**
   * Learns gathered facts, named as the gathering module returns them ({@code ansible_distribution}):
   * each becomes a variable under that name, and all of them {@code ansible_facts} without the prefix.
   */
  synchronized void learn(Map<?, ?> facts) {
    Map<String, Object> plain = new LinkedHashMap<>(gathered == null ? Map.of() : gathered);
    facts.forEach((k, v) -> {
      String name = String.valueOf(k);
      this.facts.put(name, v);
      plain.put(name.startsWith("ansible_") ? name.substring("ansible_".length()) : name, v);
    });
    gathered = Collections.unmodifiableMap(plain);
    this.facts.put("ansible_facts", gathered);
  }

  /** meta: clear_facts: the gathered facts go (set_fact and registered values stay), to be gathered again when next used. */
  synchronized void forgetFacts() {
    if (gathered != null) {
      gathered.keySet().forEach(name -> facts.remove("ansible_" + name));
      facts.remove("ansible_facts");
      gathered = null;
    }
  }

  /** Still takes tasks in the current play. */
  boolean active() {
    return !failed && !unreachable && !ended;
  }

  /** Per-host recap counters, as ansible-playbook counts them: once per task, handlers included. */
  static final class Counters {
    int ok;
    int changed;
    int unreachable;
    int failed;
    int skipped;
    int rescued;
    int ignored;

    void count(Outcome result) {
      switch (result.status()) {
        case OK -> ok++;
        case CHANGED -> {
          ok++;
          changed++;
        }
        case SKIPPED -> skipped++;
        case UNREACHABLE -> unreachable++;
        case FAILED -> {
          if (result.ignored()) {
            ok++;
            ignored++;
            // as Ansible counts a command that ran and failed: it may have changed something
            if (Boolean.TRUE.equals(result.data().get("changed"))) {
              changed++;
            }
          } else {
            failed++;
          }
        }
      }
    }
  }
}
