package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  private static String listing(String scope) {
    return "SELECT VERSION() AS version;\nSELECT TABLE_SCHEMA AS db, TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA "
        + scope + " ORDER BY TABLE_SCHEMA, TABLE_NAME;\n";
  }

  private static String set(String statement, List<Map<String, String>> rows) {
    String body = rows.stream().map(r -> "  <row>\n" + r.entrySet().stream()
        .map(e -> "\t<field name=\"" + e.getKey() + "\">" + e.getValue() + "</field>\n").collect(Collectors.joining()) + "  </row>\n")
        .collect(Collectors.joining());
    return "<resultset statement=\"" + statement + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n" + body + "</resultset>\n";
  }

  /** A server holding {@code tables}, each "db.t checksum rows". */
  private static FakeServer server(String scope, String... tables) {
    var version = set("SELECT VERSION() AS version", List.of(Map.of("version", "10.11.19-MariaDB-0+deb12u1")));
    var listed = Stream.of(tables).map(t -> t.split("[. ]")).map(w -> (Map<String, String>) new java.util.LinkedHashMap<>(Map.of("db", w[0])) {{ put("t", w[1]); }}).toList();
    var server = new FakeServer().answer(listing(scope), "<?xml version=\"1.0\"?>\n\n" + version + set("SELECT TABLE_SCHEMA ...", listed));
    if (tables.length == 0) {
      return server;
    }
    var quoted = Stream.of(tables).map(t -> t.split("[. ]")).map(w -> "`" + w[0] + "`.`" + w[1] + "`").toList();
    var sums = Stream.of(tables).map(t -> t.split("[. ]")).map(w -> (Map<String, String>) new java.util.LinkedHashMap<>(Map.of("Table", w[0] + "." + w[1])) {{ put("Checksum", w[2]); }}).toList();
    var counts = new java.util.ArrayList<Map<String, String>>();
    StringBuilder sql = new StringBuilder("CHECKSUM TABLE " + String.join(", ", quoted) + ";\n");
    for (int i = 0; i < tables.length; i++) {
      sql.append(i == 0 ? "" : " UNION ALL\n").append("SELECT ").append(i).append(" AS k, COUNT(*) AS n FROM ").append(quoted.get(i));
      var row = new java.util.LinkedHashMap<String, String>();
      row.put("k", String.valueOf(i));
      row.put("n", tables[i].split(" ")[2]);
      counts.add(row);
    }
    return server.answer(sql.append(";\n").toString(), "<?xml version=\"1.0\"?>\n\n" + set("CHECKSUM TABLE ...", sums) + set("SELECT 0 AS k ...", counts));
  }

  private static final String DUMP = "  pipe from old: mysqldump --defaults-file=\"$d/my.cnf\" ";
  private static final String LOAD = "  into this host: mysql --defaults-file=\"$d/my.cnf\"\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: every table matches", args("from", "old"),
            server(ALL, "shop.items 3866452815 3", "shop.notes 1231 2", "blog.posts 77 1"),
            server(ALL, "blog.posts 77 1", "shop.items 3866452815 3", "shop.notes 1231 2"),
            "ok: 3 tables match on old and here\n  data {tables=[]}\n"),
        Arguments.of("a table that differs: only its database is copied", args("from", "old"),
            server(ALL, "blog.posts 77 1", "shop.items 3866452815 3", "shop.notes 1231 2"),
            server(ALL, "blog.posts 77 1", "shop.items 402 2", "shop.notes 1231 2"),
            "changed: copy shop from old (differ: shop.items)\n"
                + DUMP + "--databases shop --quick --opt --complete-insert --compress --quote-names\n" + LOAD
                + "  data {databases=[shop], tables=[shop.items]}\n"),
        Arguments.of("same checksum, other row count: differs", args("from", "old", "name", List.of("shop")),
            server(SHOP, "shop.items 0 3"), server(SHOP, "shop.items 0 2"),
            "changed: copy shop from old (differ: shop.items)\n"
                + DUMP + "--databases shop --quick --opt --complete-insert --compress --quote-names\n" + LOAD
                + "  data {databases=[shop], tables=[shop.items]}\n"),
        Arguments.of("an empty destination: everything is copied", args("from", "old"),
            server(ALL, "blog.posts 77 1", "shop.items 3866452815 3"), server(ALL),
            "changed: copy blog, shop from old (differ: blog.posts, shop.items)\n"
                + DUMP + "--databases blog shop --quick --opt --complete-insert --compress --quote-names\n" + LOAD
                + "  data {databases=[blog, shop], tables=[blog.posts, shop.items]}\n"),
        Arguments.of("a table only on the destination differs", args("from", "old", "name", List.of("shop")),
            server(SHOP, "shop.items 1 3"), server(SHOP, "shop.items 1 3", "shop.old 5 5"),
            "changed: copy shop from old (differ: shop.old)\n"
                + DUMP + "--databases shop --quick --opt --complete-insert --compress --quote-names\n" + LOAD
                + "  data {databases=[shop], tables=[shop.old]}\n"),
        Arguments.of("master_data copies all it names, with the coordinates as a statement", args("from", "old", "master_data", 1, "single_transaction", true),
            server(ALL, "blog.posts 77 1", "shop.items 3866452815 3"), server(ALL, "blog.posts 77 1"),
            "changed: copy all from old (differ: shop.items)\n"
                + DUMP + "--all-databases --single-transaction=true --quick --master-data=1 --opt --complete-insert --compress --quote-names\n" + LOAD
                + "  data {databases=[all], tables=[shop.items]}\n"),
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
}
