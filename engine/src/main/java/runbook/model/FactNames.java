package runbook.model;

import java.util.Set;

/**
 * Which variable names are facts: {@code ansible_facts}, and every {@code ansible_} name but the
 * connection and become variables the engine reads itself. A play that gathers facts defines them
 * all (gathered when first read); in a play with {@code gather_facts: false} they are undefined.
 */
public final class FactNames {
  private static final Set<String> ENGINE_OWN = Set.of(
      "ansible_host", "ansible_port", "ansible_user", "ansible_connection", "ansible_password", "ansible_ssh_pass",
      "ansible_ssh_private_key_file", "ansible_private_key_file", "ansible_ssh_common_args", "ansible_ssh_extra_args",
      "ansible_become", "ansible_become_user", "ansible_become_password", "ansible_become_pass", "ansible_become_method",
      "ansible_host_key_checking", "ansible_ssh_host_key_checking", "ansible_python_interpreter", "ansible_loop_var",
      "ansible_check_mode", "ansible_diff_mode", "ansible_play_hosts", "ansible_role_name", "ansible_loop",
      "ansible_index_var", "ansible_play_batch", "ansible_play_hosts_all", "ansible_run_tags", "ansible_skip_tags", "ansible_version");

  private FactNames() {}

  public static boolean isFact(String name) {
    return name.equals("ansible_facts") || (name.startsWith("ansible_") && !ENGINE_OWN.contains(name));
  }
}
