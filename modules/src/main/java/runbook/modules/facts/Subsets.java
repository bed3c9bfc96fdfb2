package runbook.modules.facts;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ansible's gather_subset, read as Ansible 2.14 reads it: {@code min} is always in unless
 * {@code !min}; {@code all} adds every collector, {@code !all} takes away all but the minimal
 * ones; {@code !name} takes a collector (and its facts' names) away unless it is also named; a fact's own name
 * ({@code mounts}, {@code default_ipv4}) stands for the collector that gathers it. Every name Ansible
 * accepts is accepted; those whose facts runbook does not gather ({@code virtual}, {@code dns},
 * {@code selinux}, ...) add nothing.
 */
final class Subsets {
  /** The names Ansible accepts besides all and min. */
  private static final Set<String> VALID = Set.of(
      "all_ipv4_addresses", "all_ipv6_addresses", "apparmor", "architecture", "caps", "chroot", "cmdline", "date_time",
      "default_ipv4", "default_ipv6", "devices", "distribution", "distribution_major_version", "distribution_release",
      "distribution_version", "dns", "effective_group_ids", "effective_user_id", "env", "facter", "fibre_channel_wwn", "fips",
      "hardware", "interfaces", "is_chroot", "iscsi", "kernel", "kernel_version", "loadavg", "local", "lsb", "machine",
      "machine_id", "mounts", "network", "nvme", "ohai", "os_family", "pkg_mgr", "platform", "processor", "processor_cores",
      "processor_count", "python", "python_version", "real_user_id", "selinux", "service_mgr", "ssh_host_key_dsa_public",
      "ssh_host_key_ecdsa_public", "ssh_host_key_ed25519_public", "ssh_host_key_rsa_public", "ssh_host_pub_keys",
      "ssh_pub_keys", "system", "system_capabilities", "system_capabilities_enforced", "user", "user_dir", "user_gecos",
      "user_gid", "user_id", "user_shell", "user_uid", "virtual", "virtualization_role", "virtualization_tech_guest",
      "virtualization_tech_host", "virtualization_type");

  /** Ansible's minimal collectors. */
  private static final Set<String> MINIMAL = Set.of(
      "apparmor", "caps", "cmdline", "date_time", "distribution", "dns", "env", "fips", "local", "lsb", "pkg_mgr", "platform",
      "python", "selinux", "service_mgr", "ssh_pub_keys", "user");

  /** A fact's name standing for the collector that gathers it. */
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("architecture", "platform"), Map.entry("kernel", "platform"), Map.entry("kernel_version", "platform"),
      Map.entry("machine", "platform"), Map.entry("system", "platform"), Map.entry("python_version", "platform"),
      Map.entry("distribution_version", "distribution"), Map.entry("distribution_release", "distribution"),
      Map.entry("distribution_major_version", "distribution"), Map.entry("os_family", "distribution"),
      Map.entry("user_id", "user"), Map.entry("user_uid", "user"), Map.entry("user_gid", "user"),
      Map.entry("user_gecos", "user"), Map.entry("user_dir", "user"), Map.entry("user_shell", "user"),
      Map.entry("real_user_id", "user"), Map.entry("effective_user_id", "user"), Map.entry("effective_group_ids", "user"),
      Map.entry("processor", "hardware"), Map.entry("processor_cores", "hardware"), Map.entry("processor_count", "hardware"),
      Map.entry("mounts", "hardware"), Map.entry("devices", "hardware"),
      Map.entry("interfaces", "network"), Map.entry("default_ipv4", "network"), Map.entry("default_ipv6", "network"),
      Map.entry("all_ipv4_addresses", "network"), Map.entry("all_ipv6_addresses", "network"));

  /** The collectors chosen, or the reason the subset is wrong. */
  record Choice(Set<Collector> collectors, String error) {}

  private Subsets() {}

  static Choice choose(List<String> gatherSubset) {
    Set<String> add = new HashSet<>(MINIMAL);
    Set<String> exclude = new HashSet<>();
    Set<String> explicit = new HashSet<>();
    for (String subset : gatherSubset.isEmpty() ? List.of("all") : gatherSubset) {
      String name = subset.strip();
      if (name.equals("min")) {
        add.addAll(MINIMAL);
      } else if (name.equals("all")) {
        add.addAll(VALID);
      } else if (name.equals("!min")) {
        exclude.addAll(MINIMAL);
      } else if (name.equals("!all")) {
        exclude.addAll(VALID);
        exclude.removeAll(MINIMAL);
      } else if (name.startsWith("!")) {
        String excluded = name.substring(1);
        exclude.add(excluded);
        ALIASES.forEach((fact, collector) -> {
          if (collector.equals(excluded)) {
            exclude.add(fact);
          }
        });
      } else if (!VALID.contains(name)) {
        return new Choice(Set.of(), "Bad subset '" + name + "' given to Ansible. gather_subset options allowed: all, "
            + String.join(", ", new TreeSet<>(VALID)));
      } else {
        explicit.add(name);
        add.add(name);
      }
    }
    exclude.removeAll(explicit);
    add.removeAll(exclude);
    Set<Collector> chosen = EnumSet.noneOf(Collector.class);
    for (String name : add) {
      Collector c = Collector.named(ALIASES.getOrDefault(name, name));
      if (c != null) {
        chosen.add(c);
      }
    }
    // what a chosen collector reads is gathered with it, as in Ansible (hardware brings platform)
    for (Collector c : List.copyOf(chosen)) {
      c.requires.forEach(r -> chosen.add(Collector.named(r)));
    }
    return new Choice(chosen, null);
  }
}
