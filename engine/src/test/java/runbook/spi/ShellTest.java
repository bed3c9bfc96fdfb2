package runbook.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShellTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("plain", "plain"),
        Arguments.of("/etc/app-1.conf", "/etc/app-1.conf"),
        Arguments.of("a=b:c,d+e@f%g", "a=b:c,d+e@f%g"),
        Arguments.of("", "''"),
        Arguments.of("two words", "'two words'"),
        Arguments.of("it's", "'it'\\''s'"),
        Arguments.of("'", "''\\'''"),
        Arguments.of("$(touch pwned)", "'$(touch pwned)'"),
        Arguments.of("`id`", "'`id`'"),
        Arguments.of("a;b&&c|d", "'a;b&&c|d'"),
        Arguments.of("*?[a]", "'*?[a]'"),
        Arguments.of("~root", "'~root'"),
        Arguments.of("back\\slash", "'back\\slash'"),
        Arguments.of("line\nbreak", "'line\nbreak'"),
        Arguments.of("é日本", "'é日本'"),
        Arguments.of("$HOME", "'$HOME'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void quotes(String value, String expected) {
    assertEquals(expected, Shell.quote(value));
  }

  /** The shell itself is the judge: printf %s gives back exactly the value, whatever it holds. */
  @ParameterizedTest
  @MethodSource("cases")
  void roundTripsThroughTheShell(String value) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/sh", "-c", "printf %s " + Shell.quote(value)).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertEquals(value, out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\0", "a\0b"})
  void refusesNul(String value) {
    assertThrows(IllegalArgumentException.class, () -> Shell.quote(value));
  }
}
