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

/**
 * mysql_replication's plans from SHOW REPLICA STATUS recorded on MariaDB 10.11: a replica of
 * 10.231.0.11:3306 as repl, stopped, at mysql-bin.000002:344; and a server that is no replica.
 */
class MysqlReplicationPlanTest {
  private static final String STATUS = "SHOW REPLICA STATUS;\n";

  private static FakeServer stopped() {
    return FakeServer.mariadb().answer(STATUS, FakeServer.resource("replica-stopped.xml"));
  }

  private static FakeServer running() {
    return FakeServer.mariadb().answer(STATUS, FakeServer.resource("replica-stopped.xml").replace("_Running\">No<", "_Running\">Yes<"));
  }

  private static FakeServer none() {
    return FakeServer.mariadb().answer(STATUS, FakeServer.resource("replica-none.xml").replace("SHOW SLAVE STATUS", "SHOW REPLICA STATUS"));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: changeprimary as the status shows it", args("mode", "changeprimary", "primary_host", "10.231.0.11",
                "primary_user", "repl", "primary_password", "x", "primary_port", 3306, "primary_log_file", "mysql-bin.000002", "primary_log_pos", 344),
            stopped(), "ok: the replica's status shows every setting given (primary_password cannot be read back and is not compared)\n"
                + "  data {msg=Replica is set up as given}\n"),
        Arguments.of("converged: coordinates the replica has gone past", args("mode", "changeprimary", "primary_host", "10.231.0.11",
                "primary_log_file", "mysql-bin.000001", "primary_log_pos", 900), stopped(),
            "ok: the replica's status shows every setting given\n  data {msg=Replica is set up as given}\n"),
        Arguments.of("changeprimary of a new replica", args("mode", "changeprimary", "primary_host", "10.231.0.11", "primary_user", "repl",
                "primary_password", "it's", "primary_log_file", "mysql-bin.000002", "primary_log_pos", 344), none(),
            "changed: point the server at its primary\n"
                + "  sql CHANGE MASTER TO MASTER_HOST='10.231.0.11', MASTER_USER='repl', MASTER_LOG_FILE='mysql-bin.000002', MASTER_LOG_POS=344, MASTER_PASSWORD='it\\'s';\n"
                + "  touches mysql-replication:\n"),
        Arguments.of("changeprimary of a running replica stops and starts it", args("mode", "changemaster", "master_host", "10.231.0.12"), running(),
            "changed: change primary_host (stopping the replica for it and starting it again)\n"
                + "  sql STOP REPLICA;\n  sql CHANGE MASTER TO MASTER_HOST='10.231.0.12';\n  sql START REPLICA;\n  touches mysql-replication:\n"),
        Arguments.of("converged: startreplica when running", args("mode", "startreplica"), running(),
            "ok: the replica is running already\n  data {msg=Replica already started}\n"),
        Arguments.of("converged: startreplica while it connects", args("mode", "startreplica"),
            FakeServer.mariadb().answer(STATUS, FakeServer.resource("replica-stopped.xml").replace("IO_Running\">No<", "IO_Running\">Connecting<")
                .replace("SQL_Running\">No<", "SQL_Running\">Yes<")),
            "ok: the replica is running already\n  data {msg=Replica already started}\n"),
        Arguments.of("startreplica", args("mode", "startslave"), stopped(), "changed: start the replica\n  sql START REPLICA;\n"),
        Arguments.of("startreplica of no replica fails", args("mode", "startreplica"), none(),
            "failed: Server is not configured as mysql replica: changeprimary first\n"),
        Arguments.of("startreplica after a simulated changeprimary", args("mode", "startreplica"),
            none().pending(MysqlReplicationModule.TOPIC, "point the server at its primary"),
            "depends on point the server at its primary: start the replica\n  sql START REPLICA;\n"),
        Arguments.of("converged: stopreplica when stopped", args("mode", "stopreplica"), stopped(),
            "ok: the replica is not running\n  data {msg=Replica already stopped}\n"),
        Arguments.of("stopreplica", args("mode", "stopreplica"), running(), "changed: stop the replica\n  sql STOP REPLICA;\n"),
        Arguments.of("converged: resetreplica of no replica", args("mode", "resetreplica"), none(),
            "ok: not a replica: nothing to reset\n  data {msg=Replica already reset}\n"),
        Arguments.of("getreplica of no replica", args("mode", "getreplica"), none(),
            "ok: not a replica\n  data {Is_Replica=false, msg=Server is not configured as mysql replica}\n"),
        Arguments.of("getprimary with binary logging off", args("mode", "getprimary"),
            FakeServer.mariadb().answer("SHOW MASTER STATUS;\n", FakeServer.resource("primary-off.xml")),
            "ok: binary logging is off\n  data {Is_Primary=false, msg=Server is not configured as mysql primary. Meaning: Binary logs are disabled}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeServer server, String expected) {
    assertEquals(expected, SqlPlan.of(Calls.plan(new MysqlReplicationModule(), args, server, FakeController.empty(), true)));
  }

  @org.junit.jupiter.api.Test
  void getreplicaRegistersNumbersAsNumbers() {
    var plan = Calls.plan(new MysqlReplicationModule(), args("mode", "getreplica"), stopped(), FakeController.empty(), true);
    assertEquals(344L, plan.data().get("Exec_Master_Log_Pos"));
    assertEquals("No", plan.data().get("Slave_IO_Running"));
    assertEquals(true, plan.data().get("Is_Replica"));
    assertEquals(false, plan.data().containsKey("Seconds_Behind_Master"));
  }

  private static String caughtUp() {
    return FakeServer.resource("replica-stopped.xml").replace("_Running\">No<", "_Running\">Yes<")
        .replace("<field name=\"Seconds_Behind_Master\" xsi:nil=\"true\" />", "<field name=\"Seconds_Behind_Master\">0</field>");
  }

  /** The wait's loop sends its SQL in the script, not on stdin: the fake server knows it by an empty SQL text. */
  static Stream<Arguments> waits() {
    return Stream.of(
        Arguments.of("caught up already: no wait", FakeServer.mariadb().answer(STATUS, caughtUp()), "ok: read the replica's status", 0L),
        Arguments.of("behind, then caught up", running().answer("", 0, caughtUp()), "ok: the replica has caught up", 0L),
        Arguments.of("behind when the time ran out", running().answer("", Client.TIMED_OUT, FakeServer.resource("replica-stopped.xml")),
            "failed: the replica has not caught up within 30 s: Seconds_Behind_Master is NULL", null),
        Arguments.of("a replica an earlier simulated change would set up", none().pending(MysqlReplicationModule.TOPIC, "point the server at its primary"),
            "depends on point the server at its primary: wait until the replica has caught up", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("waits")
  void getreplicaWaitsUntilCaughtUp(String name, FakeServer server, String verdict, Long behind) {
    var plan = Calls.plan(new MysqlReplicationModule(), args("mode", "getreplica", "wait_caught_up", 30), server, FakeController.empty(), true);
    assertEquals(verdict + "\n", runbook.modules.PlanText.verdict(plan));
    assertEquals(behind, plan.data().get("Seconds_Behind_Master"));
  }
}
