package runbook.modules.system;

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

/** hostname from hostname, /etc/hostname or hostnamectl; cron from crontab -l or a cron.d file, lines as Ansible's CronTab finds them. */
class HostnameCronPlanTest {
  private static final String FACTS = "ansible_facts={ansible_hostname=web1, ansible_nodename=web1.example.org, ansible_fqdn=web1.example.org,"
      + " ansible_domain=example.org}, name=web1.example.org}";
  private static final String TAB = "MAILTO=ops\n#Ansible: backup\n0 2 * * * /usr/local/bin/backup\n# mine\n*/5 * * * * /bin/true\n";

  static Stream<Arguments> cases() {
    var hostname = new HostnameModule();
    var cron = new CronModule();
    String web1 = "web1.example.org";
    return Stream.of(
        Arguments.of("hostname: converged", hostname, args("name", web1), named(web1, web1 + "\n"), "ok: the host is named web1.example.org\n  data {" + FACTS + "\n"),
        Arguments.of("hostname: run time and boot", hostname, args("name", web1), named("h1", "h1\n"),
            "changed: rename the host from h1 to web1.example.org\n  touches hostname\n  write /etc/hostname \"web1.example.org\\n\"\n"
                + "  run [hostname, web1.example.org]\n  diff /etc/hostname \"h1\\n\" -> \"web1.example.org\\n\"\n  data {" + FACTS + "\n"),
        Arguments.of("hostname: only the boot file lags", hostname, args("name", web1), named(web1, "old\n"),
            "changed: name the host web1.example.org at boot too\n  touches hostname\n  write /etc/hostname \"web1.example.org\\n\"\n"
                + "  diff /etc/hostname \"old\\n\" -> \"web1.example.org\\n\"\n  data {" + FACTS + "\n"),
        Arguments.of("hostname: systemd", hostname, args("name", web1, "use", "systemd"),
            named("h1", "").probe("hostnamectl --static", 0, "h1\n"),
            "changed: rename the host from h1 to web1.example.org\n  touches hostname\n  run [hostnamectl, set-hostname, web1.example.org]\n"
                + "  data {" + FACTS + "\n"),
        Arguments.of("hostname: not a name", hostname, args("name", "a b;reboot"), FakeHost.empty(), "failed: 'a b;reboot' is not a host name\n"),

        Arguments.of("cron: converged", cron, args("name", "backup", "minute", "0", "hour", "2", "job", "/usr/local/bin/backup", "user", "deploy"),
            crontab(TAB), "ok: job backup is as wanted in the crontab of deploy\n  data {envs=[MAILTO], jobs=[backup]}\n"),
        Arguments.of("cron: a new job is appended, every other line kept", cron, args("name", "clean", "special_time", "daily", "job", "find /tmp -delete", "user", "deploy"),
            crontab(TAB),
            "changed: set job clean in the crontab of deploy\n  touches crontab:deploy\n"
                + "  run [crontab, -u, deploy, -] stdin=\"" + esc(TAB) + "#Ansible: clean\\n@daily find /tmp -delete\\n\"\n"
                + "  diff the crontab of deploy \"" + esc(TAB) + "\" -> \"" + esc(TAB) + "#Ansible: clean\\n@daily find /tmp -delete\\n\"\n"
                + "  data {envs=[MAILTO], jobs=[backup, clean]}\n"),
        Arguments.of("cron: a job's time changes in place", cron, args("name", "backup", "hour", "3", "minute", "0", "job", "/usr/local/bin/backup", "user", "deploy"),
            crontab(TAB),
            "changed: set job backup in the crontab of deploy\n  touches crontab:deploy\n"
                + "  run [crontab, -u, deploy, -] stdin=\"" + esc(TAB.replace("0 2", "0 3")) + "\"\n"
                + "  diff the crontab of deploy \"" + esc(TAB) + "\" -> \"" + esc(TAB.replace("0 2", "0 3")) + "\"\n"
                + "  data {envs=[MAILTO], jobs=[backup]}\n"),
        Arguments.of("cron: an unnamed line that is the job gets its comment", cron, args("name", "tick", "minute", "*/5", "job", "/bin/true", "user", "deploy"),
            crontab(TAB),
            "changed: set job tick in the crontab of deploy\n  touches crontab:deploy\n"
                + "  run [crontab, -u, deploy, -] stdin=\"" + esc(TAB.replace("# mine\n", "# mine\n#Ansible: tick\n")) + "\"\n"
                + "  diff the crontab of deploy \"" + esc(TAB) + "\" -> \"" + esc(TAB.replace("# mine\n", "# mine\n#Ansible: tick\n")) + "\"\n"
                + "  data {envs=[MAILTO], jobs=[backup, tick]}\n"),
        Arguments.of("cron: absent removes the comment and the job", cron, args("name", "backup", "state", "absent", "user", "deploy"), crontab(TAB),
            "changed: remove job backup in the crontab of deploy\n  touches crontab:deploy\n"
                + "  run [crontab, -u, deploy, -] stdin=\"MAILTO=ops\\n# mine\\n*/5 * * * * /bin/true\\n\"\n"
                + "  diff the crontab of deploy \"" + esc(TAB) + "\" -> \"MAILTO=ops\\n# mine\\n*/5 * * * * /bin/true\\n\"\n"
                + "  data {envs=[MAILTO], jobs=[]}\n"),
        Arguments.of("cron: absent already, no crontab at all", cron, args("name", "backup", "state", "absent", "user", "app"),
            FakeHost.empty().probe("crontab -l -u app", new runbook.spi.CommandResult(1, "", "no crontab for app\n")),
            "ok: job backup is not in the crontab of app\n  data {envs=[], jobs=[]}\n"),
        Arguments.of("cron: env goes first", cron, args("name", "PATH", "env", true, "job", "/usr/bin:/bin", "user", "deploy"), crontab(TAB),
            "changed: set variable PATH in the crontab of deploy\n  touches crontab:deploy\n"
                + "  run [crontab, -u, deploy, -] stdin=\"PATH=\\\"/usr/bin:/bin\\\"\\n" + esc(TAB) + "\"\n"
                + "  diff the crontab of deploy \"" + esc(TAB) + "\" -> \"PATH=\\\"/usr/bin:/bin\\\"\\n" + esc(TAB) + "\"\n"
                + "  data {envs=[PATH, MAILTO], jobs=[backup]}\n"),
        Arguments.of("cron: a cron.d file, with the user field", cron,
            args("name", "renew", "cron_file", "certs", "user", "root", "minute", "30", "hour", "4", "job", "certbot renew -q"),
            FakeHost.empty().dir("/etc/cron.d"),
            "changed: set job renew in /etc/cron.d/certs\n  write /etc/cron.d/certs \"#Ansible: renew\\n30 4 * * * root certbot renew -q\\n\" mode=0644\n"
                + "  diff /etc/cron.d/certs \"\" -> \"#Ansible: renew\\n30 4 * * * root certbot renew -q\\n\"\n"
                + "  data {cron_file=/etc/cron.d/certs, envs=[], jobs=[renew]}\n"),
        Arguments.of("cron: the last job of a cron.d file removes the file", cron, args("name", "renew", "cron_file", "certs", "state", "absent"),
            FakeHost.empty().file("/etc/cron.d/certs", "#Ansible: renew\n30 4 * * * root certbot renew -q\n"),
            "changed: remove job renew in /etc/cron.d/certs (its last line: the file goes)\n  remove /etc/cron.d/certs\n"
                + "  diff /etc/cron.d/certs \"#Ansible: renew\\n30 4 * * * root certbot renew -q\\n\" -> \"\"\n"
                + "  data {cron_file=/etc/cron.d/certs, envs=[], jobs=[]}\n"),
        Arguments.of("cron: special time and fields", cron, args("name", "x", "special_time", "reboot", "hour", "1", "job", "x"), FakeHost.empty(),
            "failed: You must specify time and date fields or special time.\n"),
        Arguments.of("cron: cron_file needs a user", cron, args("name", "x", "cron_file", "x", "job", "x"), FakeHost.empty(),
            "failed: To use cron_file=... parameter you must specify user=... as well\n"),
        Arguments.of("cron: a job is needed", cron, args("name", "x"), FakeHost.empty(),
            "failed: You must specify 'job' to install a new cron job or variable\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host, FakeController.empty(), false, Map.of("service_mgr", "sysvinit"))));
  }

  private static FakeHost named(String running, String file) {
    return FakeHost.empty().dir("/etc").file("/etc/hostname", file).probe("hostname", 0, running + "\n");
  }

  private static FakeHost crontab(String content) {
    return FakeHost.empty().probe("crontab -l -u deploy", 0, content);
  }

  private static String esc(String text) {
    return text.replace("\n", "\\n").replace("\"", "\\\"");
  }
}
