package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * group, user, hostname and cron on a lab host, in four steps (check, apply, apply, check): what
 * getent, the shadow database, /etc/hostname, the host's name and /etc/cron.d say is the look. The
 * lab hosts have their own UTS namespace, so a new host name is theirs alone.
 */
@ExtendWith(LabExtension.class)
class AccountsFourStepTest {
  private static final String HOST = "h2";
  private static final String HASH = "$6$labsalt$0cY9w3tqgE7QlV9yQkYx2p3sN6o1ZrFhK0aB5cD7eF9gH1iJ3kL5mN7oP9qR1sT3uV5wX7yZ9aB1cD3eF5gH7.";
  private static final String LOOK = "getent group apps; getent passwd app; getent shadow app | cut -d: -f1,2; ls -ld /home/app 2>&1;"
      + " id -Gn app 2>&1; hostname; cat /etc/hostname; cat /etc/cron.d/runbook-lab 2>&1; true";

  @TempDir Path dir;

  @Test
  void aGroupAndAUserWithAPasswordAreMadeThenRemoved(Lab lab) throws IOException {
    exec(lab, "userdel -r app 2>/dev/null; groupdel apps 2>/dev/null; true");
    fourSteps(lab, """
        - group: {name: apps, gid: 2345}
        - user:
            name: app
            uid: 2345
            group: apps
            groups: [adm]
            comment: The app
            shell: /bin/sh
            password: "%s"
        """.formatted(HASH), 2);
    String after = exec(lab, LOOK);
    assertTrue(after.contains("apps:x:2345:"), after);
    assertTrue(after.contains("app:x:2345:2345:The app:/home/app:/bin/sh"), after);
    assertTrue(after.contains("app:" + HASH), after);
    assertTrue(after.contains("apps adm"), after);

    Path book = Fixtures.runbook(dir, """
        - user: {name: app, password: "%s"}
          register: u
        - debug: {var: u}
        """.formatted(HASH.replace("0cY9", "1cY9")));
    Command change = Command.run("apply", lab.inventory().toString(), book.toString(), "--limit", HOST);
    assertEquals(1, change.changed(), change.toString());
    assertFalse(change.out().contains("1cY9"), "the password hash is never shown\n" + change);
    // the result's NOT_LOGGING_PASSWORD is under a secret name, so the console masks it as well
    assertTrue(change.out().contains("\"password\" : \"********\""), change.toString());

    fourSteps(lab, """
        - user: {name: app, state: absent, remove: true}
        - group: {name: apps, state: absent}
        """, 2);
    assertFalse(exec(lab, LOOK).contains("app:x"), "the user is gone");
  }

  @Test
  void theHostNameAndACronFile(Lab lab) throws IOException {
    String name = exec(lab, "hostname").strip();
    exec(lab, "rm -f /etc/cron.d/runbook-lab");
    try {
      fourSteps(lab, """
          - hostname: {name: web2.lab.example, use: debian}
          - cron: {name: rotate, cron_file: runbook-lab, user: root, minute: "15", hour: "3", job: "/usr/sbin/logrotate /etc/logrotate.conf"}
          - cron: {name: tick, cron_file: runbook-lab, user: root, special_time: hourly, job: "/bin/true", disabled: true}
          """, 3);
      String after = exec(lab, LOOK);
      assertTrue(after.contains("web2.lab.example\nweb2.lab.example\n"), after);
      assertTrue(after.contains("#Ansible: rotate\n15 3 * * * root /usr/sbin/logrotate /etc/logrotate.conf\n#Ansible: tick\n#@hourly root /bin/true\n"), after);
      fourSteps(lab, """
          - cron: {name: rotate, cron_file: runbook-lab, state: absent}
          - cron: {name: tick, cron_file: runbook-lab, state: absent}
          """, 2);
      assertTrue(exec(lab, "ls /etc/cron.d/runbook-lab 2>&1; true").contains("No such file"), "the empty cron file is removed");
    } finally {
      exec(lab, "hostname " + name + " && echo " + name + " > /etc/hostname");
    }
  }

  private void fourSteps(Lab lab, String tasks, int changes) throws IOException {
    Path book = Fixtures.runbook(dir, tasks);
    LocalFourStepTest.fourSteps(new LocalFourStepTest.Case(tasks, Map.of(), tasks, changes), 1, () -> exec(lab, LOOK),
        lab.inventory().toString(), book.toString(), "--limit", HOST);
  }

  private static String exec(Lab lab, String command) {
    return LabHosts.exec(lab, HOST, command);
  }
}
