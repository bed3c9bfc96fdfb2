package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.spi.Plan;

/**
 * mysql_user's plans from client outputs recorded on MariaDB 10.11: app@localhost exists with the
 * password "secret" and SELECT, INSERT on shop.*.
 */
class MysqlUserPlanTest {
  private static final String HASH = "'*14E65567ABDB5135D0CFD9A70B3032C179A49EE7'";
  private static final String OTHER = "'" + MysqlUserModule.nativeHash("other") + "'";

  /** The accounts probe, comparing with {@code hash} (null: no password given). */
  private static String accounts(String hash, String user) {
    String same = hash == null ? "0" : "plugin IN ('', 'mysql_native_password') AND (authentication_string = " + hash + " OR Password = " + hash + ")";
    return "SELECT Host, " + same + " AS same FROM mysql.user WHERE User = '" + user + "' AND Host = 'localhost' ORDER BY Host;\n";
  }

  private static FakeServer app(String hash, boolean same) {
    String rows = FakeServer.resource("user-app.xml");
    return FakeServer.mariadb()
        .answer(accounts(hash, "app"), same ? rows : rows.replace(">1<", ">0<"))
        .answer("SHOW GRANTS FOR 'app'@'localhost';\n", FakeServer.resource("grants-app.xml"));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: password and privileges as they are", args("name", "app", "password", "secret", "priv", "shop.*:SELECT,INSERT"),
            app(HASH, true), "ok: user app@localhost is as wanted\n  data {msg=User unchanged, password_changed=false, user=app}\n"),
        Arguments.of("converged: privileges in another order and case", args("name", "app", "password", "secret", "priv", "shop.*:insert, select/*.*:USAGE"),
            app(HASH, true), "ok: user app@localhost is as wanted\n  data {msg=User unchanged, password_changed=false, user=app}\n"),
        Arguments.of("another password is set as a hash, never as text", args("name", "app", "password", "other"), app(OTHER, false),
            "changed: change the password of app@localhost\n  sql ALTER USER 'app'@'localhost' IDENTIFIED BY PASSWORD " + OTHER + ";\n"
                + "  data {msg=Password updated, password_changed=true, user=app}\n"),
        Arguments.of("update_password on_create leaves it", args("name", "app", "password", "other", "update_password", "on_create"), app(OTHER, false),
            "ok: user app@localhost is as wanted (update_password: on_create, the password was not compared)\n"
                + "  data {msg=User unchanged, password_changed=false, user=app}\n"),
        Arguments.of("privileges replaced", args("name", "app", "password", "secret", "priv", "shop.*:SELECT/blog.*:ALL,GRANT"), app(HASH, true),
            "changed: revoke INSERT ON shop.* from app@localhost; grant ALL PRIVILEGES, the grant option ON blog.* to app@localhost\n"
                + "  sql REVOKE INSERT ON `shop`.* FROM 'app'@'localhost';\n"
                + "  sql GRANT ALL PRIVILEGES ON `blog`.* TO 'app'@'localhost' WITH GRANT OPTION;\n"
                + "  data {msg=User updated, password_changed=false, user=app}\n"),
        Arguments.of("append_privs only adds", args("name", "app", "password", "secret", "priv", "blog.*:SELECT", "append_privs", true), app(HASH, true),
            "changed: grant SELECT ON blog.* to app@localhost\n  sql GRANT SELECT ON `blog`.* TO 'app'@'localhost';\n"
                + "  data {msg=User updated, password_changed=false, user=app}\n"),
        Arguments.of("a new user with a password and privileges", args("name", "nobody", "password", "secret", "priv", "shop.t:SELECT (a,b)"),
            FakeServer.mariadb().answer(accounts(HASH, "nobody"), FakeServer.resource("user-none.xml")),
            "changed: create user nobody@localhost with a password; grant SELECT (a, b) ON shop.t to nobody@localhost\n"
                + "  sql CREATE USER 'nobody'@'localhost' IDENTIFIED BY PASSWORD " + HASH + ";\n"
                + "  sql GRANT SELECT (`a`, `b`) ON `shop`.`t` TO 'nobody'@'localhost';\n"
                + "  data {msg=User added, password_changed=true, user=nobody}\n"),
        Arguments.of("converged: absent and not there", args("name", "nobody", "state", "absent"),
            FakeServer.mariadb().answer(accounts(null, "nobody"),
                FakeServer.resource("user-none.xml")),
            "ok: user nobody@localhost does not exist\n  data {msg=User doesn't exist, user=nobody}\n"),
        Arguments.of("absent drops", args("name", "app", "state", "absent"),
            FakeServer.mariadb().answer(accounts(null, "app"),
                FakeServer.resource("user-app.xml")),
            "changed: drop user app@localhost\n  sql DROP USER 'app'@'localhost';\n  data {msg=User deleted, user=app}\n"),
        Arguments.of("an invalid privilege is refused before anything", args("name", "app", "priv", "shop.*:SELECT; DROP"), FakeServer.mariadb(),
            "failed: invalid privilege 'SELECT; DROP'\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeServer server, String expected) {
    assertEquals(expected, SqlPlan.of(Calls.plan(new MysqlUserModule(), args, server, FakeController.empty(), true)));
  }

  @Test
  void theHashIsPasswordsOwn() {
    assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", MysqlUserModule.nativeHash("password"));
  }

  @Test
  void thePasswordNeverReachesTheHost() {
    FakeServer server = app(OTHER, false);
    Plan plan = Calls.plan(new MysqlUserModule(), args("name", "app", "password", "other"), server, FakeController.empty(), false);
    String everything = SqlPlan.of(plan) + server.logins + ((Plan.Change) plan).actions();
    assertFalse(everything.contains("other"), everything);
  }
}
