package runbook.modules.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/** time_sync: the offset measured first, a step only beyond max_offset. */
class TimeSyncPlanTest {
  private static final String WHICH = "command -v chronyc || command -v ntpdate";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: chrony says the clock is close", args(),
            chrony(0, "System time     : 0.000012000 seconds slow of NTP time\n"),
            "ok: the clock is 0.000012 s behind the time servers, within 0.5 s\n  data {offset=-1.2E-5, tool=chrony}\n"),
        Arguments.of("chrony: far off, a step with its size said", args(),
            chrony(0, "Reference ID    : C0000201\nSystem time     : 2.500000000 seconds fast of NTP time\n"),
            "changed: step the clock, now 2.500000 s ahead of the time servers, with chronyc makestep\n  touches clock\n"
                + "  run [chronyc, makestep]\n  data {offset=2.5, tool=chrony}\n"),
        Arguments.of("chronyd not running: only stepping can tell", args(),
            FakeHost.empty().probe(WHICH, 0, "/usr/bin/chronyc\n").probe("chronyc tracking", new runbook.spi.CommandResult(1, "", "506 Cannot talk to daemon\n")),
            "unpredictable: step the clock with chronyc makestep (no offset could be measured first: 506 Cannot talk to daemon)\n  touches clock\n"
                + "  run [chronyc, makestep]\n  data {tool=chrony}\n"),
        Arguments.of("ntpdate where that is what the host has", args("servers", List.of("192.0.2.1")),
            FakeHost.empty().probe(WHICH, 0, "/usr/sbin/ntpdate\n").probe("ntpdate -q 192.0.2.1", 0,
                "server 192.0.2.1, stratum 2, offset 1.250000, delay 0.02\n 1 Dec 20:00:00 ntpdate[9]: step time server 192.0.2.1 offset 1.250000 sec\n"),
            "changed: step the clock, now 1.250000 s behind the time servers, with ntpdate -b 192.0.2.1\n  touches clock\n"
                + "  run [ntpdate, -b, 192.0.2.1]\n  data {offset=-1.25, tool=ntpdate}\n"),
        Arguments.of("ntpdate without servers", args("tool", "ntpdate"), FakeHost.empty(), "failed: ntpdate needs servers to ask for the time\n"),
        Arguments.of("neither tool", args(), FakeHost.empty().probe(WHICH, 1, ""), "failed: this host has neither chronyc nor ntpdate to set its clock with\n"),
        Arguments.of("a limit that is no number", args("max_offset", "soon"), FakeHost.empty(),
            "failed: max_offset takes seconds, like 0.5; 'soon' is not a number\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new TimeSyncModule(), args, host)));
  }

  private static FakeHost chrony(int rc, String tracking) {
    return FakeHost.empty().probe(WHICH, 0, "/usr/bin/chronyc\n").probe("chronyc tracking", rc, tracking);
  }
}
