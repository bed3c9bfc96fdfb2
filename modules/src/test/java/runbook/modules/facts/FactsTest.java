package runbook.modules.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gathering script's output, recorded on lab host h1 (root over SSH), made into facts. */
class FactsTest {
  private static final Map<String, Object> LAB = Facts.of(recorded(), EnumSet.allOf(Collector.class));

  private static String recorded() {
    try (InputStream in = FactsTest.class.getResourceAsStream("lab-h1.out")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "system                     | Linux",
    "kernel                     | 6.18.44-fc-v1045",
    "kernel_version             | #1 SMP PREEMPT_DYNAMIC @0",
    "machine                    | x86_64",
    "architecture               | x86_64",
    "userspace_bits             | 64",
    "hostname                   | h1",
    "nodename                   | h1",
    "fqdn                       | h1",
    "distribution               | Debian",
    "distribution_version       | 12.15",
    "distribution_major_version | 12",
    "distribution_minor_version | 15",
    "distribution_release       | bookworm",
    "os_family                  | Debian",
    "memtotal_mb                | 24105",
    "memfree_mb                 | 22385",
    "swaptotal_mb               | 0",
    "processor_vcpus            | 2",
    "processor_cores            | 2",
    "processor_count            | 1",
    "processor_threads_per_core | 1",
    "processor_nproc            | 2",
    "service_mgr                | sysvinit",
    "pkg_mgr                    | apt",
    "user_id                    | root",
    "user_uid                   | 0",
    "user_gid                   | 0",
    "user_dir                   | /root",
    "user_shell                 | /bin/bash",
    "real_user_id               | 0",
    "effective_group_id         | 0",
    "python_version             | 3.11.2",
    "all_ipv4_addresses         | [10.231.0.11]",
    "default_ipv4               | {gateway=10.231.0.254, interface=eth0, address=10.231.0.11, broadcast=, netmask=255.255.255.0, "
        + "network=10.231.0.0, prefix=24, alias=eth0, mtu=1500, macaddress=66:cb:06:69:cc:14, type=ether}",
    "python                     | {executable=/usr/bin/python3, type=cpython, version={major=3, minor=11, micro=2, releaselevel=final, "
        + "serial=0}, version_info=[3, 11, 2, final, 0]}",
    // a tmpfs named like a device at a path with a space; Ansible 2.14 on the same host: the same dict and uuid N/A
    "mounts                     | [{mount=/srv/a space, device=/dev/runbook-facts, fstype=tmpfs, options=rw,relatime,size=1024k, "
        + "size_total=1048576, size_available=1048576, block_size=4096, block_total=256, block_available=256, block_used=0, "
        + "inode_total=3085443, inode_available=3085442, inode_used=1}]",
  })
  void recordedOnALabHost(String fact, String expected) {
    assertEquals(expected, String.valueOf(LAB.get(fact)));
  }

  @Test
  void numbersAreIntegers() {
    for (String fact : List.of("memtotal_mb", "memfree_mb", "swaptotal_mb", "processor_vcpus", "processor_cores", "processor_count", "user_uid")) {
      assertEquals(Integer.class, LAB.get(fact).getClass(), fact);
    }
    assertEquals(Integer.class, ((Map<?, ?>) LAB.get("default_ipv4")).get("mtu").getClass());
  }

  @Test
  void dateTimeHasAnsiblesKeys() {
    Map<?, ?> t = (Map<?, ?>) LAB.get("date_time");
    assertEquals("{year=2026, month=12, weekday=Tuesday, weekday_number=2, weeknumber=48, day=01, hour=20, minute=46, second=36, "
        + "epoch=1796157996, epoch_int=1796157996, date=2026-12-01, time=20:46:36, iso8601_micro=2026-12-01T20:46:36.475525Z, "
        + "iso8601=2026-12-01T20:46:36Z, iso8601_basic=20261201T204636475525, iso8601_basic_short=20261201T204636, tz=UTC, "
        + "tz_dst=UTC, tz_offset=+0000}", t.toString());
  }

  @Test
  void envValuesKeepNewlinesAndEqualsSigns() {
    Map<?, ?> env = (Map<?, ?>) LAB.get("env");
    assertEquals("line1\nline2=x", env.get("WEIRD"));
    assertEquals("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", env.get("PATH"));
    assertEquals("10.231.0.1 47378 10.231.0.11 22", env.get("SSH_CONNECTION"));
  }

  @Test
  void noCgroupLimitSeenIsNoFact() {
    assertFalse(LAB.containsKey("memory_limit_mb"));
  }

  /** Sections as the script writes them, for the odd cases a lab host does not have. */
  private static Map<String, Object> facts(Collector collector, String sections) {
    return Facts.of(sections, EnumSet.of(collector));
  }

  @Test
  void mountPointsWithSpacesAndSizes() {
    Map<String, Object> f = facts(Collector.HARDWARE, "mounts\n"
        + "/dev/sdb1 /srv/a\\040space ext4 rw,relatime 4096 4096 1000 250 640 600\n"
        + "/dev/sdc1 /srv/back\\134slash xfs ro \n"
        + "server:/export /mnt/nfs nfs4 rw 1024 1048576 10 5 0 0\n\0");
    assertEquals("[{mount=/srv/a space, device=/dev/sdb1, fstype=ext4, options=rw,relatime, size_total=4096000, "
        + "size_available=1024000, block_size=4096, block_total=1000, block_available=250, block_used=750, inode_total=640, "
        + "inode_available=600, inode_used=40}, {mount=/srv/back\\slash, device=/dev/sdc1, fstype=xfs, options=ro}, "
        + "{mount=/mnt/nfs, device=server:/export, fstype=nfs4, options=rw, size_total=10240, size_available=5120, "
        + "block_size=1048576, block_total=10, block_available=5, block_used=5, inode_total=0, inode_available=0, inode_used=0}]",
        String.valueOf(f.get("mounts")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    // cgroup v2 below an unlimited parent, v1, v1's "unlimited", none at all
    "'max\n536870912\nmax\n'                | 512",
    "'9223372036854771712\n268435456\n'     | 256",
    "'9223372036854771712\n'                | absent",
    "''                                     | absent",
  })
  void theCgroupsMemoryLimit(String lines, String expected) {
    Map<String, Object> f = facts(Collector.HARDWARE, "cgroup\n" + lines + "\0");
    assertEquals(expected, String.valueOf(f.getOrDefault("memory_limit_mb", "absent")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "systemd     | ''                              | systemd",
    "dumb-init   | 'initd=1'                       | sysvinit",
    "sshd        | 'systemctl=1\ncanary=1\ninitd=1' | systemd",
    "init        | 'initd=1'                       | sysvinit",
    "bash        | ''                              | service",
    "runit-init  | ''                              | runit",
    "''          | 'init=/lib/systemd/systemd\nsystemctl=1' | systemd",
  })
  void serviceManager(String pid1, String flags, String expected) {
    Map<String, Object> f = Facts.of("platform\nuname=Linux h 1 #1 x86_64\n\0service_mgr\ncomm=" + pid1 + "\n" + flags + "\n\0",
        EnumSet.of(Collector.PLATFORM, Collector.SERVICE_MGR));
    assertEquals(expected, f.get("service_mgr"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "'ID=ubuntu\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy'                         | ''     | Ubuntu 22.04 22 jammy Debian",
    "'ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"'      | 12.15  | Debian 12.15 12 bookworm Debian",
    "'ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"'                          | trixie/sid | Debian NA NA NA Debian",
    "'ID=\"rocky\"\nVERSION_ID=\"9.3\"'                                               | ''     | Rocky 9.3 9 NA RedHat",
    "'ID=void'                                                                        | ''     | Void NA NA NA Void",
  })
  void distributions(String osRelease, String debianVersion, String expected) {
    Map<String, Object> f = facts(Collector.DISTRIBUTION, "os-release\n" + osRelease + "\n\0debian_version\n" + debianVersion + "\n\0");
    assertEquals(expected, f.get("distribution") + " " + f.get("distribution_version") + " " + f.get("distribution_major_version")
        + " " + f.get("distribution_release") + " " + f.get("os_family"));
  }

  @Test
  void noDefaultRouteIsAnEmptyDefaultIpv4() {
    Map<String, Object> f = facts(Collector.NETWORK, "route\n\0addresses\n"
        + "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
        + "2: eth0    inet 10.0.0.5/16 brd 10.0.255.255 scope global eth0\\       valid_lft forever preferred_lft forever\n"
        + "2: eth0    inet 10.0.0.6/16 scope global secondary eth0:1\\       valid_lft forever preferred_lft forever\n\0link\n\0");
    assertEquals("{}", String.valueOf(f.get("default_ipv4")));
    assertEquals("[10.0.0.5, 10.0.0.6]", String.valueOf(f.get("all_ipv4_addresses")));
  }

  @Test
  void realAndEffectiveIdsFromProcSelfStatus() {
    Map<String, Object> f = facts(Collector.USER, "user\nname=deploy\npasswd=deploy:x:1000:1000:Deploy,,,:/home/deploy:/bin/sh\n"
        + "Uid:\t1000\t0\t0\t0\nGid:\t1000\t27\t27\t27\n\0");
    assertEquals("{user_id=deploy, user_uid=1000, user_gid=1000, user_gecos=Deploy,,,, user_dir=/home/deploy, user_shell=/bin/sh, "
        + "real_user_id=1000, effective_user_id=0, real_group_id=1000, effective_group_id=27}", f.toString());
  }

  @Test
  void withoutPythonThereIsNoPythonFact() {
    Map<String, Object> f = facts(Collector.PYTHON, "python\n\0");
    assertFalse(f.containsKey("python"));
    assertFalse(f.containsKey("python_version"));
  }
}
