package runbook.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every expected value here is what Python's re.sub gives for the same arguments. */
class PyRegexTest {
  static Stream<Arguments> subs() {
    return Stream.of(
        sub("(\\w)\\.", 0, "a.b.c", "\\1-", 0, "a-b-c"),
        sub("(?P<first_w>\\w+)_(\\w+)", 0, "foo_bar", "\\g<2> \\g<first_w>", 0, "bar foo"),
        sub("(?P<q>[\"'])(.*)(?P=q)", 0, "\"x\" and 'y'", "<\\2>", 0, "<x> and <y>"),
        sub("a", 0, "aaa", "b", 1, "baa"),
        sub("(a)|b", 0, "ab", "[\\1]", 0, "[a][]"),
        sub("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", 0, "abcdefghij", "\\10\\1", 0, "ja"),
        sub("a", 0, "a", "\\n\\t\\r\\f\\v\\a\\b\\\\", 0, "\n\t\r\f\u000b\u0007\b\\"),
        sub("a$", 0, "a\r", "x", 0, "a\r"),
        sub("a.b", 0, "a\rb", "x", 0, "x"),
        sub("a\\Z", 0, "a\n", "x", 0, "a\n"),
        sub("a$", 0, "a\n", "x", 0, "x\n"),
        sub("^b", Pattern.MULTILINE, "a\nb", "x", 0, "a\nx"),
        sub("B", Pattern.CASE_INSENSITIVE, "abc", "x", 0, "axc"),
        sub("\\(?P<a>", 0, "(?P<a>", "x", 0, "(?x"),
        sub("\\\\(?P<a>x)", 0, "\\x", "\\g<a>", 0, "x"),
        sub("^Listen \\d+$", Pattern.MULTILINE, "# x\nListen 80\n", "Listen 8080", 0, "# x\nListen 8080\n"));
  }

  private static Arguments sub(String regex, int flags, String text, String replacement, int count, String expected) {
    return Arguments.of(regex, flags, text, replacement, count, expected);
  }

  @ParameterizedTest
  @MethodSource("subs")
  void substitutesAsPythonDoes(String regex, int flags, String text, String replacement, int count, String expected) {
    assertEquals(expected, PyRegex.compile(regex, flags).sub(text, replacement, count));
  }

  static Stream<Arguments> missingGroups() {
    return Stream.of(
        Arguments.of("(a)", "\\2", "No group 2"),
        Arguments.of("(a)", "\\g<2>", "No group 2"),
        Arguments.of("(?P<a>x)", "\\g<b>", "No group with name <b>"),
        Arguments.of("(a)", "\\g<1", "missing '>' in group reference of '\\g<1'"));
  }

  @ParameterizedTest
  @MethodSource("missingGroups")
  void refusesReferencesToMissingGroups(String regex, String replacement, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> PyRegex.compile(regex, 0).sub("xa", replacement, 0));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("(", "Unclosed group"),
        Arguments.of("(?P<a>x)|(?P<a>y)", "redefinition of group name 'a'"),
        Arguments.of("(?P=a)", "unknown group name 'a'"),
        Arguments.of("(?P<a>x)(?P=b)", "unknown group name 'b'"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesWhatPythonRefuses(String regex, String description) {
    var e = assertThrows(PatternSyntaxException.class, () -> PyRegex.compile(regex, 0));
    assertEquals(description, e.getDescription());
    assertEquals(Optional.of("The regexp '" + regex + "' is not a valid regular expression: " + description + "."), PyRegex.problem("regexp", regex));
  }

  @Test
  void namesAValidExpressionNoProblem() {
    assertEquals(Optional.empty(), PyRegex.problem("regexp", "(?P<a>x)"));
    assertEquals(Optional.empty(), PyRegex.problem("regexp", null));
  }

  @Test
  void findsGroupsByNumberAndPythonName() {
    var regex = PyRegex.compile("v(?P<major_v>\\d+)(\\.(\\d+))?", 0);
    var match = regex.matcher("v12");
    assertTrue(match.find());
    assertEquals("12", regex.group(match, "major_v"));
    assertEquals("12", regex.group(match, "1"));
    assertNull(regex.group(match, "3"));
    assertEquals("12", match.group(regex.names().get("major_v")));
  }
}
