package runbook.modules.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.CommandResult;
import runbook.spi.HostException;

/**
 * wait_for_connection on a clock of its own: each attempt is a connection afresh that the host
 * refuses ("refused", at once), lets time out ("silent", after the attempt's limit), answers with
 * a failing command ("sudo") or answers ("up"). The attempts' time limits are listed after the plan.
 */
class WaitForConnectionPlanTest {
  private static final String REFUSED = "cannot connect to h1 at 10.0.0.1:22: connection refused";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("the host answers at once", args(), List.of("up"), false,
            "ok: the host answered\n  data {elapsed=0}\n  limits [PT5S]\n"),
        Arguments.of("after the delay, refused twice, then up: elapsed counts the delay and the sleeps", args("delay", 3, "sleep", 2),
            List.of("refused", "refused", "up"), false, "ok: the host answered\n  data {elapsed=7}\n  limits [PT5S, PT5S, PT5S]\n"),
        Arguments.of("a command that fails (sudo asks a password) is no answer yet", args(), List.of("sudo", "up"), false,
            "ok: the host answered\n  data {elapsed=1}\n  limits [PT5S, PT5S]\n"),
        Arguments.of("never up: the last reason, after the timeout", args("timeout", 3), List.of("refused", "refused", "refused", "up"), false,
            "failed: timed out waiting for a connection after 3 s: " + REFUSED + "\n  data {elapsed=3}\n  limits [PT3S, PT2S, PT1S]\n"),
        Arguments.of("a silent host: the last attempt's limit is what time is left", args("timeout", 7, "connect_timeout", 5), List.of("silent", "silent", "up"), false,
            "failed: timed out waiting for a connection after 7 s: cannot connect to h1 at 10.0.0.1:22: no answer\n  data {elapsed=8}\n  limits [PT5S, PT1S]\n"),
        Arguments.of("a failed command's words are the reason", args("timeout", 1), List.of("sudo"), false,
            "failed: timed out waiting for a connection after 1 s: the host could not run a command (rc 1): sudo: a password is required\n"
                + "  data {elapsed=1}\n  limits [PT1S]\n"),
        Arguments.of("check mode looks too: it changes nothing", args(), List.of("refused", "up"), true,
            "ok: the host answered\n  data {elapsed=1}\n  limits [PT5S, PT5S]\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, List<String> attempts, boolean check, String expected) {
    AtomicLong now = new AtomicLong(1_000_000);
    List<Duration> limits = new ArrayList<>();
    var module = new WaitForConnectionModule(now::get, now::addAndGet);
    String plan = PlanText.of(Calls.reconnecting(module, args, check, limit -> {
      String attempt = attempts.get(limits.size());
      limits.add(limit);
      return switch (attempt) {
        case "refused" -> throw new HostException(REFUSED, true, null);
        case "silent" -> {
          now.addAndGet(limit.toMillis());
          throw new HostException("cannot connect to h1 at 10.0.0.1:22: no answer", true, null);
        }
        case "sudo" -> FakeHost.empty().probe("true", new CommandResult(1, "", "sudo: a password is required\n"));
        default -> FakeHost.empty().probe("true", 0, "");
      };
    }));
    assertEquals(expected, plan + "  limits " + limits + "\n");
  }
}
