package runbook.modules.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Module;

/**
 * service and sysvinit over Debian init scripts, case by case. The status exit codes and outputs
 * and the rc?.d link sets are as recorded on a lab host (Debian 12, apache2 2.4 from the offline
 * cache, LC_ALL=C): {@code /etc/init.d/apache2 status} and {@code find /etc/rc?.d -name '[SK][0-9][0-9]apache2'}
 * after {@code update-rc.d apache2 enable} and {@code disable}, as the module's one probe prints them.
 */
class InitScriptPlanTest {
  private static final Map<String, Object> SYSVINIT_HOST = Map.of("service_mgr", "sysvinit");
  private static final String RUNNING = "apache2 is running.\n";
  private static final String STOPPED = "apache2 is not running ... failed!\n";
  private static final String ENABLED =
      "/etc/rc0.d/K01apache2\n/etc/rc1.d/K01apache2\n/etc/rc2.d/S01apache2\n/etc/rc3.d/S01apache2\n/etc/rc4.d/S01apache2\n"
          + "/etc/rc5.d/S01apache2\n/etc/rc6.d/K01apache2\n";
  private static final String DISABLED =
      "/etc/rc0.d/K01apache2\n/etc/rc1.d/K01apache2\n/etc/rc2.d/K01apache2\n/etc/rc3.d/K01apache2\n/etc/rc4.d/K01apache2\n"
          + "/etc/rc5.d/K01apache2\n/etc/rc6.d/K01apache2\n";

  static Stream<Arguments> service() {
    return Stream.of(
        Arguments.of("converged: started and enabled", args("name", "apache2", "state", "started", "enabled", true), apache(0, RUNNING, ENABLED),
            """
            ok: apache2 is running and enabled
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("start a stopped service, verified", args("name", "apache2", "state", "started"), apache(3, STOPPED, ENABLED),
            """
            changed: start apache2
              touches service:apache2
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("dead with a pid file left (1) is not running", args("name", "apache2", "state", "started"),
            apache(1, "apache2 is not running ... failed!\n", ENABLED),
            """
            changed: start apache2
              touches service:apache2
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=1, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("converged: stopped", args("name", "apache2", "state", "stopped"), apache(3, STOPPED, ENABLED),
            """
            ok: apache2 is stopped
              data {enabled=true, name=apache2, state=stopped, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("stop a running service", args("name", "apache2", "state", "stopped"), apache(0, RUNNING, ENABLED),
            """
            changed: stop apache2
              touches service:apache2
              run [/etc/init.d/apache2, stop] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=stopped, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("words that say running do not count, the exit code does", args("name", "apache2", "state", "started"),
            apache(3, "apache2 is running? no: not running\n", ENABLED),
            """
            changed: start apache2
              touches service:apache2
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=3, output=apache2 is running? no: not running}}
            """),
        Arguments.of("restarted always changes, running or not", args("name", "apache2", "state", "restarted"), apache(0, RUNNING, ENABLED),
            """
            changed: restart apache2
              touches service:apache2
              run [sh, -c, VERIFIED, verified-restart, apache2, restart, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("restarted with sleep: stop, sleep, start", args("name", "apache2", "state", "restarted", "sleep", 2),
            apache(0, RUNNING, ENABLED),
            """
            changed: restart apache2
              touches service:apache2
              run [/etc/init.d/apache2, stop] env={LC_ALL=C}
              run [sh, -c, VERIFIED, verified-start, apache2, start, 2, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("reloaded always changes", args("name", "apache2", "state", "reloaded"), apache(0, RUNNING, ENABLED),
            """
            changed: reload apache2
              touches service:apache2
              run [sh, -c, VERIFIED, verified-reload, apache2, reload, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("reloaded when stopped starts it (its reload fails: recorded rc 1)", args("name", "apache2", "state", "reloaded"),
            apache(3, STOPPED, ENABLED),
            """
            changed: start apache2 (it is not running, so it cannot be reloaded)
              touches service:apache2
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("status unknown (4) is a failure, not a guess", args("name", "apache2", "state", "started"),
            apache(4, "cannot read pid file\n", ENABLED),
            "failed: cannot tell whether apache2 runs: /etc/init.d/apache2 status exited with 4 (status unknown): cannot read pid file\n"),
        Arguments.of("a script without status (usage, 5) is a failure", args("name", "apache2", "state", "stopped"),
            apache(5, "Usage: /etc/init.d/apache2 {start|stop}\n", ENABLED),
            "failed: cannot tell whether apache2 runs: /etc/init.d/apache2 status exited with 5 (not an LSB status code): Usage: /etc/init.d/apache2 {start|stop}\n"),
        Arguments.of("converged: disabled", args("name", "apache2", "enabled", false), apache(3, STOPPED, DISABLED),
            """
            ok: apache2 is disabled
              data {enabled=false, name=apache2, state=stopped, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("disable: update-rc.d", args("name", "apache2", "enabled", false), apache(0, RUNNING, ENABLED),
            """
            changed: disable apache2
              touches service:apache2
              run [update-rc.d, apache2, disable] env={LC_ALL=C}
              data {enabled=false, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("enable and start: enable first", args("name", "apache2", "enabled", true, "state", "started"), apache(3, STOPPED, DISABLED),
            """
            changed: enable apache2, start apache2
              touches service:apache2
              run [update-rc.d, apache2, enable] env={LC_ALL=C}
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("enable a script without links: its defaults first", args("name", "apache2", "enabled", true), apache(3, STOPPED, ""),
            """
            changed: enable apache2
              touches service:apache2
              run [update-rc.d, apache2, defaults] env={LC_ALL=C}
              run [update-rc.d, apache2, enable] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=stopped, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("arguments go to every action but status", args("name", "apache2", "state", "stopped", "arguments", "--force 'a b'"),
            apache(0, RUNNING, ENABLED),
            """
            changed: stop apache2
              touches service:apache2
              run [/etc/init.d/apache2, stop, --force, a b] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=stopped, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("no such service (recorded: 'nosuch: unrecognized service')", args("name", "nosuch", "state", "started"), none("nosuch"),
            "failed: no service named nosuch on this host (no /etc/init.d/nosuch)\n"),
        Arguments.of("a path is no service name", args("name", "../../bin/sh", "state", "started"), FakeHost.empty(),
            "failed: '../../bin/sh' is not a service name (letters, digits and _ . @ : + - only)\n"),
        Arguments.of("nothing asked", args("name", "apache2"), FakeHost.empty(), "failed: give state or enabled (or both) for apache2\n"),
        Arguments.of("pattern is refused in words", args("name", "apache2", "state", "started", "pattern", "httpd"), FakeHost.empty(),
            "failed: pattern is not supported: whether apache2 runs is read from the exit code of its status, not from ps\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("service")
  void serviceOnADebianHost(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, plan(new ServiceModule(), args, host, false));
  }

  static Stream<Arguments> sysvinit() {
    return Stream.of(
        Arguments.of("restart is stop, sleep 1 (its default), start", args("name", "apache2", "state", "restarted"), apache(0, RUNNING, ENABLED),
            """
            changed: restart apache2
              touches service:apache2
              run [/etc/init.d/apache2, stop] env={LC_ALL=C}
              run [sh, -c, VERIFIED, verified-start, apache2, start, 1, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("converged: enabled in the runlevels asked", args("name", "apache2", "enabled", true, "runlevels", java.util.List.of("2", "3")),
            apache(0, RUNNING, ENABLED),
            """
            ok: apache2 is enabled
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("disable in the runlevels asked", args("name", "apache2", "enabled", false, "runlevels", java.util.List.of("2", "3")),
            apache(0, RUNNING, ENABLED),
            """
            changed: disable apache2
              touches service:apache2
              run [update-rc.d, apache2, disable, 2, 3] env={LC_ALL=C}
              data {enabled=false, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("a start link left in one runlevel asked is not disabled", args("name", "apache2", "enabled", false, "runlevels", java.util.List.of("2", "3")),
            apache(0, RUNNING, "/etc/rc2.d/K01apache2\n/etc/rc3.d/S01apache2\n"),
            """
            changed: disable apache2
              touches service:apache2
              run [update-rc.d, apache2, disable, 2, 3] env={LC_ALL=C}
              data {enabled=false, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sysvinit")
  void sysvinit(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, plan(new SysvinitModule(), args, host, false));
  }

  static Stream<Arguments> freshHost() {
    return Stream.of(
        Arguments.of("an earlier simulated install of the package: would start, depending on it",
            args("name", "apache2", "state", "started", "enabled", true), none("apache2").pending("package:apache2", "install apache2"),
            """
            depends on install apache2: enable apache2, start apache2
              touches service:apache2
              run [update-rc.d, apache2, defaults] env={LC_ALL=C}
              run [update-rc.d, apache2, enable] env={LC_ALL=C}
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=3, output=}}
            """),
        Arguments.of("an install of a package named otherwise counts too", args("name", "mysql", "state", "started"),
            none("mysql").pending("package:mariadb-server", "install mariadb-server"),
            """
            depends on install mariadb-server: start mysql
              touches service:mysql
              run [sh, -c, VERIFIED, verified-start, mysql, start, 0, 1] env={LC_ALL=C}
              data {enabled=false, name=mysql, state=started, status={rc=3, output=}}
            """),
        Arguments.of("without an earlier install, a missing service is a failure", args("name", "apache2", "state", "started"),
            none("apache2").pending("service:apache2", "stop apache2"),
            "failed: no service named apache2 on this host (no /etc/init.d/apache2)\n"));
  }

  /** A check run after an earlier task of the same run stopped or started the service only in simulation. */
  static Stream<Arguments> afterASimulatedChange() {
    return Stream.of(
        Arguments.of("started after a simulated stop: a start, depending on it", args("name", "apache2", "state", "started"),
            apache(0, RUNNING, ENABLED).pending("service:apache2", "stop apache2"),
            """
            depends on stop apache2: start apache2
              touches service:apache2
              run [sh, -c, VERIFIED, verified-start, apache2, start, 0, 1] env={LC_ALL=C}
              data {enabled=true, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("started after a simulated start: nothing more", args("name", "apache2", "state", "started"),
            apache(3, STOPPED, ENABLED).pending("service:apache2", "enable apache2, start apache2"),
            """
            ok: apache2 is running
              data {enabled=true, name=apache2, state=started, status={rc=3, output=apache2 is not running ... failed!}}
            """),
        Arguments.of("the last change counts: stopped after a restart, then a stop", args("name", "apache2", "state", "stopped"),
            apache(0, RUNNING, ENABLED).pending("service:apache2", "restart apache2").pending("service:apache2", "stop apache2"),
            """
            ok: apache2 is stopped
              data {enabled=true, name=apache2, state=stopped, status={rc=0, output=apache2 is running.}}
            """),
        Arguments.of("a simulated enable alone leaves the state as the host shows it", args("name", "apache2", "state", "started"),
            apache(0, RUNNING, DISABLED).pending("service:apache2", "enable apache2"),
            """
            ok: apache2 is running
              data {enabled=false, name=apache2, state=started, status={rc=0, output=apache2 is running.}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("afterASimulatedChange")
  void checkRunAfterASimulatedStartOrStop(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, plan(new ServiceModule(), args, host, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("freshHost")
  void checkRunOnAFreshHost(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, plan(new ServiceModule(), args, host, true));
  }

  static String plan(Module module, Map<String, Object> args, FakeHost host, boolean check) {
    var plan = Calls.plan(module, args, host, FakeController.empty(), check, SYSVINIT_HOST);
    return PlanText.of(plan).replace(InitScript.VERIFIED, "VERIFIED").replace(SystemdUnit.VERIFIED, "VERIFIED");
  }

  private static FakeHost apache(int statusRc, String statusOutput, String links) {
    return FakeHost.empty().probe(InitScript.probe("apache2").display(), 0, links + "\n" + statusOutput + "\n" + statusRc + "\n");
  }

  /** No script of that name: the probe prints nothing. */
  private static FakeHost none(String name) {
    return FakeHost.empty().probe(InitScript.probe(name).display(), 0, "");
  }
}
