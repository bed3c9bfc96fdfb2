package runbook.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every expected list here is what Python's shlex.split gives for the same line. */
class ShellWordsTest {
  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("", List.of()),
        Arguments.of("a b  c", List.of("a", "b", "c")),
        Arguments.of("ls -l /tmp", List.of("ls", "-l", "/tmp")),
        Arguments.of("echo 'a  b'", List.of("echo", "a  b")),
        Arguments.of("'a b' \"c d\"", List.of("a b", "c d")),
        Arguments.of("echo \"a \\\" b\" c", List.of("echo", "a \" b", "c")),
        Arguments.of("\"a\\\"b\" 'x'y", List.of("a\"b", "xy")),
        Arguments.of("echo \"a\\nb\"", List.of("echo", "a\\nb")),
        Arguments.of("echo \"a\\\\b\"", List.of("echo", "a\\b")),
        Arguments.of("echo 'a\\b'", List.of("echo", "a\\b")),
        Arguments.of("echo a\\ b", List.of("echo", "a b")),
        Arguments.of("echo x'y'\"z\"", List.of("echo", "xyz")),
        Arguments.of("echo ''", List.of("echo", "")),
        Arguments.of("echo $HOME `x`", List.of("echo", "$HOME", "`x`")),
        Arguments.of("-o 'UserKnownHostsFile /a b' -oX=y", List.of("-o", "UserKnownHostsFile /a b", "-oX=y")));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void splitsLikeShlex(String line, List<String> words) {
    assertEquals(Optional.of(words), ShellWords.split(line));
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo 'oops", "echo \"oops", "echo \"a\\\"", "echo oops\\"})
  void refusesAnOpenQuoteOrATrailingBackslash(String line) {
    assertEquals(Optional.empty(), ShellWords.split(line));
  }
}
