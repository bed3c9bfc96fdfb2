package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;

/** mysql_query: reads run while planning (check mode too), writes are known only when they run. */
class MysqlQueryPlanTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a read runs in check mode and registers rows", args("query", "SELECT NULL AS n, %s AS s", "positional_args", List.of("x")),
            FakeServer.mariadb().answer("SELECT NULL AS n, 'x' AS s;\n", FakeServer.resource("values.xml")),
            "ok: the query only reads\n  data {executed_queries=[SELECT NULL AS n, 'x' AS s], "
                + "query_result=[[{n=null, s=a\tb\nc <&>\", t=NULL, u=é€😀}]], rowcount=[1]}\n"),
        Arguments.of("a write is unpredictable", args("query", List.of("UPDATE t SET a = %(a)s", "SELECT 1"), "named_args", Map.of("a", "it's"),
                "single_transaction", true, "login_db", "shop"), FakeServer.mariadb(),
            "unpredictable: run 2 queries, some of which write\n  sql START TRANSACTION;\n  sql UPDATE t SET a = 'it\\'s';\n  sql SELECT 1;\n  sql COMMIT;\n"
                + "  data {executed_queries=[UPDATE t SET a = 'it\\'s', SELECT 1]}\n"),
        Arguments.of("a second statement after a read is a write", args("query", "SELECT 1; DROP TABLE t"), FakeServer.mariadb(),
            "unpredictable: run a query that writes\n  sql SELECT 1; DROP TABLE t;\n  data {executed_queries=[SELECT 1; DROP TABLE t]}\n"),
        Arguments.of("SELECT INTO OUTFILE writes", args("query", "SELECT * FROM t INTO OUTFILE '/tmp/x'"), FakeServer.mariadb(),
            "unpredictable: run a query that writes\n  sql SELECT * FROM t INTO OUTFILE '/tmp/x';\n  data {executed_queries=[SELECT * FROM t INTO OUTFILE '/tmp/x']}\n"),
        Arguments.of("a missing argument fails", args("query", "SELECT %s, %s", "positional_args", List.of(1)), FakeServer.mariadb(),
            "failed: the query has more %s placeholders than positional_args has values (1)\n"),
        Arguments.of("a NUL in a password is one sentence", args("query", "SELECT 1", "login_password", "a\0b"), FakeServer.mariadb(),
            "failed: a MySQL option cannot contain a NUL character\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeServer server, String expected) {
    assertEquals(expected, SqlPlan.of(Calls.plan(new MysqlQueryModule(), args, server, FakeController.empty(), true)));
  }

  /** A check run in which the server comes with an earlier simulated install: a read is ok with nothing read, a write depends on it. */
  static Stream<Arguments> beforeTheServerExists() {
    return Stream.of(
        Arguments.of("a read-only query", new MysqlQueryModule(), args("query", "SELECT VERSION() AS v"),
            "ok: nothing to read yet: the server comes with the install of mariadb-server\n"),
        Arguments.of("getreplica", new MysqlReplicationModule(), args("mode", "getreplica"),
            "ok: nothing to read yet: the server comes with the install of mariadb-server\n"),
        Arguments.of("a query that writes", new MysqlQueryModule(), args("query", "INSERT INTO t VALUES (1)"),
            "depends on the install of mariadb-server: run 1 query\n"),
        Arguments.of("startreplica", new MysqlReplicationModule(), args("mode", "startreplica"),
            "depends on the install of mariadb-server: startreplica\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("beforeTheServerExists")
  void checkRunBeforeTheServerExists(String name, runbook.spi.Module module, Map<String, Object> args, String expected) {
    FakeServer server = new FakeServer().fails("SELECT VERSION() AS version;\n",
        "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)");
    server.pending("package:mariadb-server", "the install of mariadb-server");
    assertEquals(expected, SqlPlan.of(Calls.plan(module, args, server, FakeController.empty(), true)));
  }
}
