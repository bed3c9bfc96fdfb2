package runbook.modules.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/**
 * systemd_service, and service on a systemd host, case by case. Lab hosts have no systemd, so the
 * probe's answers are written as systemctl(1) defines them: {@code show -p} lines, and the exit
 * code and word of is-active (0 only when active) and is-enabled.
 */
class SystemdPlanTest {
  private static final Map<String, Object> SYSTEMD_HOST = Map.of("service_mgr", "systemd");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: started and enabled", args("name", "nginx", "state", "started", "enabled", true), unit("0 active", "0 enabled"),
            """
            ok: nginx is running and enabled
              data {enabled=true, name=nginx, state=started, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("start an inactive unit, verified", args("name", "nginx", "state", "started"), unit("3 inactive", "0 enabled"),
            """
            changed: start nginx
              touches service:nginx
              run [sh, -c, VERIFIED, verified-start, --system, nginx, start, 1] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=inactive, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("a failed unit is started again", args("name", "nginx", "state", "started"), unit("3 failed", "1 disabled"),
            """
            changed: start nginx
              touches service:nginx
              run [sh, -c, VERIFIED, verified-start, --system, nginx, start, 1] env={LC_ALL=C}
              data {enabled=false, name=nginx, state=started, status={ActiveState=failed, LoadState=loaded, NeedDaemonReload=no, UnitFileState=disabled}}
            """),
        Arguments.of("converged: activating counts as running", args("name", "nginx", "state", "started"), unit("3 activating", "0 enabled"),
            """
            ok: nginx is running
              data {enabled=true, name=nginx, state=started, status={ActiveState=activating, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("a unit still deactivating is stopped", args("name", "nginx", "state", "stopped"), unit("3 deactivating", "0 enabled"),
            """
            changed: stop nginx
              touches service:nginx
              run [systemctl, --system, stop, --, nginx] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=stopped, status={ActiveState=deactivating, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("converged: stopped", args("name", "nginx", "state", "stopped"), unit("3 inactive", "0 enabled"),
            """
            ok: nginx is stopped
              data {enabled=true, name=nginx, state=stopped, status={ActiveState=inactive, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("reloaded when inactive starts it", args("name", "nginx", "state", "reloaded"), unit("3 inactive", "0 enabled"),
            """
            changed: start nginx (it is not running, so it cannot be reloaded)
              touches service:nginx
              run [sh, -c, VERIFIED, verified-start, --system, nginx, start, 1] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=inactive, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("no_block queues the job and does not wait", args("name", "nginx", "state", "restarted", "no_block", true),
            unit("0 active", "0 enabled"),
            """
            changed: restart nginx
              touches service:nginx
              run [systemctl, --system, --no-block, restart, --, nginx] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("user scope", args("name", "backup.timer", "enabled", true, "scope", "user"), unit("--user", "backup.timer", "no", "3 inactive", "1 disabled"),
            """
            changed: enable backup.timer
              touches service:backup.timer
              run [systemctl, --user, enable, --, backup.timer] env={LC_ALL=C}
              data {enabled=true, name=backup.timer, state=stopped, status={ActiveState=inactive, LoadState=loaded, NeedDaemonReload=no, UnitFileState=disabled}}
            """),
        Arguments.of("enabled-runtime is not enabled for good", args("name", "nginx", "enabled", true), unit("0 active", "0 enabled-runtime"),
            """
            changed: enable nginx
              touches service:nginx
              run [systemctl, --system, enable, --, nginx] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled-runtime}}
            """),
        Arguments.of("converged: a static unit asked to be enabled", args("name", "getty-static", "enabled", true),
            unit("--system", "getty-static", "no", "0 active", "0 static"),
            """
            ok: getty-static is enabled
              data {enabled=true, name=getty-static, state=started, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=static}}
            """),
        Arguments.of("a static unit cannot be disabled", args("name", "getty-static", "enabled", false),
            unit("--system", "getty-static", "no", "0 active", "0 static"),
            "failed: getty-static is static (started by other units, not by an [Install] section): it cannot be disabled; mask it instead (masked: true)\n"),
        Arguments.of("a masked unit cannot be enabled", args("name", "nginx", "enabled", true), unit("3 inactive", "1 masked"),
            "failed: nginx is masked: it cannot be enabled until it is unmasked (masked: false)\n"),
        Arguments.of("unmask, then enable and start", args("name", "nginx", "masked", false, "enabled", true, "state", "started"),
            unit("3 inactive", "1 masked"),
            """
            changed: unmask nginx, enable nginx, start nginx
              touches service:nginx
              run [systemctl, --system, unmask, --, nginx] env={LC_ALL=C}
              run [systemctl, --system, enable, --, nginx] env={LC_ALL=C}
              run [sh, -c, VERIFIED, verified-start, --system, nginx, start, 1] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=inactive, LoadState=loaded, NeedDaemonReload=no, UnitFileState=disabled}}
            """),
        Arguments.of("mask and stop", args("name", "nginx", "masked", true, "state", "stopped"), unit("0 active", "0 enabled"),
            """
            changed: mask nginx, stop nginx
              touches service:nginx
              run [systemctl, --system, mask, --, nginx] env={LC_ALL=C}
              run [systemctl, --system, stop, --, nginx] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=stopped, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("converged: masked", args("name", "nginx", "masked", true), unit("3 inactive", "1 masked"),
            """
            ok: nginx is masked
              data {enabled=false, name=nginx, state=stopped, status={ActiveState=inactive, LoadState=masked, NeedDaemonReload=no, UnitFileState=masked}}
            """),
        Arguments.of("masked and started contradict each other", args("name", "nginx", "masked", true, "state", "started"), FakeHost.empty(),
            "failed: a masked unit cannot be started or enabled: nginx is to be masked, so ask for state stopped at most\n"),
        Arguments.of("daemon_reload when systemd says the unit file changed", args("name", "nginx", "daemon_reload", true, "state", "restarted"),
            unit("--system", "nginx", "yes", "0 active", "0 enabled"),
            """
            changed: reload systemd's unit files, restart nginx
              touches service:nginx
              run [systemctl, --system, daemon-reload] env={LC_ALL=C}
              run [sh, -c, VERIFIED, verified-restart, --system, nginx, restart, 1] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=yes, UnitFileState=enabled}}
            """),
        Arguments.of("converged: daemon_reload when nothing changed", args("name", "nginx", "daemon_reload", true, "state", "started"),
            unit("0 active", "0 enabled"),
            """
            ok: nginx is loaded from its current unit file and running
              data {enabled=true, name=nginx, state=started, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("daemon_reload alone, without a unit", args("daemon_reload", true), FakeHost.empty(),
            """
            changed: reload systemd's unit files
              run [systemctl, --system, daemon-reload] env={LC_ALL=C}
            """),
        Arguments.of("a word systemctl does not define is a failure", args("name", "nginx", "state", "started"), unit("4 unknown", "0 enabled"),
            "failed: cannot tell whether nginx runs: systemctl is-active says 'unknown'\n"),
        Arguments.of("no such unit", args("name", "nginx", "state", "started"), missing("nginx"),
            "failed: no service named nginx on this host (systemd has no unit nginx)\n"),
        Arguments.of("no such unit, but an earlier simulated install: depends on it", args("name", "nginx", "state", "started"),
            missing("nginx").pending("package:nginx", "install nginx"),
            """
            depends on install nginx: start nginx
              touches service:nginx
              run [sh, -c, VERIFIED, verified-start, --system, nginx, start, 1] env={LC_ALL=C}
              data {enabled=false, name=nginx, state=started, status={ActiveState=inactive, LoadState=loaded, UnitFileState=disabled}}
            """),
        Arguments.of("scope global is refused in words", args("name", "nginx", "enabled", true, "scope", "global"), FakeHost.empty(),
            "failed: scope global is not supported: use system or user\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void systemdService(String name, Map<String, Object> args, FakeHost host, String expected) {
    var plan = Calls.plan(new SystemdModule(), args, host, FakeController.empty(), true, SYSTEMD_HOST);
    assertEquals(expected, PlanText.of(plan).replace(SystemdUnit.VERIFIED, "VERIFIED"));
  }

  static Stream<Arguments> service() {
    return Stream.of(
        Arguments.of("service picks systemd from the facts", args("name", "nginx", "state", "started"), SYSTEMD_HOST, unit("3 inactive", "0 enabled"),
            """
            changed: start nginx
              touches service:nginx
              run [sh, -c, VERIFIED, verified-start, --system, nginx, start, 1] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=started, status={ActiveState=inactive, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("use overrides the facts", args("name", "nginx", "state", "stopped", "use", "systemd"), Map.of("service_mgr", "sysvinit"),
            unit("0 active", "0 enabled"),
            """
            changed: stop nginx
              touches service:nginx
              run [systemctl, --system, stop, --, nginx] env={LC_ALL=C}
              data {enabled=true, name=nginx, state=stopped, status={ActiveState=active, LoadState=loaded, NeedDaemonReload=no, UnitFileState=enabled}}
            """),
        Arguments.of("init-script arguments on a systemd host are refused in words", args("name", "nginx", "state", "started", "arguments", "-f"),
            SYSTEMD_HOST, FakeHost.empty(), "failed: arguments are passed to init scripts only; nginx is a systemd unit here\n"),
        Arguments.of("no service_mgr fact", args("name", "nginx", "state", "started"), Map.of(), FakeHost.empty(),
            "failed: the host's service manager is not known (no service_mgr fact): set use to systemd or sysvinit\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("service")
  void service(String name, Map<String, Object> args, Map<String, Object> facts, FakeHost host, String expected) {
    var plan = Calls.plan(new ServiceModule(), args, host, FakeController.empty(), false, facts);
    assertEquals(expected, PlanText.of(plan).replace(SystemdUnit.VERIFIED, "VERIFIED"));
  }

  @Test
  void foundUnderAnsiblesNames() {
    assertEquals(List.of("systemd_service", "ansible.builtin.systemd_service", "ansible.legacy.systemd_service", "systemd",
        "ansible.builtin.systemd", "ansible.legacy.systemd"), new SystemdModule().spec().names());
    assertEquals(List.of("service", "ansible.builtin.service", "ansible.legacy.service"), new ServiceModule().spec().names());
    assertEquals(List.of("sysvinit", "ansible.builtin.sysvinit", "ansible.legacy.sysvinit"), new SysvinitModule().spec().names());
  }

  private static FakeHost unit(String active, String enabled) {
    return unit("--system", "nginx", "no", active, enabled);
  }

  private static FakeHost unit(String scope, String name, String needReload, String active, String enabled) {
    String load = enabled.endsWith("masked") ? "masked" : "loaded";
    return FakeHost.empty().probe(SystemdUnit.probe(scope, name).display(), 0,
        "LoadState=" + load + "\nNeedDaemonReload=" + needReload + "\nis-active=" + active + "\nis-enabled=" + enabled + "\n");
  }

  /** As systemctl answers for a unit it has no file for. */
  private static FakeHost missing(String name) {
    return FakeHost.empty().probe(SystemdUnit.probe("--system", name).display(), 0,
        "LoadState=not-found\nNeedDaemonReload=no\nis-active=3 inactive\nis-enabled=1 \n");
  }
}
