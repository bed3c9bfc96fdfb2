package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.host.ShellHostView;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.modules.Calls;
import runbook.modules.facts.SetupModule;
import runbook.spi.Plan;

/**
 * The setup module on a lab host: every fact it gathers is compared with what the host says when
 * asked by other commands over the same connection.
 */
@ExtendWith(LabExtension.class)
class FactsLabTest {
  @Test
  void everyFactAgreesWithTheHost(Lab lab) {
    Lab.LabHost h = lab.hosts().get(0);
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Connection c = connections.forHost(h.name(), lab.connectionVars(h, "root"));
      Function<String, String> sh = command -> c.exec(command, null).out().strip();
      // lab hosts have no route out; a default route (in the host's own network namespace) gives default_ipv4 a gateway;
      // their filesystems are overlay and tmpfs, which Ansible leaves out of mounts: a tmpfs named like a device is kept
      sh.apply("ip -4 route add default via 10.231.0.254 2>/dev/null");
      sh.apply("mkdir -p '/srv/facts mount' && mount -t tmpfs -o size=1m /dev/runbook-facts '/srv/facts mount'");
      try {
        Plan plan = Calls.plan(new SetupModule(), Map.of(), new ShellHostView(c, new runbook.host.Answers(), Map.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = (Map<String, Object>) plan.data().get("ansible_facts");
        compare(facts, sh);
      } finally {
        sh.apply("ip -4 route del default via 10.231.0.254; umount '/srv/facts mount'");
      }
    }
  }

  private static void compare(Map<String, Object> facts, Function<String, String> sh) {
    String meminfo = "awk -v k=%s: '$1 == k { print int($2 / 1024) }' /proc/meminfo";
    String osRelease = ". /etc/os-release && echo \"$%s\"";
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ansible_system", sh.apply("uname -s"));
    expected.put("ansible_kernel", sh.apply("uname -r"));
    expected.put("ansible_kernel_version", sh.apply("uname -v"));
    expected.put("ansible_machine", sh.apply("uname -m"));
    expected.put("ansible_architecture", sh.apply("uname -m"));
    expected.put("ansible_userspace_architecture", sh.apply("uname -m"));
    expected.put("ansible_userspace_bits", sh.apply("getconf LONG_BIT"));
    expected.put("ansible_nodename", sh.apply("uname -n"));
    expected.put("ansible_hostname", sh.apply("hostname -s"));
    expected.put("ansible_fqdn", sh.apply("hostname -f"));
    expected.put("ansible_domain", sh.apply("hostname -d"));
    expected.put("ansible_distribution", sh.apply(osRelease.formatted("NAME") + " | cut -d' ' -f1"));
    expected.put("ansible_distribution_version", sh.apply("cat /etc/debian_version"));
    expected.put("ansible_distribution_major_version", sh.apply(osRelease.formatted("VERSION_ID")));
    expected.put("ansible_distribution_minor_version", sh.apply("cut -d. -f2 /etc/debian_version"));
    expected.put("ansible_distribution_release", sh.apply(osRelease.formatted("VERSION_CODENAME")));
    expected.put("ansible_os_family", sh.apply(osRelease.formatted("ID") + " | sed 's/^d/D/'"));
    expected.put("ansible_memtotal_mb", Integer.valueOf(sh.apply(meminfo.formatted("MemTotal"))));
    expected.put("ansible_swaptotal_mb", Integer.valueOf(sh.apply(meminfo.formatted("SwapTotal"))));
    expected.put("ansible_swapfree_mb", Integer.valueOf(sh.apply(meminfo.formatted("SwapFree"))));
    expected.put("ansible_processor_vcpus", Integer.valueOf(sh.apply("grep -c ^processor /proc/cpuinfo")));
    expected.put("ansible_processor_nproc", Integer.valueOf(sh.apply("nproc")));
    expected.put("ansible_processor_count", Integer.valueOf(sh.apply("grep '^physical id' /proc/cpuinfo | sort -u | wc -l")));
    expected.put("ansible_processor_cores", Integer.valueOf(sh.apply("awk -F': ' '/^cpu cores/ { print $2; exit }' /proc/cpuinfo")));
    expected.put("ansible_processor_threads_per_core", Integer.valueOf(sh.apply(
        "awk -F': ' '/^siblings/ { s = $2 } /^cpu cores/ { c = $2 } END { print int(s / c) }' /proc/cpuinfo")));
    expected.put("ansible_processor", List.of(sh.apply("awk -F': ' '/^(processor|vendor_id|model name)\\t/ { print $2 }' /proc/cpuinfo").split("\n")));
    expected.put("ansible_service_mgr", sh.apply("[ \"$(cat /proc/1/comm)\" = systemd ] && echo systemd || { [ -d /etc/init.d ] && echo sysvinit; }"));
    expected.put("ansible_pkg_mgr", sh.apply("[ -x /usr/bin/apt-get ] && echo apt"));
    expected.put("ansible_user_id", sh.apply("whoami"));
    expected.put("ansible_user_uid", Integer.valueOf(sh.apply("id -u")));
    expected.put("ansible_user_gid", Integer.valueOf(sh.apply("id -g")));
    expected.put("ansible_real_user_id", Integer.valueOf(sh.apply("id -ru")));
    expected.put("ansible_effective_user_id", Integer.valueOf(sh.apply("id -u")));
    expected.put("ansible_real_group_id", Integer.valueOf(sh.apply("id -rg")));
    expected.put("ansible_effective_group_id", Integer.valueOf(sh.apply("id -g")));
    expected.put("ansible_user_gecos", sh.apply("getent passwd root | cut -d: -f5"));
    expected.put("ansible_user_dir", sh.apply("echo ~"));
    expected.put("ansible_user_shell", sh.apply("getent passwd root | cut -d: -f7"));
    expected.put("ansible_python_version", sh.apply("python3 -c 'import platform; print(platform.python_version())'"));
    expected.put("ansible_all_ipv4_addresses", List.of(sh.apply("hostname -I | tr ' ' '\\n' | grep -v : | grep .").split("\n")));
    expected.put("ansible_mounts", List.of(sh.apply("awk '$1 ~ /^\\// && $3 != \"none\" { print $2 }' /proc/mounts | sed 's/\\\\040/ /g'").lines().toArray()));
    expected.put("gather_subset", List.of("all"));
    expected.put("module_setup", true);
    Map<String, Object> actual = new LinkedHashMap<>(facts);
    // these change between two reads or are structures; each is compared on its own below
    Set<String> own = Set.of("ansible_memfree_mb", "ansible_memory_mb", "ansible_date_time", "ansible_env", "ansible_python",
        "ansible_default_ipv4", "ansible_mounts", "ansible_memory_limit_mb");
    own.forEach(actual::remove);
    Map<String, Object> listed = new LinkedHashMap<>(expected);
    listed.remove("ansible_mounts");
    assertEquals(new TreeSet<>(listed.keySet()), new TreeSet<>(actual.keySet()), "every fact is compared");
    listed.forEach((name, value) -> assertEquals(value, actual.get(name), name));

    int total = (Integer) facts.get("ansible_memtotal_mb");
    int free = (Integer) facts.get("ansible_memfree_mb");
    int freeNow = Integer.parseInt(sh.apply(meminfo.formatted("MemFree")));
    assertTrue(Math.abs(free - freeNow) < total / 10, "memfree_mb " + free + " vs " + freeNow);
    Map<?, ?> real = (Map<?, ?>) ((Map<?, ?>) facts.get("ansible_memory_mb")).get("real");
    assertEquals(total, real.get("total"));
    assertEquals(free, real.get("free"));

    Map<?, ?> time = (Map<?, ?>) facts.get("ansible_date_time");
    long epoch = Long.parseLong(sh.apply("date +%s"));
    assertTrue(Math.abs(epoch - Long.parseLong((String) time.get("epoch"))) < 60, "epoch " + time.get("epoch") + " vs " + epoch);
    assertEquals(sh.apply("date +%Z"), time.get("tz"));
    assertEquals(sh.apply("date +%z"), time.get("tz_offset"));
    assertEquals(sh.apply("date -d @" + time.get("epoch") + " '+%Y-%m-%d %H:%M:%S %A'"),
        time.get("date") + " " + time.get("time") + " " + time.get("weekday"));

    Map<?, ?> env = (Map<?, ?>) facts.get("ansible_env");
    assertEquals(sh.apply("echo \"$PATH\""), env.get("PATH"));
    assertEquals(sh.apply("echo \"$HOME\""), env.get("HOME"));

    Map<?, ?> python = (Map<?, ?>) facts.get("ansible_python");
    assertEquals(sh.apply("command -v python3"), python.get("executable"));

    Map<?, ?> route = (Map<?, ?>) facts.get("ansible_default_ipv4");
    String[] def = sh.apply("ip -4 route show default").split("\\s+");
    assertEquals(def[2], route.get("gateway"));
    assertEquals(def[4], route.get("interface"));
    assertEquals(sh.apply("ip -o -4 addr show dev " + def[4] + " | awk '{ split($4, a, \"/\"); print a[1] }'"), route.get("address"));
    assertEquals(Integer.valueOf(sh.apply("ip -o link show dev " + def[4] + " | sed 's/.* mtu \\([0-9]*\\).*/\\1/'")), route.get("mtu"));
    assertEquals(sh.apply("ip -o link show dev " + def[4] + " | sed 's/.*link\\/ether \\([^ ]*\\).*/\\1/'"), route.get("macaddress"));

    List<Object> mounts = ((List<?>) facts.get("ansible_mounts")).stream().map(m -> ((Map<?, ?>) m).get("mount")).map(Object.class::cast).toList();
    assertEquals(expected.get("ansible_mounts"), mounts);
    assertTrue(mounts.contains("/srv/facts mount"), mounts.toString());
    Map<?, ?> tmpfs = ((List<?>) facts.get("ansible_mounts")).stream().map(Map.class::cast)
        .filter(m -> m.get("mount").equals("/srv/facts mount")).findFirst().orElseThrow();
    assertEquals("/dev/runbook-facts tmpfs", tmpfs.get("device") + " " + tmpfs.get("fstype"));
    assertEquals(Long.parseLong(sh.apply("stat -f -c '%S %b' '/srv/facts mount' | awk '{ print $1 * $2 }'")),
        tmpfs.get("size_total"));
    assertEquals(Long.parseLong(sh.apply("stat -f -c %c '/srv/facts mount'")), tmpfs.get("inode_total"));

    String limit = sh.apply("cat /sys/fs/cgroup/memory.max 2>/dev/null");
    assertEquals(limit.matches("\\d+") ? Long.parseLong(limit) / 1024 / 1024 : null, facts.get("ansible_memory_limit_mb"));
  }
}
