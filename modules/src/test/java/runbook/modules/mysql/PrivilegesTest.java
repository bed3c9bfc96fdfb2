package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** community.mysql's priv text and SHOW GRANTS lines read into the same form. */
class PrivilegesTest {
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("shop.*:SELECT,INSERT", "{shop.*=[SELECT, INSERT]}"),
        Arguments.of("shop.*:select, insert/*.*:PROCESS", "{shop.*=[SELECT, INSERT], *.*=[PROCESS]}"),
        Arguments.of("shop.*:ALL,GRANT", "{shop.*=[ALL PRIVILEGES, GRANT]}"),
        Arguments.of("*.*:USAGE", "{*.*=[]}"),
        Arguments.of("shop.t:SELECT (a,b),UPDATE", "{shop.t=[SELECT (a, b), UPDATE]}"),
        Arguments.of("`my.db`.*:SELECT", "{my.db.*=[SELECT]}"),
        Arguments.of("shop.*:create temporary   tables", "{shop.*=[CREATE TEMPORARY TABLES]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void fromPrivText(String text, String parsed) {
    assertEquals(parsed, Privileges.parse(text).toString());
  }

  static Stream<Arguments> grants() {
    return Stream.of(
        Arguments.of(List.of("GRANT USAGE ON *.* TO `app`@`localhost` IDENTIFIED BY PASSWORD '*14E65567ABDB5135D0CFD9A70B3032C179A49EE7'",
            "GRANT SELECT, INSERT ON `shop`.* TO `app`@`localhost`"), "{*.*=[], shop.*=[SELECT, INSERT]}"),
        Arguments.of(List.of("GRANT SELECT (`a`, `b`), UPDATE ON `appdb`.`t` TO `app`@`localhost` WITH GRANT OPTION"),
            "{appdb.t=[SELECT (a, b), UPDATE, GRANT]}"),
        Arguments.of(List.of("GRANT ALL PRIVILEGES ON `a``b`.* TO `app`@`%`"), "{a`b.*=[ALL PRIVILEGES]}"),
        Arguments.of(List.of("GRANT RELOAD, BINLOG MONITOR, REPLICATION SLAVE ON *.* TO `repl`@`10.0.0.2`"),
            "{*.*=[RELOAD, REPLICATION CLIENT, REPLICATION SLAVE]}"),
        Arguments.of(List.of("GRANT `reader` TO `app`@`localhost`", "GRANT PROXY ON ''@'%' TO 'app'@'localhost'",
            "GRANT EXECUTE ON PROCEDURE `shop`.`p` TO `app`@`localhost`"), "{}"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("grants")
  void fromShowGrants(List<String> lines, String parsed) {
    assertEquals(parsed, Privileges.fromGrants(lines).toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidPrivText(String text, String message) {
    assertEquals(message, org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Privileges.parse(text)).getMessage());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("shop.*", "invalid privileges string: 'shop.*' has no ':' between the target and the privileges"),
        Arguments.of("shop.*:SELECT; DROP", "invalid privilege 'SELECT; DROP'"),
        Arguments.of("shop:SELECT", "invalid privileges target 'shop': it must be db.table, db.* or *.*"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dicts")
  void fromADict(Map<String, Object> dict, String parsed) {
    assertEquals(parsed, Privileges.parse(dict).toString());
  }

  static Stream<Arguments> dicts() {
    return Stream.of(Arguments.of(Map.of("shop.*", "SELECT,INSERT"), "{shop.*=[SELECT, INSERT]}"));
  }
}
