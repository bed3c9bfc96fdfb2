package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The option file a login becomes: what the client reads instead of a command line that ps shows. */
class LoginTest {
  static Stream<Arguments> logins() {
    return Stream.of(
        Arguments.of("host and port", new Login("app", "s3cret", "db.new", 3307, null, null, null, null, null, null, null),
            "[client]|user=\"app\"|password=\"s3cret\"|host=\"db.new\"|port=3307"),
        Arguments.of("a socket wins over host and port, as in community.mysql",
            new Login("root", null, "db.new", 3307, "/run/mysqld/other.sock", null, null, null, null, null, null),
            "[client]|user=\"root\"|socket=\"/run/mysqld/other.sock\""),
        Arguments.of("only the mysql client reads connect-timeout", new Login(null, null, null, 3306, null, null, 5, null, null, null, null),
            "[client]|port=3306|[mysql]|connect-timeout=5"),
        Arguments.of("tls files and the server's name checked", new Login(null, null, "db", 3306, null, null, null, "/ca.pem", "/c.pem", "/k.pem", true),
            "[client]|host=\"db\"|port=3306|ssl-ca=\"/ca.pem\"|ssl-cert=\"/c.pem\"|ssl-key=\"/k.pem\"|ssl-verify-server-cert"),
        Arguments.of("the implicit admin is root without a password, the rest kept",
            new Login("app", "s3cret", "db", 3306, null, "~/.my.cnf", null, null, null, null, null).implicitAdmin(),
            "[client]|user=\"root\"|password=\"\"|host=\"db\"|port=3306"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logins")
  void optionFile(String name, Login login, String lines) {
    assertEquals(lines, String.join("|", login.options()));
  }
}
