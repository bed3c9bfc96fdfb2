package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static runbook.modules.Calls.args;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.spi.Action;
import runbook.spi.Plan;

/**
 * mysql_copy's plans from both servers' answers, in the mysql client's XML: the listing of base
 * tables, then CHECKSUM TABLE and the row counts (old is the source, the task runs on new).
 */
class MysqlCopyPlanTest {
  private static final String ALL = "NOT IN ('information_schema', 'performance_schema', 'mysql', 'sys')";
  private static final String SHOP = "IN ('shop')";
  private static final String BOTH = "IN ('blog', 'shop')";

  private static String listing(String scope) {
    return "SELECT VERSION() AS version;\nSELECT s.SCHEMA_NAME AS db, t.TABLE_NAME AS t FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t"
        + " ON t.TABLE_SCHEMA = s.SCHEMA_NAME AND t.TABLE_TYPE = 'BASE TABLE' WHERE s.SCHEMA_NAME " + scope + " ORDER BY 1, 2;\n";
  }

  private static String set(String statement, List<Map<String, String>> rows) {
    String body = rows.stream().map(r -> "  <row>\n" + r.entrySet().stream()
        .map(e -> "\t<field name=\"" + e.getKey() + "\"" + (e.getValue() == null ? " xsi:nil=\"true\" />" : ">" + e.getValue() + "</field>") + "\n")
        .collect(Collectors.joining()) + "  </row>\n").collect(Collectors.joining());
    return "<resultset statement=\"" + statement + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n" + body + "</resultset>\n";
  }

  private static Map<String, String> row(String... pairs) {
    var row = new LinkedHashMap<String, String>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put(pairs[i], pairs[i + 1]);
    }
    return row;
  }

  /** A server answering for the databases in {@code scope}: each entry "db.t checksum rows", or "db" for a database with no tables. */
  private static FakeServer server(String scope, String... entries) {
    var version = set("SELECT VERSION() AS version", List.of(Map.of("version", "10.11.19-MariaDB-0+deb12u1")));
    var listed = Stream.of(entries).map(e -> e.split("[. ]")).map(w -> row("db", w[0], "t", w.length > 1 ? w[1] : null)).toList();
    var server = new FakeServer().answer(listing(scope), "<?xml version=\"1.0\"?>\n\n" + version + set("SELECT s.SCHEMA_NAME ...", listed));
    var tables = Stream.of(entries).filter(e -> e.contains(".")).map(e -> e.split("[. ]")).toList();
    if (tables.isEmpty()) {
      return server;
    }
    var quoted = tables.stream().map(w -> "`" + w[0] + "`.`" + w[1] + "`").toList();
    var sums = tables.stream().map(w -> row("Table", w[0] + "." + w[1], "Checksum", w[2])).toList();
    var counts = IntStream.range(0, tables.size()).mapToObj(i -> row("k", String.valueOf(i), "n", tables.get(i)[3])).toList();
    String sql = "CHECKSUM TABLE " + String.join(", ", quoted) + ";\n" + IntStream.range(0, tables.size())
        .mapToObj(i -> "SELECT " + i + " AS k, COUNT(*) AS n FROM " + quoted.get(i)).collect(Collectors.joining(" UNION ALL\n")) + ";\n";
    return server.answer(sql, "<?xml version=\"1.0\"?>\n\n" + set("CHECKSUM TABLE ...", sums) + set("SELECT 0 AS k ...", counts));
  }

  /** The source with binary logging at mysql-bin.000003:1234. */
  private static FakeServer primary(FakeServer server) {
    return server.answer("SHOW MASTER STATUS;\n", "<?xml version=\"1.0\"?>\n\n"
        + set("SHOW MASTER STATUS", List.of(row("File", "mysql-bin.000003", "Position", "1234", "Binlog_Do_DB", "", "Binlog_Ignore_DB", ""))));
  }

  private static FakeServer replica(FakeServer server, String running) {
    return server.answer("SHOW REPLICA STATUS;\n", FakeServer.resource("replica-stopped.xml").replace("SQL_Running\">No<", "SQL_Running\">" + running + "<"));
  }

  private static final String DUMP = "  pipe from old: mysqldump --defaults-file=\"$d/my.cnf\" --opt --complete-insert --quote-names --add-drop-database ";
  private static final String LOAD = "  into this host: mysql --defaults-file=\"$d/my.cnf\"\n";
  /** What a later task's reads of this server rest on in a check run. */
  private static final String LOADS = "  touches mysql-data:\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: every table matches", args("from", "old"),
            server(ALL, "blog.posts 77 1", "shop.items 3866452815 3", "shop.notes 1231 2"),
            server(BOTH, "blog.posts 77 1", "shop.items 3866452815 3", "shop.notes 1231 2"),
            "ok: 3 tables match on old and here\n  data {tables=[]}\n"),
        Arguments.of("a table that differs: only its database is copied, whole", args("from", "old"),
            server(ALL, "blog.posts 77 1", "shop.items 3866452815 3", "shop.notes 1231 2"),
            server(BOTH, "blog.posts 77 1", "shop.items 402 2", "shop.notes 1231 2"),
            "changed: copy shop from old (differ: shop.items)\n"
                + DUMP + "--databases shop --quick\n" + LOAD + LOADS
                + "  data {databases=[shop], tables=[shop.items]}\n"),
        Arguments.of("same checksum, other row count: differs", args("from", "old", "name", List.of("shop")),
            server(SHOP, "shop.items 0 3"), server(SHOP, "shop.items 0 2"),
            "changed: copy shop from old (differ: shop.items)\n"
                + DUMP + "--databases shop --quick\n" + LOAD + LOADS
                + "  data {databases=[shop], tables=[shop.items]}\n"),
        Arguments.of("an empty destination: everything is copied, an empty database too", args("from", "old"),
            server(ALL, "blog.posts 77 1", "empty", "shop.items 3866452815 3"), server("IN ('blog', 'empty', 'shop')"),
            "changed: copy blog, empty, shop from old (differ: blog.posts, empty, shop.items)\n"
                + DUMP + "--databases blog empty shop --quick\n" + LOAD + LOADS
                + "  data {databases=[blog, empty, shop], tables=[blog.posts, empty, shop.items]}\n"),
        Arguments.of("a table only on the destination differs", args("from", "old", "name", List.of("shop")),
            server(SHOP, "shop.items 1 3"), server(SHOP, "shop.items 1 3", "shop.old 5 5"),
            "changed: copy shop from old (differ: shop.old)\n"
                + DUMP + "--databases shop --quick\n" + LOAD + LOADS
                + "  data {databases=[shop], tables=[shop.old]}\n"),
        Arguments.of("the write-up's options come first, dump_extra_args can undo them; --compress for servers elsewhere",
            args("from", "old", "name", List.of("shop"), "dump_extra_args", "--skip-complete-insert", "source_login_host", "db.old", "login_host", "db.new"),
            server(SHOP, "shop.items 1 3"), server(SHOP),
            "changed: copy shop from old (differ: shop.items)\n"
                + "  pipe from old: mysqldump --defaults-file=\"$d/my.cnf\" --opt --complete-insert --quote-names --compress --add-drop-database --databases shop --quick --skip-complete-insert\n"
                + "  into this host: mysql --defaults-file=\"$d/my.cnf\" --compress\n" + LOADS
                + "  data {databases=[shop], tables=[shop.items]}\n"),
        Arguments.of("master_data copies all it names though it matches, with the source's coordinates foreseen",
            args("from", "old", "master_data", 2, "single_transaction", true),
            primary(server(ALL, "blog.posts 77 1", "shop.items 3866452815 3")), replica(server(BOTH, "blog.posts 77 1", "shop.items 3866452815 3"), "No"),
            "changed: copy blog, shop from old (a replica starts from one snapshot)\n"
                + DUMP + "--databases blog shop --single-transaction=true --quick --master-data=2\n"
                + "  into this host: mysql --defaults-file=\"$d/my.cnf\" (the dump's CHANGE MASTER TO line printed)\n" + LOADS
                + "  data {databases=[blog, shop], primary_log_file=mysql-bin.000003, primary_log_pos=1234, tables=[]}\n"),
        Arguments.of("converged: master_data into a running replica, registered where it is", args("from", "old", "master_data", 1),
            primary(server(ALL, "blog.posts 77 1", "shop.items 3866452815 3")), replica(server(BOTH, "blog.posts 77 1"), "Yes"),
            "ok: a running replica of 10.231.0.11: replication keeps it up to date\n"
                + "  data {primary_log_file=mysql-bin.000002, primary_log_pos=344, tables=[shop.items]}\n"),
        Arguments.of("master_data from a source without binary logging", args("from", "old", "master_data", 2, "name", List.of("shop")),
            server(SHOP, "shop.items 1 3").answer("SHOW MASTER STATUS;\n", FakeServer.resource("primary-off.xml")), replica(server(SHOP), "No"),
            "failed: master_data needs binary logging on the source (log_bin), and it is off\n"),
        Arguments.of("a database the source lacks", args("from", "old", "name", List.of("shop", "gone")),
            server("IN ('shop', 'gone')", "shop.items 1 3"), server(SHOP),
            "failed: no database gone on old\n"),
        Arguments.of("a destination that an earlier task would install", args("from", "old", "name", List.of("shop")),
            server(SHOP, "shop.items 1 3"), new FakeServer().fails(listing(SHOP), "ERROR 2002 (HY000): Can't connect").pending("package:mariadb-server", "the install of mariadb-server"),
            "depends on the install of mariadb-server: copy shop from old\n"),
        Arguments.of("the source's error, said once", args("from", "old"),
            new FakeServer().fails(listing(ALL), "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)"), server(ALL),
            "failed: cannot read the databases on old: ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeServer old, FakeServer here, String expected) {
    Plan plan = Calls.plan(new MysqlCopyModule(), args, here, FakeController.empty(), true, Map.of(), Map.of("old", old), Map.of());
    assertEquals(expected, SqlPlan.of(plan));
  }

  @org.junit.jupiter.api.Test
  void eachServerGetsItsOwnLoginOnStdinAndNoPasswordIsInAScript() {
    var old = server(SHOP, "shop.items 1 3");
    var here = server(SHOP);
    var plan = (Plan.Change) Calls.plan(new MysqlCopyModule(), args("from", "old", "name", List.of("shop"), "login_password", "n3w'pw",
        "source_login_user", "copier", "source_login_password", "0ld\"pw"), here, FakeController.empty(), false, Map.of(), Map.of("old", old), Map.of());
    var pipe = (Action.Pipe) plan.actions().get(0);
    assertEquals("[client]\nuser=\"copier\"\npassword=\"0ld\\\"pw\"\nhost=\"localhost\"\nport=3306\n[mysql]\nconnect-timeout=30", old.logins.get(0));
    assertEquals("[client]\npassword=\"n3w'pw\"\nhost=\"localhost\"\nport=3306\n[mysql]\nconnect-timeout=30", here.logins.get(0));
    assertEquals(old.logins.get(0) + "\n#end\n", pipe.from().stdin());
    assertEquals(here.logins.get(0) + "\n#end\n", pipe.to().stdin());
    assertFalse(pipe.from().script().contains("pw") || pipe.to().script().contains("pw"));
  }

  static Stream<Arguments> headers() {
    return Stream.of(
        Arguments.of("-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000003', MASTER_LOG_POS=1234;\n", "{bytes=9, primary_log_file=mysql-bin.000003, primary_log_pos=1234}"),
        Arguments.of("CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='bin\\'log.000002', SOURCE_LOG_POS=157;\n", "{bytes=9, primary_log_file=bin'log.000002, primary_log_pos=157}"),
        Arguments.of("", "{bytes=9}"));
  }

  /** What an applied copy registers: the coordinates the receiving end printed, never the ones foreseen. */
  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("headers")
  void theDumpsCoordinatesAreRegistered(String printed, String expected) {
    var values = new java.util.TreeMap<String, Object>(Map.of("bytes", 9, "primary_log_file", "mysql-bin.000001", "primary_log_pos", 4L, "stdout", printed));
    var registered = new java.util.TreeMap<>(new MysqlCopyModule().performed(values));
    registered.remove("stdout");
    assertEquals(expected, registered.toString());
  }
}
