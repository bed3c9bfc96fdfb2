package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.Shell;

/**
 * The mysql modules against a real MariaDB (Debian 12's, from the lab's offline apt cache) on a lab
 * host: four steps of databases and a user with a password and privileges; a dump and an import
 * that keep quotes, NULs and UTF-8 byte for byte; and the password in no process listing and no
 * output, -vvv included.
 */
@ExtendWith(LabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MysqlLabTest {
  private static final String HOST = "h2";
  /** Quotes, a comment sign, a backslash, spaces and UTF-8: everything an option file or SQL could misread. */
  private static final String PASSWORD = "Lab p'w\"#\\ é";
  /** As YAML reads it back: single quotes doubled, nothing else special. */
  private static final String YAML_PASSWORD = "'" + PASSWORD.replace("'", "''") + "'";

  @TempDir Path dir;

  private static String sh(Lab lab, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(HOST)).findFirst().orElseThrow();
      Connection c = connections.forHost(h.name(), lab.connectionVars(h, "root"));
      var r = c.exec(command, null);
      if (r.rc() != 0) {
        throw new AssertionError("'" + command + "' failed: " + r.err());
      }
      return r.out();
    }
  }

  /** SQL as root over the server's socket (root logs in by unix_socket on Debian). */
  private static String sql(Lab lab, String statements) {
    return sh(lab, "printf '%s\\n' " + Shell.quote(statements) + " | mysql --batch --skip-column-names");
  }

  @BeforeAll
  void server(Lab lab) {
    sh(lab, "command -v mariadbd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null");
    sh(lab, "service mariadb status >/dev/null || service mariadb start >/dev/null");
  }

  /** What a check run must not touch and an apply must change: databases, accounts, grants. */
  private static String state(Lab lab) {
    return sql(lab, "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA ORDER BY 1;"
        + " SELECT User, Host, authentication_string FROM mysql.user ORDER BY 1, 2;"
        + " SELECT * FROM information_schema.SCHEMA_PRIVILEGES ORDER BY 1, 3, 4;");
  }

  private Path book(String name, String tasks) throws Exception {
    return Fixtures.runbook(dir.resolve(name), "- set_fact: {lab_password: " + YAML_PASSWORD + "}\n" + tasks);
  }

  @Test
  void databasesAndAUserInFourSteps(Lab lab) throws Exception {
    sql(lab, "DROP DATABASE IF EXISTS labdb; DROP DATABASE IF EXISTS labcopy; DROP USER IF EXISTS 'labuser'@'localhost';"
        + " CREATE DATABASE IF NOT EXISTS labgone;");
    Path book = book("four", """
        - mysql_db: {name: labdb, encoding: utf8mb4, collation: utf8mb4_bin}
        - mysql_db: {name: labgone, state: absent}
        - community.mysql.mysql_user:
            name: labuser
            password: "{{ lab_password }}"
            priv: "labdb.*:ALL/labcopy.*:ALL"
        """);
    var c = new LocalFourStepTest.Case("mysql", Map.of(), "", 3);
    LocalFourStepTest.fourSteps(c, 1, () -> state(lab), lab.inventory().toString(), book.toString(), "--limit", HOST);
    assertEquals("1\n", sh(lab, "printf '[client]\\nuser=labuser\\npassword=%s\\n' " + Shell.quote("\"" + PASSWORD.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        + " > /root/lab.cnf && mysql --defaults-file=/root/lab.cnf --batch --skip-column-names -e 'SELECT 1'; rm -f /root/lab.cnf"),
        "the user logs in with the password");
  }

  @Test
  void aDumpAndItsImportKeepEveryByteAndNoPasswordIsShown(Lab lab) throws Exception {
    sql(lab, "CREATE DATABASE IF NOT EXISTS labdb; CREATE USER IF NOT EXISTS 'labuser'@'localhost';"
        + " ALTER USER 'labuser'@'localhost' IDENTIFIED BY " + runbookLiteral(PASSWORD) + ";"
        + " GRANT ALL ON labdb.* TO 'labuser'@'localhost'; GRANT ALL ON labcopy.* TO 'labuser'@'localhost';"
        + " DROP TABLE IF EXISTS labdb.t; CREATE TABLE labdb.t (id INT PRIMARY KEY, b VARBINARY(64), s VARCHAR(64) CHARACTER SET utf8mb4);"
        + " INSERT INTO labdb.t VALUES (1, 0x27225C00000A0D1A60, 'it''s \\\\ \"q\" é€😀'), (2, NULL, CONCAT('nul', CHAR(0), 'tab', CHAR(9)));");
    Path book = book("dump", """
        - mysql_db: {name: labdb, state: dump, target: /root/labdb.sql.gz, login_user: labuser, login_password: "{{ lab_password }}"}
        - mysql_db: {name: labcopy, state: import, target: /root/labdb.sql.gz, login_user: labuser, login_password: "{{ lab_password }}"}
        - mysql_query:
            query: "SELECT SLEEP(2) AS slept, %s AS hello"
            positional_args: ["it's"]
            login_user: labuser
            login_password: "{{ lab_password }}"
          register: slow
        - assert: {that: ["slow.query_result[0][0].hello == \\"it's\\""]}
        """);
    List<String> listings = new CopyOnWriteArrayList<>();
    CompletableFuture<Command> run = CompletableFuture.supplyAsync(
        () -> Command.run("apply", "-vvv", "--limit", HOST, lab.inventory().toString(), book.toString()));
    while (!run.isDone()) {
      listings.add(sh(lab, "ps -eo args"));
    }
    Command apply = run.get();
    assertEquals(0, apply.exitCode(), apply.toString());
    assertTrue(listings.stream().anyMatch(l -> l.contains("mysql --defaults-file=")), "a listing caught the client at work:\n" + listings);
    for (String listing : listings) {
      assertFalse(listing.contains("p'w"), "ps shows the password:\n" + listing);
    }
    assertFalse(apply.out().contains("p'w") || apply.err().contains("p'w"), "the output shows the password:\n" + apply);
    String hex = "SELECT id, HEX(b), HEX(s) FROM %s.t ORDER BY id;";
    String original = sql(lab, hex.formatted("labdb"));
    assertTrue(original.contains("27225C00000A0D1A60"), original);
    assertEquals(original, sql(lab, hex.formatted("labcopy")), "the import holds the same bytes");
    assertEquals("-rw-------\n", sh(lab, "stat -c %A /root/labdb.sql.gz"), "a dump is readable by its owner only");
    assertEquals("", sh(lab, "ls -d /tmp/runbook-mysql.* /root/labdb.sql.gz.* 2>/dev/null || true"), "nothing left behind");
  }

  /** A literal for the test's own SQL: the quoting under test is not used to set up the test. */
  private static String runbookLiteral(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
