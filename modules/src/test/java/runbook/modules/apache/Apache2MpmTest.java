package runbook.modules.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Plan;

/** apache2_mpm: the worker count from the facts' memory and the children's RSS, into the active MPM's file. */
class Apache2MpmTest {
  static final String PREFORK = "/etc/apache2/mods-available/mpm_prefork.conf";
  static final String EVENT = "/etc/apache2/mods-available/mpm_event.conf";
  /** Debian 12's mpm_prefork.conf, as shipped. */
  static final String DEBIAN_PREFORK = """
      # prefork MPM
      # MaxRequestWorkers: maximum number of server processes allowed to start

      StartServers            5
      MinSpareServers         5
      MaxSpareServers         10
      MaxRequestWorkers       150
      MaxConnectionsPerChild  0
      """;
  static final String DEBIAN_EVENT = """
      # event MPM
      StartServers            2
      ThreadLimit             64
      ThreadsPerChild         25
      MaxRequestWorkers       150
      MaxConnectionsPerChild  0
      """;
  static final Map<String, Object> ONE_GB = Map.of("memtotal_mb", 1024);
  /** The parent (pid 100, root's) and four children of 24, 25, 25 and 26 MB. */
  static final String PS = "  100     1  9000\n  101   100 24576\n  102   100 25600\n  103   100 25600\n  104   100 26624\n  200     1  1000\n";

  static FakeHost host(String mpm, String content) {
    return FakeHost.empty().dir("/etc/apache2/mods-enabled")
        .file("/etc/apache2/mods-available/" + mpm + ".conf", content)
        .link("/etc/apache2/mods-enabled/" + mpm + ".load", "../mods-available/" + mpm + ".load")
        .link("/etc/apache2/mods-enabled/" + mpm + ".conf", "../mods-available/" + mpm + ".conf")
        .probe("ps -o pid=,ppid=,rss= -C apache2", 0, PS);
  }

  static String data(String mpm, int ram, String from, int rss, String rssFrom, int children, String directive, int workers, int limit) {
    return "  data {child_rss_mb=" + (double) rss + ", children=" + children + ", directive=" + directive + ", max_request_workers=" + workers
        + ", mpm=" + mpm + ", path=/etc/apache2/mods-available/" + mpm + ".conf, ram_from=" + from + ", ram_mb=" + ram
        + ", reserve_mb=200, rss_from=" + rssFrom + ", server_limit=" + limit + "}\n";
  }

  static Stream<Arguments> cases() {
    String s1 = "(1024 MB RAM (memtotal_mb) - 200 MB reserve) / 25 MB per child (mean of 4 apache2 children) = 32 children";
    String s1After = DEBIAN_PREFORK.replace("150", "32");
    return Stream.of(
        Arguments.of("S1: 1 GB and 25 MB children give 32, measured", args(), host("mpm_prefork", DEBIAN_PREFORK), ONE_GB,
            "changed: MaxRequestWorkers 150 -> 32 in " + PREFORK + ": " + s1 + "\n"
                + "  write " + PREFORK + " \"" + esc(s1After) + "\" configtest=[apache2ctl, configtest]\n"
                + "  diff " + PREFORK + " \"" + esc(DEBIAN_PREFORK) + "\" -> \"" + esc(s1After) + "\"\n"
                + data("mpm_prefork", 1024, "memtotal_mb", 25, "mean of 4 apache2 children", 32, "MaxRequestWorkers", 32, 256)),
        Arguments.of("converged", args(), host("mpm_prefork", s1After), ONE_GB,
            "ok: MaxRequestWorkers is already 32 in " + PREFORK + ": " + s1 + "\n"
                + data("mpm_prefork", 1024, "memtotal_mb", 25, "mean of 4 apache2 children", 32, "MaxRequestWorkers", 32, 256)),
        Arguments.of("the cgroup's limit wins when lower", args("child_rss_mb", 25), host("mpm_prefork", s1After), Map.of("memtotal_mb", 8192, "memory_limit_mb", 1024),
            "ok: MaxRequestWorkers is already 32 in " + PREFORK + ": (1024 MB RAM (memory_limit_mb) - 200 MB reserve) / 25 MB per child (given) = 32 children\n"
                + data("mpm_prefork", 1024, "memory_limit_mb", 25, "given", 32, "MaxRequestWorkers", 32, 256)),
        Arguments.of("a cgroup limit above the RAM is no limit", args("child_rss_mb", 25), host("mpm_prefork", s1After), Map.of("memtotal_mb", 1024, "memory_limit_mb", 9999999),
            "ok: MaxRequestWorkers is already 32 in " + PREFORK + ": " + s1.replace("mean of 4 apache2 children", "given") + "\n"
                + data("mpm_prefork", 1024, "memtotal_mb", 25, "given", 32, "MaxRequestWorkers", 32, 256)),
        Arguments.of("the 100th percentile takes the largest child", args("rss_percentile", 100), host("mpm_prefork", s1After), ONE_GB,
            "changed: MaxRequestWorkers 32 -> 31 in " + PREFORK + ": (1024 MB RAM (memtotal_mb) - 200 MB reserve) / 26 MB per child (percentile 100 of 4 apache2 children) = 31 children\n"
                + "  write " + PREFORK + " \"" + esc(DEBIAN_PREFORK.replace("150", "31")) + "\" configtest=[apache2ctl, configtest]\n"
                + "  diff " + PREFORK + " \"" + esc(s1After) + "\" -> \"" + esc(DEBIAN_PREFORK.replace("150", "31")) + "\"\n"
                + data("mpm_prefork", 1024, "memtotal_mb", 26, "percentile 100 of 4 apache2 children", 31, "MaxRequestWorkers", 31, 256)),
        Arguments.of("past 256 ServerLimit goes in before MaxRequestWorkers", args("child_rss_mb", 10, "ignore_configcheck", true), host("mpm_prefork", DEBIAN_PREFORK),
            Map.of("memtotal_mb", 4096),
            "changed: MaxRequestWorkers 150 -> 389 in " + PREFORK + ": (4096 MB RAM (memtotal_mb) - 200 MB reserve) / 10 MB per child (given) = 389 children\n"
                + "  write " + PREFORK + " \"" + esc(DEBIAN_PREFORK.replace("MaxRequestWorkers       150", "ServerLimit 389\nMaxRequestWorkers       389")) + "\"\n"
                + "  diff " + PREFORK + " \"" + esc(DEBIAN_PREFORK) + "\" -> \"" + esc(DEBIAN_PREFORK.replace("MaxRequestWorkers       150", "ServerLimit 389\nMaxRequestWorkers       389")) + "\"\n"
                + data("mpm_prefork", 4096, "memtotal_mb", 10, "given", 389, "MaxRequestWorkers", 389, 389)),
        Arguments.of("event: children times ThreadsPerChild", args("child_rss_mb", 100, "ignore_configcheck", true), host("mpm_event", DEBIAN_EVENT), Map.of("memtotal_mb", 2048),
            "changed: MaxRequestWorkers 150 -> 450 in " + EVENT + ": (2048 MB RAM (memtotal_mb) - 200 MB reserve) / 100 MB per child (given) = 18 children x 25 threads\n"
                + "  write " + EVENT + " \"" + esc(DEBIAN_EVENT.replace("MaxRequestWorkers       150", "ServerLimit 18\nMaxRequestWorkers       450")) + "\"\n"
                + "  diff " + EVENT + " \"" + esc(DEBIAN_EVENT) + "\" -> \"" + esc(DEBIAN_EVENT.replace("MaxRequestWorkers       150", "ServerLimit 18\nMaxRequestWorkers       450")) + "\"\n"
                + data("mpm_event", 2048, "memtotal_mb", 100, "given", 18, "MaxRequestWorkers", 450, 18)),
        Arguments.of("2.2's MaxClients is kept as the directive's name", args("child_rss_mb", 25), host("mpm_prefork", "<IfModule mpm_prefork_module>\n\tMaxClients 150\n</IfModule>\n"), ONE_GB,
            "changed: MaxClients 150 -> 32 in " + PREFORK + ": " + s1.replace("mean of 4 apache2 children", "given") + "\n"
                + "  write " + PREFORK + " \"<IfModule mpm_prefork_module>\\n\\tMaxClients 32\\n</IfModule>\\n\" configtest=[apache2ctl, configtest]\n"
                + "  diff " + PREFORK + " \"<IfModule mpm_prefork_module>\\n\\tMaxClients 150\\n</IfModule>\\n\" -> \"<IfModule mpm_prefork_module>\\n\\tMaxClients 32\\n</IfModule>\\n\"\n"
                + data("mpm_prefork", 1024, "memtotal_mb", 25, "given", 32, "MaxClients", 32, 256)),
        Arguments.of("a missing directive goes at the end of the MPM's section", args("child_rss_mb", 25, "ignore_configcheck", true),
            host("mpm_prefork", "<IfModule mpm_prefork_module>\n\tStartServers 5\n</IfModule>\n"), ONE_GB,
            "changed: MaxRequestWorkers unset -> 32 in " + PREFORK + ": " + s1.replace("mean of 4 apache2 children", "given") + "\n"
                + "  write " + PREFORK + " \"<IfModule mpm_prefork_module>\\n\\tStartServers 5\\n\\tMaxRequestWorkers 32\\n</IfModule>\\n\"\n"
                + "  diff " + PREFORK + " \"<IfModule mpm_prefork_module>\\n\\tStartServers 5\\n</IfModule>\\n\" -> \"<IfModule mpm_prefork_module>\\n\\tStartServers 5\\n\\tMaxRequestWorkers 32\\n</IfModule>\\n\"\n"
                + data("mpm_prefork", 1024, "memtotal_mb", 25, "given", 32, "MaxRequestWorkers", 32, 256)),
        Arguments.of("no children running", args(), host("mpm_prefork", DEBIAN_PREFORK).probe("ps -o pid=,ppid=,rss= -C apache2", 1, ""), ONE_GB,
            "failed: No apache2 children are running to measure: start Apache, or give child_rss_mb.\n"),
        Arguments.of("no children yet, after an install a check run simulated", args(),
            host("mpm_prefork", DEBIAN_PREFORK).probe("ps -o pid=,ppid=,rss= -C apache2", 1, "").pending("package:apache2", "the install of apache2"), ONE_GB,
            "depends on the install of apache2: no apache2 children run yet to measure: they may come with the install of apache2\n"),
        Arguments.of("no room left", args("child_rss_mb", 25, "reserve_mb", 1000), host("mpm_prefork", DEBIAN_PREFORK), ONE_GB,
            "failed: 1024 MB of RAM less the 1000 MB reserve leaves no room for a 25 MB child.\n"),
        Arguments.of("no memory fact", args("child_rss_mb", 25), host("mpm_prefork", DEBIAN_PREFORK), Map.of(),
            "failed: The facts of this host hold no memtotal_mb, so its memory is unknown.\n"),
        Arguments.of("no MPM enabled", args(), FakeHost.empty().dir("/etc/apache2/mods-enabled"), ONE_GB,
            "failed: No MPM is enabled in /etc/apache2/mods-enabled.\n"),
        Arguments.of("before an install a check run simulated", args(), FakeHost.empty().pending("package:apache2", "the install of apache2"), ONE_GB,
            "depends on the install of apache2: no MPM is enabled yet: it may come with the install of apache2\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, Map<String, Object> facts, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new Apache2Mpm(), args, host, FakeController.empty(), true, facts)));
  }

  /** S1's figure, from the documented reserve: MaxClients 32 on a 1 GB box with 25 MB mod_perl children. */
  @Test
  void scenarioOneGivesThirtyTwo() {
    Plan plan = Calls.plan(new Apache2Mpm(), args("child_rss_mb", 25), host("mpm_prefork", DEBIAN_PREFORK), FakeController.empty(), true, ONE_GB);
    assertEquals(200, Apache2Mpm.RESERVE_MB);
    assertEquals(32, plan.data().get("max_request_workers"));
  }

  private static String esc(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"");
  }
}
