package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;

/** mysql_db's plans, from client outputs recorded on MariaDB 10.11 (shop exists, latin1; blog does not). */
class MysqlDbPlanTest {
  private static final String SCHEMATA =
      "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (";

  private static FakeServer shopOnly(String names) {
    return FakeServer.mariadb().answer(SCHEMATA + names + ");\n", FakeServer.resource("schemata-shop.xml"));
  }

  private static FakeServer none(String names) {
    return FakeServer.mariadb().answer(SCHEMATA + names + ");\n", FakeServer.empty("SELECT ..."));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: present and there", args("name", java.util.List.of("shop")), shopOnly("'shop'"), false,
            "ok: database shop exists\n  data {db=shop, db_list=[shop]}\n"),
        Arguments.of("converged: present with its character set", args("name", java.util.List.of("shop"), "encoding", "LATIN1"), shopOnly("'shop'"), false,
            "ok: database shop exists with those defaults\n  data {db=shop, db_list=[shop]}\n"),
        Arguments.of("present creates what is missing", args("name", java.util.List.of("shop", "blog"), "encoding", "utf8mb4"), shopOnly("'shop', 'blog'"), true,
            "changed: alter database shop (latin1, latin1_swedish_ci -> utf8mb4), create database blog\n"
                + "  sql ALTER DATABASE `shop` CHARACTER SET 'utf8mb4';\n  sql CREATE DATABASE `blog` CHARACTER SET 'utf8mb4';\n"
                + "  data {db=shop blog, db_list=[shop, blog], executed_commands=[ALTER DATABASE `shop` CHARACTER SET 'utf8mb4', CREATE DATABASE `blog` CHARACTER SET 'utf8mb4']}\n"),
        Arguments.of("a name that needs quoting", args("name", java.util.List.of("it's`db"), "collation", "utf8mb4_bin", "sql_log_bin", false), none("'it\\'s`db'"), false,
            "changed: create database it's`db\n  sql SET SQL_LOG_BIN=0;\n  sql CREATE DATABASE `it's``db` COLLATE 'utf8mb4_bin';\n"
                + "  data {db=it's`db, db_list=[it's`db], executed_commands=[CREATE DATABASE `it's``db` COLLATE 'utf8mb4_bin']}\n"),
        Arguments.of("converged: absent and not there", args("name", java.util.List.of("blog"), "state", "absent"), none("'blog'"), false,
            "ok: no such database\n  data {db=blog, db_list=[blog]}\n"),
        Arguments.of("absent drops", args("name", java.util.List.of("shop"), "state", "absent"), shopOnly("'shop'"), false,
            "changed: drop database shop\n  sql DROP DATABASE `shop`;\n  data {db=shop, db_list=[shop], executed_commands=[DROP DATABASE `shop`]}\n"),
        Arguments.of("dump is known only when it runs", args("name", java.util.List.of("shop"), "state", "dump", "target", "/srv/shop.sql.gz",
                "single_transaction", true, "ignore_tables", java.util.List.of("shop.log"), "master_data", 2, "dump_extra_args", "--skip-triggers",
                "chdir", "/srv"), shopOnly("'shop'"), true,
            "unpredictable: dump shop to /srv/shop.sql.gz (what a dump holds is known only when it runs)\n"
                + "  sh t=/srv/shop.sql.gz\n  sh tmp=$(mktemp \"$t.XXXXXX\") || exit\n  sh trap 'rm -rf \"$d\" \"$tmp\"' EXIT\n"
                + "  sh { mysqldump --defaults-file=\"$d/my.cnf\" shop --single-transaction=true --quick --ignore-table=shop.log --master-data=2 --skip-triggers; echo $? > \"$d/rc\"; } | gzip > \"$tmp\" || exit\n"
                + "  sh read rc < \"$d/rc\"; [ \"$rc\" = 0 ] || exit \"$rc\"\n  sh mv -f -- \"$tmp\" \"$t\"\n  in /srv\n"
                + "  data {db=shop, db_list=[shop], executed_commands=[mysqldump shop --single-transaction=true --quick --ignore-table=shop.log --master-data=2 --skip-triggers > /srv/shop.sql.gz]}\n"),
        Arguments.of("dump of a missing database fails", args("name", java.util.List.of("blog"), "state", "dump", "target", "/srv/b.sql"), none("'blog'"), false,
            "failed: Cannot dump database(s) 'blog' - not found\n  data {db=blog, db_list=[blog]}\n"),
        Arguments.of("dump all", args("name", java.util.List.of("all"), "state", "dump", "target", "/srv/all.sql"), FakeServer.mariadb(), false,
            "unpredictable: dump all to /srv/all.sql (what a dump holds is known only when it runs)\n"
                + "  sh t=/srv/all.sql\n  sh tmp=$(mktemp \"$t.XXXXXX\") || exit\n  sh trap 'rm -rf \"$d\" \"$tmp\"' EXIT\n"
                + "  sh mysqldump --defaults-file=\"$d/my.cnf\" --all-databases --quick > \"$tmp\" || exit\n  sh mv -f -- \"$tmp\" \"$t\"\n"
                + "  data {db=all, db_list=[all], executed_commands=[mysqldump --all-databases --quick > /srv/all.sql]}\n"),
        Arguments.of("import creates the database first", args("name", java.util.List.of("blog"), "state", "import", "target", "/srv/b.sql.xz"),
            with(none("'blog'"), "/srv/b.sql.xz"), false,
            "unpredictable: import /srv/b.sql.xz into blog (what an import changes is known only when it runs)\n"
                + "  sql CREATE DATABASE IF NOT EXISTS `blog`;\n"
                + "  sh { xz -dc -- /srv/b.sql.xz; echo $? > \"$d/rc\"; } | mysql --defaults-file=\"$d/my.cnf\" --one-database blog || exit\n"
                + "  sh read rc < \"$d/rc\"; [ \"$rc\" = 0 ] || exit \"$rc\"\n"
                + "  data {db=blog, db_list=[blog], executed_commands=[mysql --one-database blog < /srv/b.sql.xz]}\n"),
        Arguments.of("dump with force, skip_lock_tables and hex_blob", args("name", java.util.List.of("shop"), "state", "dump", "target", "/srv/s.sql",
                "force", true, "skip_lock_tables", true, "hex_blob", true, "quick", false), shopOnly("'shop'"), true,
            "unpredictable: dump shop to /srv/s.sql (what a dump holds is known only when it runs)\n"
                + "  sh t=/srv/s.sql\n  sh tmp=$(mktemp \"$t.XXXXXX\") || exit\n  sh trap 'rm -rf \"$d\" \"$tmp\"' EXIT\n"
                + "  sh mysqldump --defaults-file=\"$d/my.cnf\" --force shop --skip-lock-tables --hex-blob > \"$tmp\" || exit\n  sh mv -f -- \"$tmp\" \"$t\"\n"
                + "  data {db=shop, db_list=[shop], executed_commands=[mysqldump --force shop --skip-lock-tables --hex-blob > /srv/s.sql]}\n"),
        Arguments.of("import with force goes on past errors", args("name", java.util.List.of("blog"), "state", "import", "target", "/srv/b.sql", "force", true),
            with(none("'blog'"), "/srv/b.sql"), false,
            "unpredictable: import /srv/b.sql into blog (what an import changes is known only when it runs)\n"
                + "  sql CREATE DATABASE IF NOT EXISTS `blog`;\n"
                + "  sh mysql --defaults-file=\"$d/my.cnf\" --force --one-database blog < /srv/b.sql\n"
                + "  data {db=blog, db_list=[blog], executed_commands=[mysql --force --one-database blog < /srv/b.sql]}\n"),
        Arguments.of("import of a file that is not there fails", args("name", java.util.List.of("shop"), "state", "import", "target", "/srv/s.sql"), shopOnly("'shop'"), false,
            "failed: target /srv/s.sql does not exist on the host\n  data {db=shop, db_list=[shop]}\n"),
        Arguments.of("all only with dump and import", args("name", java.util.List.of("all")), FakeServer.mariadb(), false,
            "failed: name is not allowed to equal 'all' unless state equals import, or dump.\n"),
        Arguments.of("dump needs a target", args("name", java.util.List.of("shop"), "state", "dump"), FakeServer.mariadb(), false,
            "failed: with state=dump target is required\n"));
  }

  private static FakeServer with(FakeServer server, String file) {
    server.files.file(file, "-- dump\n");
    return server;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeServer server, boolean checkMode, String expected) {
    assertEquals(expected, SqlPlan.of(Calls.plan(new MysqlDbModule(), args, server, FakeController.empty(), checkMode)));
  }

  static Stream<Arguments> notConnected() {
    return Stream.of(
        Arguments.of("a real run fails with the client's words", false, false,
            "failed: unable to connect to database, check login_user and login_password are correct or ~/.my.cnf has the credentials: "
                + "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)\n"),
        Arguments.of("a check run after a simulated install rests on it", true, true,
            "depends on the install of mariadb-server: present database shop\n"),
        Arguments.of("a check run with nothing pending fails too", true, false,
            "failed: unable to connect to database, check login_user and login_password are correct or ~/.my.cnf has the credentials: "
                + "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notConnected")
  void withoutAServer(String name, boolean checkMode, boolean pending, String expected) {
    FakeServer server = new FakeServer().fails("SELECT VERSION() AS version;\n",
        "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)");
    if (pending) {
      server.pending("package:mariadb-server", "the install of mariadb-server");
    }
    assertEquals(expected, SqlPlan.of(Calls.plan(new MysqlDbModule(), args("name", java.util.List.of("shop")), server, FakeController.empty(), checkMode)));
  }
}
