package runbook.modules.facts;

import java.util.List;
import java.util.Set;

/**
 * What one part of the gathering script collects, named as Ansible names its fact collectors, with
 * the shell that collects it. Each part writes sections: a name line, a body, then a NUL byte (file
 * contents and command output never hold NUL). {@code env} comes last: its body is {@code env -0}'s
 * NUL-terminated entries up to the end of the output, so its values may hold anything, newlines
 * and '=' included.
 *
 * <p>Every process started costs a busy host milliseconds, and the script runs on every play that
 * gathers facts: files of one line are read with {@code read}, fields are cut with parameter
 * expansion, and each command runs once.
 */
enum Collector {
  PLATFORM("platform", Set.of(), """
      printf 'platform\\n'
      u=$(uname -snrvm)
      printf 'uname=%s\\n' "$u"
      printf 'bits=%s\\n' "$(getconf LONG_BIT)"
      set -f; set -- $u; set +f
      a=$(getent hosts "$2"); a=${a%%[[:space:]]*} r=
      [ -n "$a" ] && r=$(getent hosts "$a") && r=${r%%"$nl"*} && r=${r#*[[:space:]]} && r=${r#"${r%%[![:space:]]*}"}
      printf 'reverse=%s\\n' "$r"
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
      ids= uid=
      while IFS= read -r l; do
        case $l in Uid:*) ids="$ids$l$nl"; set -- $l; uid=$3 ;; Gid:*) ids="$ids$l$nl" ;; esac
      done </proc/self/status
      pw=$(getent passwd "$uid")
      printf 'name=%s\\n' "${pw%%:*}"
      printf 'passwd=%s\\n' "$pw"
      printf '%s' "$ids"
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
      c=; read -r c </proc/1/comm
      printf 'comm=%s\\n' "$c"
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
      { [ -e /proc/xen ] || { h=; read -r h </sys/hypervisor/type; [ "$h" = xen ]; }; } && echo xen=1
      printf '\\0'
      printf 'mounts\\n'
      while read -r dev mnt fs opts _; do
        case $dev in /*|\\\\*|*:/*) ;; *) continue ;; esac
        [ "$fs" = none ] && continue
        printf '%s %s %s %s ' "$dev" "$mnt" "$fs" "$opts"
        case $mnt in *\\\\*) mnt=$(printf '%s' "$mnt" | sed 's/\\\\040/ /g; s/\\\\011/\\t/g; s/\\\\134/\\\\/g') ;; esac
        timeout %d stat -f -c '%S %s %b %a %c %d' -- "$mnt" || echo
      done </proc/mounts
      printf '\\0'
      printf 'cgroup\\n'
      while IFS=: read -r _ ctl path; do
        case $ctl in '') base=/sys/fs/cgroup f=memory.max ;; memory) base=/sys/fs/cgroup/memory f=memory.limit_in_bytes ;; *) continue ;; esac
        while :; do v=; read -r v <"$base${path%/}/$f" && printf '%s\\n' "$v"; [ -z "$path" ] && break; path=${path%/*}; done
      done </proc/self/cgroup
      printf '\\0'
      """),
  NETWORK("network", Set.of("platform"), """
      r=$(ip -4 route get 8.8.8.8); l=${r%%"$nl"*} dev=
      case $l in *" dev "*) dev=${l##* dev }; dev=${dev%% *} ;; esac
      printf 'route\\n'; [ -n "$r" ] && printf '%s\\n' "$r"; printf '\\0'
      printf 'addresses\\n'; ip -o -4 addr show; printf '\\0'
      printf 'link\\n'; [ -n "$dev" ] && ip -o link show dev "$dev"; printf '\\0'
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
    StringBuilder script = new StringBuilder("exec 2>/dev/null\nnl='\n'\n");
    for (Collector c : List.of(values())) {
      if (collectors.contains(c)) {
        script.append(c == HARDWARE ? c.shell.replace("timeout %d", "timeout " + timeoutSeconds) : c.shell);
      }
    }
    return script.toString();
  }
}
