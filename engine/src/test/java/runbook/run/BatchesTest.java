package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchesTest {
  private static final List<String> HOSTS = List.of("a", "b", "c", "d", "e");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(List.of(), List.of(HOSTS)),
        Arguments.of(List.of(2), List.of(List.of("a", "b"), List.of("c", "d"), List.of("e"))),
        Arguments.of(List.of("40%"), List.of(List.of("a", "b"), List.of("c", "d"), List.of("e"))),
        Arguments.of(List.of("10%"), List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e"))),
        Arguments.of(List.of(1, 3), List.of(List.of("a"), List.of("b", "c", "d"), List.of("e"))),
        Arguments.of(List.of("9"), List.of(HOSTS)));
  }

  @ParameterizedTest(name = "serial {0}")
  @MethodSource("cases")
  void batches(List<Object> serial, List<List<String>> expected) {
    assertEquals(expected, Batches.of(HOSTS, serial));
  }

  /** A templated serial is checked once rendered: what is not a size stops the play instead of running every host at once. */
  @ParameterizedTest(name = "serial {0} is a size: {1}")
  @org.junit.jupiter.params.provider.CsvSource({"2, true", "' 3 ', true", "30%, true", "12.5%, true", "0, false", "-1, false", "abc, false",
      "'', false", "%, false", "2x, false"})
  void aRenderedSizeIsChecked(String size, boolean valid) {
    assertEquals(valid, Batches.valid(size));
  }
}
