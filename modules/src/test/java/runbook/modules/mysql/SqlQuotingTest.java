package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The one quoting of values in SQL and in option files; MysqlLabTest sends the same values to a real MariaDB. */
class SqlQuotingTest {
  static Stream<Arguments> literals() {
    return Stream.of(
        Arguments.of("plain", "shop", "'shop'"),
        Arguments.of("single quote", "it's", "'it\\'s'"),
        Arguments.of("double quote", "say \"hi\"", "'say \\\"hi\\\"'"),
        Arguments.of("backslash", "C:\\dir\\", "'C:\\\\dir\\\\'"),
        Arguments.of("backslash then quote", "\\'", "'\\\\\\''"),
        Arguments.of("NUL", "a\0b", "'a\\0b'"),
        Arguments.of("newline and CR", "a\r\nb", "'a\\r\\nb'"),
        Arguments.of("control-Z", "a\u001ab", "'a\\Zb'"),
        Arguments.of("backtick stays", "a`b", "'a`b'"),
        Arguments.of("semicolon and comment stay", "x'; DROP DATABASE shop; -- ", "'x\\'; DROP DATABASE shop; -- '"),
        Arguments.of("UTF-8 stays", "é€😀", "'é€😀'"),
        Arguments.of("empty", "", "''"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  void literal(String name, String value, String quoted) {
    assertEquals(quoted, Sql.literal(value));
  }

  static Stream<Arguments> identifiers() {
    return Stream.of(
        Arguments.of("shop", "`shop`"),
        Arguments.of("my`db", "`my``db`"),
        Arguments.of("``", "``````"),
        Arguments.of("a'b\"c", "`a'b\"c`"),
        Arguments.of("bäckerei", "`bäckerei`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identifiers")
  void identifier(String name, String quoted) {
    assertEquals(quoted, Sql.identifier(name));
  }

  @Test
  void anIdentifierCannotHoldNul() {
    assertThrows(IllegalArgumentException.class, () -> Sql.identifier("a\0b"));
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("SELECT %s, %s", List.of(1, "it's"), Map.of(), "SELECT 1, 'it\\'s'", null),
        Arguments.of("SELECT %(a)s, %(b)s, %(a)s", List.of(), Map.of("a", true, "b", "x"), "SELECT TRUE, 'x', TRUE", null),
        Arguments.of("SELECT %s LIKE 'a%%'", Arrays.asList((Object) null), Map.of(), "SELECT NULL LIKE 'a%'", null),
        Arguments.of("SELECT '100%'", List.of(), Map.of(), "SELECT '100%'", null),
        Arguments.of("SELECT %s", List.of(), Map.of("x", 1), null, "the query has more %s placeholders than positional_args has values (0)"),
        Arguments.of("SELECT %s", List.of(1, 2), Map.of(), null, "positional_args has 2 values but the query uses 1"),
        Arguments.of("SELECT %(y)s", List.of(), Map.of("x", 1), null, "the query uses %(y)s, which named_args does not have"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void queryArguments(String query, List<Object> positional, Map<String, Object> named, String sql, String problem) {
    assertEquals(new Sql.Formatted(sql, problem), Sql.format(query, positional, named));
  }

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of("pw", "\"pw\""),
        Arguments.of("a\"b", "\"a\\\"b\""),
        Arguments.of("a\\b", "\"a\\\\b\""),
        Arguments.of("# not a comment", "\"# not a comment\""),
        Arguments.of(" spaces ", "\" spaces \""),
        Arguments.of("line\nbreak\r\ttab", "\"line\\nbreak\\r\\ttab\""),
        Arguments.of("'single'", "\"'single'\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void optionFileValue(String value, String quoted) {
    assertEquals(quoted, Login.quote(value));
  }
}
