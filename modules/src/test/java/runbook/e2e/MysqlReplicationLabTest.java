package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.Shell;

/**
 * mysql_replication between two lab hosts: a MariaDB primary (server_id and log_bin in a conf.d
 * file, a replication user) and a replica pointed at it in four steps, which then catches up
 * with writes on the primary (Seconds_Behind_Master 0).
 */
@ExtendWith(LabExtension.class)
class MysqlReplicationLabTest {
  private static final String PRIMARY = "h2";
  private static final String REPLICA = "h3";
  static final String PASSWORD = "Repl p'w\"#\\ é";

  @TempDir Path dir;

  static String sh(Lab lab, String host, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
      Connection c = connections.forHost(h.name(), lab.connectionVars(h, "root"));
      var r = c.exec(command, null);
      if (r.rc() != 0) {
        throw new AssertionError(host + ": '" + command + "' failed: " + r.err());
      }
      return r.out();
    }
  }

  static String sql(Lab lab, String host, String statements) {
    return sh(lab, host, "printf '%s\\n' " + Shell.quote(statements) + " | mysql --batch --skip-column-names");
  }

  /** MariaDB from the offline cache, restarted with this server id (and binary logging). */
  static void server(Lab lab, String host, int id) {
    sh(lab, host, "command -v mariadbd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null");
    sh(lab, host, "printf '[mysqld]\\nserver_id=%s\\nlog_bin=mysql-bin\\nbind-address=0.0.0.0\\n' " + id
        + " > /etc/mysql/mariadb.conf.d/60-runbook-replication.cnf && service mariadb restart >/dev/null");
  }

  /** The account replicas log in with, repl@% with {@link #PASSWORD}, and a fresh binary log. */
  static void replicationUser(Lab lab, String primary) {
    sql(lab, primary, "CREATE USER IF NOT EXISTS 'repl'@'%'; ALTER USER 'repl'@'%' IDENTIFIED BY '"
        + PASSWORD.replace("\\", "\\\\").replace("'", "''") + "'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'; FLUSH BINARY LOGS;");
  }

  static String address(Lab lab, String host) {
    return lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow().address();
  }

  @Test
  void aReplicaPointedAtItsPrimaryCatchesUp(Lab lab) throws Exception {
    server(lab, PRIMARY, 1);
    server(lab, REPLICA, 2);
    sql(lab, REPLICA, "STOP SLAVE; RESET SLAVE ALL; DROP DATABASE IF EXISTS repldb;");
    sql(lab, PRIMARY, "DROP DATABASE IF EXISTS repldb;");
    replicationUser(lab, PRIMARY);
    String[] coordinates = sql(lab, PRIMARY, "SHOW MASTER STATUS;").split("\t");
    Path book = Fixtures.runbook(dir, """
        - set_fact: {repl_password: '%s'}
        - mysql_replication:
            mode: changeprimary
            primary_host: %s
            primary_user: repl
            primary_password: "{{ repl_password }}"
            primary_log_file: %s
            primary_log_pos: %s
        - mysql_replication: {mode: startreplica}
        """.formatted(PASSWORD.replace("'", "''"), address(lab, PRIMARY), coordinates[0], coordinates[1]));
    try {
      replicate(lab, book);
    } finally {
      sql(lab, REPLICA, "STOP SLAVE; RESET SLAVE ALL;"); // the lab's hosts are shared: no replica outlives the test
    }
  }

  private void replicate(Lab lab, Path book) throws Exception {
    var c = new LocalFourStepTest.Case("replica", Map.of(), "", 2);
    LocalFourStepTest.fourSteps(c, 1, () -> sql(lab, REPLICA, "SELECT 1;") + sh(lab, REPLICA,
            "mysql -e 'SHOW SLAVE STATUS\\G' | grep -E ' (Master_Host|Master_User|Master_Port):' || true"),
        lab.inventory().toString(), book.toString(), "--limit", REPLICA);

    sql(lab, PRIMARY, "CREATE DATABASE repldb; CREATE TABLE repldb.t (id INT PRIMARY KEY, s VARCHAR(32) CHARACTER SET utf8mb4);"
        + " INSERT INTO repldb.t VALUES (1, 'it''s'), (2, 'é€😀');");
    String rows = "";
    for (int i = 0; i < 100 && !rows.equals("2\n"); i++) {
      Thread.sleep(100);
      rows = sql(lab, REPLICA, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'repldb';").equals("1\n")
          ? sql(lab, REPLICA, "SELECT COUNT(*) FROM repldb.t;") : "";
    }
    assertEquals("2\n", rows, "the replica has the primary's writes");
    Path wait = Fixtures.runbook(dir.resolve("wait"), """
        - mysql_replication: {mode: getreplica}
          register: replica
        - assert:
            that:
              - replica.Is_Replica
              - replica.Seconds_Behind_Master == 0
              - replica.Slave_IO_Running == "Yes"
        """);
    Command check = Command.run("apply", "-vvv", "--limit", REPLICA, lab.inventory().toString(), wait.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertFalse(check.out().contains("p'w") || check.err().contains("p'w"), "the output shows the password:\n" + check);
    assertTrue(sql(lab, REPLICA, "SELECT s FROM repldb.t WHERE id = 2;").equals("é€😀\n"));
  }
}
