package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static runbook.e2e.MysqlReplicationLabTest.address;
import static runbook.e2e.MysqlReplicationLabTest.sh;
import static runbook.e2e.MysqlReplicationLabTest.sql;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * mysql_copy from one lab host's MariaDB to another's (old h2, new h3, set up as for replication):
 * a database whose rows hold quotes, NULs and UTF-8 copied in four steps, then a write on the old
 * server that check mode names; a replica made from a dump with master_data that catches up; no
 * password in any process listing of either host or in -vvv output; a connection killed mid-pipe.
 */
@ExtendWith(LabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlCopyLabTest {
  private static final String OLD = "h2";
  private static final String NEW = "h3";
  /** Each side logs in with its own account and password: the listings must show neither. */
  private static final String PASSWORD = "Copy p'w\"#\\ é";
  /** The rows of labbig, enough that a dump takes long enough to be seen, and killed, on its way. */
  private static final int BIG = 600_000;

  @TempDir Path dir;
  // Runs log in themselves (--persist 0): a keeper's connections can outlive a lab host's sessions killed here.

  @BeforeAll
  void servers(Lab lab) {
    MysqlReplicationLabTest.server(lab, OLD, 1);
    MysqlReplicationLabTest.server(lab, NEW, 2);
    String literal = "'" + PASSWORD.replace("\\", "\\\\").replace("'", "''") + "'";
    for (String host : List.of(OLD, NEW)) {
      sql(lab, host, "STOP SLAVE; RESET SLAVE ALL; DROP DATABASE IF EXISTS copydb; DROP DATABASE IF EXISTS labbig;"
          + " CREATE USER IF NOT EXISTS 'copier'@'localhost'; ALTER USER 'copier'@'localhost' IDENTIFIED BY " + literal + ";"
          + " GRANT ALL ON *.* TO 'copier'@'localhost';");
    }
    sql(lab, OLD, "CREATE DATABASE copydb;"
        + " CREATE TABLE copydb.t (id INT PRIMARY KEY, b VARBINARY(64), s VARCHAR(64) CHARACTER SET utf8mb4);"
        + " INSERT INTO copydb.t VALUES (1, 0x27225C00000A0D1A60, 'it''s \\\\ \"q\" é€😀'), (2, NULL, CONCAT('nul', CHAR(0), 'tab', CHAR(9)));"
        + " CREATE TABLE copydb.u (id INT PRIMARY KEY, s VARCHAR(16)); INSERT INTO copydb.u VALUES (1, 'one');"
        + " CREATE DATABASE labbig; CREATE TABLE labbig.rows (id INT PRIMARY KEY, s VARCHAR(200));"
        + " INSERT INTO labbig.rows SELECT seq, REPEAT('x', 150) FROM labbig.seq_1_to_" + BIG + ";");
  }

  private Path book(String name, String tasks) throws Exception {
    return Fixtures.runbook(dir.resolve(name), "- set_fact: {pw: '" + PASSWORD.replace("'", "''") + "'}\n" + tasks);
  }

  /** Logins for both servers by password, so that there is a password to look for. */
  private static final String LOGINS = "login_user: copier, login_password: \"{{ pw }}\", source_login_user: copier, source_login_password: \"{{ pw }}\"";

  private static String copy(String db) {
    return "- mysql_copy: {from: " + OLD + ", name: " + db + ", " + LOGINS + "}\n  register: copied\n";
  }

  /** A database's rows, byte for byte (HEX), and its tables. */
  private static String rows(Lab lab, String host) {
    return sql(lab, host, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'copydb';")
        + (sql(lab, host, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'copydb' AND TABLE_NAME = 'u';").equals("1\n")
            ? sql(lab, host, "SELECT id, HEX(b), HEX(s) FROM copydb.t ORDER BY id; SELECT * FROM copydb.u ORDER BY id;") : "");
  }

  @Test
  void aDatabaseIsCopiedInFourStepsAndAWriteOnTheOldServerIsNamed(Lab lab) throws Exception {
    sql(lab, NEW, "DROP DATABASE IF EXISTS copydb;");
    var c = new LocalFourStepTest.Case("copy", Map.of(), "", 1);
    LocalFourStepTest.fourSteps(c, 1, () -> rows(lab, NEW), lab.inventory().toString(), book("copy", copy("copydb")).toString(), "--persist", "0", "--limit", NEW);
    String copied = rows(lab, NEW);
    assertTrue(copied.contains("27225C00000A0D1A60") && copied.contains("6E756C00746162"), copied);
    assertEquals(rows(lab, OLD), copied, "the new server holds the old one's bytes");

    sql(lab, OLD, "UPDATE copydb.u SET s = 'uno' WHERE id = 1;");
    Path named = book("named", copy("copydb") + "- assert: {that: [\"copied.tables == ['copydb.u']\"]}\n");
    Command check = Command.run("apply", "--check", "--persist", "0", "--limit", NEW, lab.inventory().toString(), named.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(1, check.changed(), check.toString());
    assertEquals(copied, rows(lab, NEW), "check mode copied nothing");
  }

  /**
   * A check run only simulates the load, so what later tasks read of the new server rests on it: the
   * database the copy brings would be created (depends on the copy), and a query of its rows cannot
   * be predicted (the table is not there yet). Applied, the copy is the one change; checked again,
   * every plan stands.
   */
  @Test
  void aCheckRunsLaterReadsOfTheNewServerRestOnTheCopy(Lab lab) throws Exception {
    sql(lab, NEW, "DROP DATABASE IF EXISTS copydb;");
    String login = "login_user: copier, login_password: \"{{ pw }}\"";
    Path book = book("rests", copy("copydb")
        + "- name: the database the copy brings\n  mysql_db: {name: copydb, " + login + "}\n"
        + "- name: its rows\n  mysql_query: {query: \"SELECT COUNT(*) AS n FROM copydb.u\", " + login + "}\n");
    String[] check = {"apply", "--check", "--persist", "0", "--limit", NEW, lab.inventory().toString(), book.toString()};
    Command checked = Command.run(check);
    assertEquals(0, checked.exitCode(), checked.toString());
    assertTrue(checked.out().contains("(depends on copy copydb from " + OLD), checked.toString());
    assertTrue(checked.out().contains("cannot be predicted: it reads what an earlier simulated change alters (copy copydb from " + OLD),
        checked.toString());
    assertEquals("0\n", sql(lab, NEW, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'copydb';"), "check mode copied nothing");

    Command applied = Command.run("apply", "--persist", "0", "--limit", NEW, lab.inventory().toString(), book.toString());
    assertEquals(0, applied.exitCode(), applied.toString());
    assertEquals(1, applied.changed(), "the database is there once copied, and the query only reads: " + applied);
    Command again = Command.run(check);
    assertEquals(0, again.changed(), again.toString());
    assertTrue(!again.out().contains("depends on") && !again.out().contains("cannot be predicted"), again.toString());
  }

  @Test
  void aReplicaMadeFromTheDumpCatchesUp(Lab lab) throws Exception {
    MysqlReplicationLabTest.replicationUser(lab, OLD);
    sql(lab, NEW, "STOP SLAVE; RESET SLAVE ALL; DROP DATABASE IF EXISTS copydb;");
    Path book = book("replica", """
        - set_fact: {repl_password: '%s'}
        - mysql_copy: {from: %s, name: copydb, master_data: 2, single_transaction: true, %s}
          register: copied
        - mysql_replication:
            mode: changeprimary
            primary_host: %s
            primary_user: repl
            primary_password: "{{ repl_password }}"
            primary_log_file: "{{ copied.primary_log_file }}"
            primary_log_pos: "{{ copied.primary_log_pos }}"
        - mysql_replication: {mode: startreplica}
        - mysql_replication: {mode: getreplica, wait_caught_up: 60}
          register: replica
        - assert: {that: ["replica.Seconds_Behind_Master == 0"]}
        """.formatted(MysqlReplicationLabTest.PASSWORD.replace("'", "''"), OLD, LOGINS, address(lab, OLD)));
    try {
      Command first = Command.run("apply", "-vvv", "--persist", "0", "--limit", NEW, lab.inventory().toString(), book.toString());
      assertEquals(0, first.exitCode(), first.toString());
      assertEquals(3, first.changed(), first.toString());
      sql(lab, OLD, "INSERT INTO copydb.u VALUES (2, 'two'), (3, 'é€😀'); CREATE TABLE copydb.later (id INT PRIMARY KEY); INSERT INTO copydb.later VALUES (7);");
      Command again = Command.run("apply", "-vvv", "--persist", "0", "--limit", NEW, lab.inventory().toString(), book.toString());
      assertEquals(0, again.exitCode(), again.toString());
      assertEquals(0, again.changed(), "a running replica is left to replication\n" + again);
      assertEquals("7\n", sql(lab, NEW, "SELECT id FROM copydb.later;"), "the replica has the primary's writes once the wait ends");
      assertEquals(rows(lab, OLD), rows(lab, NEW));
      for (Command run : List.of(first, again)) {
        assertFalse(run.out().contains("p'w") || run.err().contains("p'w"), "the output shows a password:\n" + run);
      }
    } finally {
      sql(lab, NEW, "STOP SLAVE; RESET SLAVE ALL;"); // the lab's hosts are shared: no replica outlives the test
    }
  }

  @Test
  void noListingOfEitherHostShowsAPassword(Lab lab) throws Exception {
    sql(lab, NEW, "DROP DATABASE IF EXISTS labbig;");
    Path book = book("ps", copy("labbig"));
    List<String> listings = new CopyOnWriteArrayList<>();
    CompletableFuture<Command> run = CompletableFuture.supplyAsync(
        () -> Command.run("apply", "-vvv", "--persist", "0", "--limit", NEW, lab.inventory().toString(), book.toString()));
    while (!run.isDone()) {
      listings.add(OLD + ":\n" + sh(lab, OLD, "ps -eo args") + NEW + ":\n" + sh(lab, NEW, "ps -eo args"));
    }
    Command apply = run.get();
    assertEquals(0, apply.exitCode(), apply.toString());
    assertTrue(listings.stream().anyMatch(l -> l.contains("mysqldump --defaults-file=")), "a listing caught the dump at work");
    assertTrue(listings.stream().anyMatch(l -> l.contains("mysql --defaults-file=")), "a listing caught the load at work");
    for (String listing : listings) {
      assertFalse(listing.contains("p'w"), "ps shows the password:\n" + listing);
    }
    assertFalse(apply.out().contains("p'w") || apply.err().contains("p'w"), "the output shows the password:\n" + apply);
    assertEquals(BIG + "\n", sql(lab, NEW, "SELECT COUNT(*) FROM labbig.rows;"));
  }

  /** Either end's sessions killed mid-pipe: the task fails, and the other host runs no client any more. */
  @ParameterizedTest
  @ValueSource(strings = {OLD, NEW})
  void aConnectionKilledDuringThePipeFailsTheTask(String killed, Lab lab) throws Exception {
    sql(lab, NEW, "DROP DATABASE IF EXISTS labbig;");
    Path book = book("kill-" + killed, copy("labbig"));
    CompletableFuture<Command> run = CompletableFuture.supplyAsync(
        () -> Command.run("apply", "--persist", "0", "--limit", NEW, lab.inventory().toString(), book.toString()));
    // The other case's killed run could not remove its lock on the killed host: this run takes it
    // over once it is a minute old (see "One run at a time"), so the load may start that late.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (!sh(lab, NEW, "ps -eo args").contains("mysql --defaults-file=")) {
      assertTrue(System.nanoTime() < deadline && !run.isDone(), () -> "the load never started" + (run.isDone() ? "\n" + run.join() : ""));
      Thread.sleep(20);
    }
    lab.killSessions(killed);
    Command result = run.get(120, TimeUnit.SECONDS);
    assertNotEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().contains("fatal: [" + NEW + "]"), result.toString());
    String other = killed.equals(OLD) ? NEW : OLD;
    String left = "";
    for (int i = 0; i < 100; i++) {
      left = sh(lab, other, "ps -eo args | grep -E '^mysql(dump)? --defaults-file=' || true");
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("", left, "a client is left running on " + other);
    // what the killed load left is partly there (the dump's tables are loaded one by one): a check run names it, and the next apply copies it again
    Path named = book("after-kill-" + killed, copy("labbig") + "- assert: {that: [\"copied.tables == ['labbig.rows']\"]}\n");
    Command check = Command.run("apply", "--check", "--persist", "0", "--limit", NEW, lab.inventory().toString(), named.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(1, check.changed(), check.toString());
  }
}
