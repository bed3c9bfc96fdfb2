package runbook.modules.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.CommandResult;

/** ping: the host runs a command; data comes back as ping. */
class PingPlanTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("pong by default", args(), answers(0), "ok: the host answers\n  data {ping=pong}\n"),
        Arguments.of("data comes back", args("data", "hello"), answers(0), "ok: the host answers\n  data {ping=hello}\n"),
        Arguments.of("crash fails, as Ansible's does", args("data", "crash"), FakeHost.empty(), "failed: boom\n"),
        Arguments.of("a host that cannot run a command", args(), answers(126),
            "failed: the host could not run a command (rc 126): cannot execute\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new PingModule(), args, host)));
  }

  private static FakeHost answers(int rc) {
    return FakeHost.empty().probe("true", new CommandResult(rc, "", rc == 0 ? "" : "cannot execute\n"));
  }
}
