package runbook.modules.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.AnsweringHost;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.CommandResult;

/** wait_for: the host's loop answers (rc, elapsed, groups), the plan is what Ansible registers. */
class WaitForPlanTest {
  private static final WaitForModule MODULE = new WaitForModule();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: the port is open", args("port", 8080), ok("elapsed=0\n"),
            "ok: 127.0.0.1:8080: ready after 0 s\n  data {elapsed=0, port=8080, state=started}\n"),
        Arguments.of("a port that opens after a while", args("host", "10.0.0.2", "port", 80, "delay", 1), ok("elapsed=4\n"),
            "ok: 10.0.0.2:80: ready after 4 s\n  data {elapsed=4, port=80, state=started}\n"),
        Arguments.of("timeout, in Ansible's words", args("port", 81, "timeout", 2), timedOut(2),
            "failed: Timeout when waiting for 127.0.0.1:81\n  data {elapsed=2, msg=Timeout when waiting for 127.0.0.1:81, port=81, state=started}\n"),
        Arguments.of("timeout with msg", args("port", 81, "timeout", 2, "msg", "the app did not come up"), timedOut(2),
            "failed: the app did not come up\n  data {elapsed=2, msg=the app did not come up, port=81, state=started}\n"),
        Arguments.of("stopped times out", args("port", 22, "state", "stopped", "timeout", 1), timedOut(1),
            "failed: Timeout when waiting for 127.0.0.1:22 to stop.\n  data {elapsed=1, msg=Timeout when waiting for 127.0.0.1:22 to stop., port=22, state=stopped}\n"),
        Arguments.of("a file appears", args("path", "/run/app.pid"), ok("elapsed=1\n"),
            "ok: /run/app.pid: ready after 1 s\n  data {elapsed=1, path=/run/app.pid, state=started}\n"),
        Arguments.of("absent file times out", args("path", "/var/lock/x", "state", "absent", "timeout", 3), timedOut(3),
            "failed: Timeout when waiting for /var/lock/x to be absent.\n  data {elapsed=3, msg=Timeout when waiting for /var/lock/x to be absent., path=/var/lock/x, state=absent}\n"),
        Arguments.of("search_regex registers the groups", args("path", "/var/log/app.log", "search_regex", "started on (?P<port>\\d+)"),
            ok("[[\"8080\"], {\"port\": \"8080\"}]\nelapsed=2\n"),
            "ok: search string 'started on (?P<port>\\d+)' in /var/log/app.log: ready after 2 s\n"
                + "  data {elapsed=2, match_groupdict={port=8080}, match_groups=[8080], path=/var/log/app.log, search_regex=started on (?P<port>\\d+), state=started}\n"),
        Arguments.of("quiet_for: the log has gone quiet", args("path", "/var/log/apache2/access.log", "quiet_for", 60), ok("elapsed=0\n"),
            "ok: /var/log/apache2/access.log to be quiet for 60 s: ready after 0 s\n  data {elapsed=0, path=/var/log/apache2/access.log, state=started}\n"),
        Arguments.of("quiet_for: still busy at the timeout", args("path", "/var/log/apache2/access.log", "quiet_for", 60, "timeout", 600),
            timedOut(600),
            "failed: Timeout when waiting for /var/log/apache2/access.log to be quiet for 60 s\n"
                + "  data {elapsed=600, msg=Timeout when waiting for /var/log/apache2/access.log to be quiet for 60 s, path=/var/log/apache2/access.log, state=started}\n"),
        Arguments.of("drained", args("host", "0.0.0.0", "port", 80, "state", "drained", "exclude_hosts", List.of("10.0.0.9")), ok("elapsed=7\n"),
            "ok: 0.0.0.0:80 to drain: ready after 7 s\n  data {elapsed=7, port=80, state=drained}\n"),
        Arguments.of("the host lacks every tool", args("port", 80), new CommandResult(4, "", "waiting for a port needs python3, nc or bash on the host\n"),
            "failed: waiting for 127.0.0.1:80 failed: waiting for a port needs python3, nc or bash on the host\n  data {elapsed=0, port=80, state=started}\n"),
        Arguments.of("port and path", args("port", 80, "path", "/x"), ok(""), "failed: port and path parameter can not both be passed to wait_for\n"),
        Arguments.of("stopped on a path", args("path", "/x", "state", "stopped"), ok(""),
            "failed: state=stopped should only be used for checking a port in the wait_for module\n"),
        Arguments.of("exclude_hosts without drained", args("port", 80, "exclude_hosts", List.of("10.0.0.1")), ok(""),
            "failed: exclude_hosts should only be with state=drained\n"),
        Arguments.of("quiet_for without path", args("port", 80, "quiet_for", 5), ok(""),
            "failed: quiet_for waits for a file to go quiet: it needs path, state present, and no search_regex\n"),
        Arguments.of("drained on a host name", args("host", "web", "port", 80, "state", "drained"), ok(""),
            "failed: state=drained needs host as an IPv4 address, or 0.0.0.0 for every local address\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, CommandResult answer, String expected) {
    var host = new AnsweringHost(FakeHost.empty(), c -> answer);
    assertEquals(expected, PlanText.of(Calls.plan(MODULE, args, host, FakeController.empty(), false)));
  }

  @Test
  void inCheckModeTheProbeRunsAndRegisters() {
    var host = new AnsweringHost(FakeHost.empty(), c -> ok("elapsed=0\n"));
    assertEquals("ok: 127.0.0.1:8080: ready after 0 s\n  data {elapsed=0, port=8080, state=started}\n",
        PlanText.of(Calls.plan(MODULE, args("port", 8080), host, FakeController.empty(), true)));
    assertEquals(1, host.asked.size());
  }

  @Test
  void inCheckModeAfterASimulatedStartItLooksOnceAndSaysWhatItDependsOn() {
    var host = new AnsweringHost(FakeHost.empty().pending("service:apache2", "start apache2"), c -> timedOut(0));
    assertEquals("depends on start apache2: would wait for 127.0.0.1:80\n  data {elapsed=0, port=80, state=started}\n",
        PlanText.of(Calls.plan(MODULE, args("port", 80, "timeout", 300), host, FakeController.empty(), true)));
    assertTrue(host.asked.get(0).script().contains("timeout=0\n"), "one look, no waiting: " + host.asked.get(0).script());
  }

  @Test
  void theLoopIsGuardedByTheCommandsTimeLimit() {
    var host = new AnsweringHost(FakeHost.empty(), c -> ok("elapsed=0\n"));
    Calls.plan(MODULE, args("port", 80, "timeout", 60, "delay", 5, "connect_timeout", 2), host, FakeController.empty(), false);
    assertEquals(60 + 5 + 2 + 15, host.asked.get(0).timeout().toSeconds());
  }

  @Test
  void valuesReachTheShellQuoted() {
    var host = new AnsweringHost(FakeHost.empty(), c -> ok("elapsed=0\n"));
    Calls.plan(MODULE, args("path", "/srv/a'b $(reboot)"), host, FakeController.empty(), false);
    assertTrue(host.asked.get(0).script().contains("path='/srv/a'\\''b $(reboot)'\n"), host.asked.get(0).script());
  }

  @Test
  void procFormsOfAnAddress() {
    assertEquals("0100007F 0000000000000000FFFF00000100007F", WaitForModule.procForms("127.0.0.1"));
  }

  private static CommandResult ok(String stdout) {
    return new CommandResult(0, stdout, "");
  }

  private static CommandResult timedOut(int elapsed) {
    return new CommandResult(3, "elapsed=" + elapsed + "\n", "");
  }
}
