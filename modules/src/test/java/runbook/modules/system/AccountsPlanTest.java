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
import runbook.spi.Module;

/** group and user: getent in, shadow-utils commands out; a password only ever on stdin, never in a result. */
class AccountsPlanTest {
  private static final String HASH = "$6$salt$abcdefghijklmnopqrstuvwxyz";
  private static final String GROUPS = "root:x:0:\nadm:x:4:syslog\nsudo:x:27:deploy\ndeploy:x:1001:\nwww-data:x:33:deploy\n";

  static Stream<Arguments> cases() {
    var group = new GroupModule();
    var user = new UserModule();
    return Stream.of(
        Arguments.of("group: converged", group, args("name", "deploy"), host(),
            "ok: group deploy exists\n  data {gid=1001, name=deploy, state=present, system=false}\n"),
        Arguments.of("group: converged with its gid", group, args("name", "deploy", "gid", 1001), host(),
            "ok: group deploy exists with gid 1001\n  data {gid=1001, name=deploy, state=present, system=false}\n"),
        Arguments.of("group: added, a system group", group, args("name", "app", "system", true), host(),
            "changed: add group app\n  touches group:app\n  run [groupadd, -r, app]\n  data {name=app, state=present, system=true}\n"),
        Arguments.of("group: added with a gid, not unique", group, args("name", "app", "gid", 27, "non_unique", true), host(),
            "changed: add group app with gid 27\n  touches group:app\n  run [groupadd, -g, 27, -o, app]\n  data {gid=27, name=app, state=present, system=false}\n"),
        Arguments.of("group: a new gid", group, args("name", "deploy", "gid", 2000), host(),
            "changed: change the gid of group deploy from 1001 to 2000\n  touches group:deploy\n  run [groupmod, -g, 2000, deploy]\n"
                + "  data {gid=2000, name=deploy, state=present, system=false}\n"),
        Arguments.of("group: removed", group, args("name", "deploy", "state", "absent"), host(),
            "changed: remove group deploy\n  touches group:deploy\n  run [groupdel, deploy]\n  data {name=deploy, state=absent, system=false}\n"),
        Arguments.of("group: absent already", group, args("name", "app", "state", "absent"), host(),
            "ok: group app does not exist\n  data {name=app, state=absent, system=false}\n"),
        Arguments.of("group: local uses lgroupadd", group, args("name", "app", "local", true), host(),
            "changed: add group app\n  touches group:app\n  run [lgroupadd, app]\n  data {name=app, state=present, system=false}\n"),
        Arguments.of("group: not a name", group, args("name", "-x"), host(), "failed: '-x' is not a group name\n"),

        Arguments.of("user: converged", user, args("name", "deploy", "shell", "/bin/bash", "groups", List.of("sudo", "www-data"), "password", HASH),
            host(),
            "ok: user deploy is as wanted\n  data {append=false, comment=Deploy, group=1001, groups=sudo,www-data, home=/home/deploy,"
                + " name=deploy, password=NOT_LOGGING_PASSWORD, shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: created with its password on stdin", user,
            args("name", "app", "uid", 1500, "group", "deploy", "groups", List.of("adm"), "comment", "App", "shell", "/bin/sh", "password", HASH),
            host(),
            "changed: add user app\n  touches user:app\n"
                + "  run [useradd, -u, 1500, -g, deploy, -G, adm, -c, App, -s, /bin/sh, -m, app]\n"
                + "  run [chpasswd, -e] stdin=\"app:" + HASH + "\\n\"\n"
                + "  data {comment=App, create_home=true, group=1001, groups=adm, name=app, password=NOT_LOGGING_PASSWORD, shell=/bin/sh,"
                + " state=present, system=false, uid=1500}\n"),
        Arguments.of("user: created beside a group of its name: -N", user, args("name", "www-data", "create_home", false, "system", true),
            host().probe("getent passwd www-data", 2, ""),
            "changed: add user www-data\n  touches user:www-data\n  run [useradd, -N, -r, -M, www-data]\n"
                + "  data {create_home=false, name=www-data, state=present, system=true}\n"),
        Arguments.of("user: groups replaced, shell and home changed", user,
            args("name", "deploy", "groups", List.of("adm"), "shell", "/bin/sh", "home", "/srv/deploy", "move_home", true), host(),
            "changed: change user deploy: groups sudo,www-data -> adm, home /home/deploy -> /srv/deploy, shell /bin/bash -> /bin/sh\n"
                + "  touches user:deploy\n  run [usermod, -G, adm, -d, /srv/deploy, -m, -s, /bin/sh, deploy]\n"
                + "  data {append=false, comment=Deploy, group=1001, groups=adm, home=/srv/deploy, name=deploy, shell=/bin/sh, state=present, uid=1001}\n"),
        Arguments.of("user: append adds only what is missing", user, args("name", "deploy", "groups", List.of("sudo", "adm"), "append", true), host(),
            "changed: change user deploy: groups sudo,www-data -> +sudo,adm\n  touches user:deploy\n  run [usermod, -a, -G, sudo,adm, deploy]\n"
                + "  data {append=true, comment=Deploy, group=1001, groups=sudo,adm, home=/home/deploy, name=deploy, shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: append converged", user, args("name", "deploy", "groups", List.of("sudo"), "append", true), host(),
            "ok: user deploy is as wanted\n  data {append=true, comment=Deploy, group=1001, groups=sudo, home=/home/deploy, name=deploy,"
                + " shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: the primary group is no supplementary group", user, args("name", "deploy", "groups", List.of("deploy", "sudo", "www-data")),
            host(), "ok: user deploy is as wanted\n  data {append=false, comment=Deploy, group=1001, groups=deploy,sudo,www-data, home=/home/deploy,"
                + " name=deploy, shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: a new password hash, never shown", user, args("name", "deploy", "password", "$6$new$hash"), host(),
            "changed: change user deploy: password changed\n  touches user:deploy\n  run [chpasswd, -e] stdin=\"deploy:$6$new$hash\\n\"\n"
                + "  data {comment=Deploy, group=1001, home=/home/deploy, name=deploy, password=NOT_LOGGING_PASSWORD, shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: update_password on_create leaves it", user, args("name", "deploy", "password", "$6$new$hash", "update_password", "on_create"),
            host(), "ok: user deploy is as wanted\n  data {comment=Deploy, group=1001, home=/home/deploy, name=deploy, password=NOT_LOGGING_PASSWORD,"
                + " shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: locked", user, args("name", "deploy", "password_lock", true), host(),
            "changed: change user deploy: password locked\n  touches user:deploy\n  run [usermod, -L, deploy]\n"
                + "  data {comment=Deploy, group=1001, home=/home/deploy, name=deploy, shell=/bin/bash, state=present, uid=1001}\n"),
        Arguments.of("user: the shadow database unreadable", user, args("name", "deploy", "password", HASH),
            host().probe("getent shadow deploy", 2, ""),
            "failed: the password of deploy cannot be read here (the shadow database needs become: true)\n"
                + "  data {name=deploy, password=NOT_LOGGING_PASSWORD, state=present}\n"),
        Arguments.of("user: a group that does not exist", user, args("name", "app", "groups", List.of("docker")), host(),
            "failed: Group docker does not exist\n  data {name=app, state=present}\n"),
        Arguments.of("user: a group a check run only simulated making", user, args("name", "app", "groups", List.of("docker")),
            host().pending("group:docker", "add group docker"),
            "depends on add group docker: add or change user app with group docker\n  data {name=app, state=present}\n"),
        Arguments.of("user: removed with its home", user, args("name", "deploy", "state", "absent", "remove", true), host(),
            "changed: remove user deploy\n  touches user:deploy\n  run [userdel, -r, deploy]\n  data {force=false, name=deploy, remove=true, state=absent}\n"),
        Arguments.of("user: absent already", user, args("name", "app", "state", "absent"), host(),
            "ok: user app does not exist\n  data {name=app, state=absent}\n"),
        Arguments.of("user: no ':' in a field", user, args("name", "app", "comment", "a:b"), host(),
            "failed: comment cannot hold ':' or a line break: they separate the fields of /etc/passwd and /etc/shadow\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host)));
  }

  /** deploy (1001, in sudo and www-data), its group, and the usual system groups; nobody else. */
  private static FakeHost host() {
    var host = FakeHost.empty()
        .probe("getent passwd deploy", 0, "deploy:x:1001:1001:Deploy:/home/deploy:/bin/bash\n")
        .probe("getent shadow deploy", 0, "deploy:" + HASH + ":19000:0:99999:7:::\n")
        .probe("getent group", 0, GROUPS);
    for (String line : GROUPS.split("\n")) {
      String[] f = line.split(":");
      host.probe("getent group " + f[0], 0, line + "\n").probe("getent group " + f[2], 0, line + "\n");
    }
    for (String nobody : List.of("app", "docker")) {
      host.probe("getent passwd " + nobody, 2, "").probe("getent group " + nobody, 2, "");
    }
    return host;
  }
}
