package runbook.modules.facts;

import java.util.List;
import java.util.Set;

/**
 * What one part of the gathering script collects, named as Ansible names its fact collectors, with
 * the shell that collects it. Each part writes sections: a name line, a body, then a NUL byte (file
 * contents and command output never hold NUL). {@code env} comes last: its body is {@code env -0}'s
 * NUL-terminated entries up to the end of the output, so its values may hold anything, newlines
 * and '=' included.
 */
enum Collector {
  PLATFORM("platform", Set.of(), """
      printf 'platform\\n'
      printf 'uname=%s\\n' "$(uname -snrvm)"
      printf 'bits=%s\\n' "$(getconf LONG_BIT)"
      printf 'reverse=%s\\n' "$(getent hosts "$(getent hosts "$(uname -n)" | { read -r a _ && echo "$a"; })" | { read -r _ n && echo "$n"; })"
      printf '\\0'
      """),
  DISTRIBUTION("distribution", Set.of(), """
      printf 'os-release\\n'; cat /etc/os-release || cat /usr/lib/os-release; printf '\\0'
      printf 'debian_version\\n'; cat /etc/debian_version; printf '\\0'
      """),
  /** In the C locale, as Python formats them: "Tuesday", not the host language's word. */
  DATE_TIME("date_time", Set.of(), """
      printf 'date\\n'
      LC_ALL=C date '+now=%Y %m %d %H %M %S %N %s %z %w %W %A %Z'
      LC_ALL=C date -d '2000-01-15 12:00' '+january=%z %Z'
      LC_ALL=C date -d '2000-07-15 12:00' '+july=%z %Z'
      printf '\\0'
      """),
  USER("user", Set.of(), """
      printf 'user\\n'
      printf 'name=%s\\n' "$(id -un)"
      printf 'passwd=%s\\n' "$(getent passwd "$(id -u)")"
      grep -E '^(Uid|Gid):' /proc/self/status
      printf '\\0'
      """),
  PYTHON("python", Set.of(), """
      printf 'python\\n'
      command -v python3 >/dev/null && python3 -E -S -c 'import sys; v = sys.version_info; print("version=%d %d %d %s %d" % tuple(v)); print("type=" + sys.implementation.name); print("executable=" + sys.executable)'
      printf '\\0'
      """),
  PKG_MGR("pkg_mgr", Set.of("distribution"), """
      printf 'pkg_mgr\\n'
      for p in %s; do [ -e "$p" ] && echo "$p"; done
      printf '\\0'
      """.formatted(String.join(" ", PackageManagers.PATHS))),
  SERVICE_MGR("service_mgr", Set.of("platform", "distribution"), """
      printf 'service_mgr\\n'
      printf 'comm=%s\\n' "$(cat /proc/1/comm)"
      printf 'init=%s\\n' "$(readlink /sbin/init)"
      command -v systemctl >/dev/null && echo systemctl=1
      for d in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/; do [ -d "$d" ] && echo canary=1; done
      command -v initctl >/dev/null && [ -e /etc/init/ ] && echo upstart=1
      [ -e /sbin/openrc ] && echo openrc=1
      [ -e /etc/init.d/ ] && echo initd=1
      printf '\\0'
      """),
  HARDWARE("hardware", Set.of("platform"), """
      printf 'meminfo\\n'; cat /proc/meminfo; printf '\\0'
      printf 'cpuinfo\\n'; cat /proc/cpuinfo; printf '\\0'
      printf 'cpu\\n'
      printf 'nproc=%s\\n' "$(nproc)"
      { [ -e /proc/xen ] || [ "$(cat /sys/hypervisor/type)" = xen ]; } && echo xen=1
      printf '\\0'
      printf 'mounts\\n'
      while read -r dev mnt fs opts _; do
        case $dev in /*|\\\\*|*:/*) ;; *) continue ;; esac
        [ "$fs" = none ] && continue
        printf '%s %s %s %s ' "$dev" "$mnt" "$fs" "$opts"
        timeout %d stat -f -c '%S %s %b %a %c %d' -- "$(printf '%s' "$mnt" | sed 's/\\\\040/ /g; s/\\\\011/\\t/g; s/\\\\134/\\\\/g')" || echo
      done </proc/mounts
      printf '\\0'
      printf 'cgroup\\n'
      while IFS=: read -r _ ctl path; do
        case $ctl in '') base=/sys/fs/cgroup f=memory.max ;; memory) base=/sys/fs/cgroup/memory f=memory.limit_in_bytes ;; *) continue ;; esac
        while :; do cat "$base${path%/}/$f"; [ -z "$path" ] && break; path=${path%/*}; done
      done </proc/self/cgroup
      printf '\\0'
      """),
  NETWORK("network", Set.of("platform"), """
      printf 'route\\n'; ip -4 route get 8.8.8.8; printf '\\0'
      printf 'addresses\\n'; ip -o -4 addr show; printf '\\0'
      printf 'link\\n'; dev=$(ip -4 route get 8.8.8.8 | sed -n '1s/.* dev \\([^ ]*\\).*/\\1/p'); [ -n "$dev" ] && ip -o link show dev "$dev"; printf '\\0'
      """),
  ENV("env", Set.of(), """
      printf 'env\\n'; env -0
      """);

  /** Ansible's minimal subset, gathered unless {@code !min}: ours of its collectors. */
  static final Set<Collector> MINIMAL = Set.of(PLATFORM, DISTRIBUTION, DATE_TIME, USER, PYTHON, PKG_MGR, SERVICE_MGR, ENV);

  final String ansibleName;
  /** The collectors whose facts this one reads, gathered along with it as Ansible does. */
  final Set<String> requires;
  final String shell;

  Collector(String ansibleName, Set<String> requires, String shell) {
    this.ansibleName = ansibleName;
    this.requires = requires;
    this.shell = shell;
  }

  static Collector named(String name) {
    for (Collector c : values()) {
      if (c.ansibleName.equals(name)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The one script that gathers {@code collectors}, in declaration order ({@code env} last); errors
   * of single commands are dropped, a missing tool only leaves its facts out.
   *
   * @param timeoutSeconds how long the size of one mounted filesystem may take (a hung network mount)
   */
  static String script(Set<Collector> collectors, int timeoutSeconds) {
    StringBuilder script = new StringBuilder("exec 2>/dev/null\n");
    for (Collector c : List.of(values())) {
      if (collectors.contains(c)) {
        script.append(c == HARDWARE ? c.shell.replace("timeout %d", "timeout " + timeoutSeconds) : c.shell);
      }
    }
    return script.toString();
  }
}
