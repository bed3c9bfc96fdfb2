package runbook.modules.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A simulation in words: what was asked for first, then its dependencies, counted past six. */
class SimulationTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "2  | apache2     | install apache2 1.0, dep1 1.0, dep2 1.0",
    "5  | apache2     | install apache2 1.0, dep1 1.0, dep2 1.0, dep3 1.0, dep4 1.0, dep5 1.0",
    "8  | apache2     | install apache2 1.0, dep1 1.0, dep2 1.0, dep3 1.0, dep4 1.0, dep5 1.0 and 3 more",
    "8  | apache2=1.* | install apache2 1.0, dep1 1.0, dep2 1.0, dep3 1.0, dep4 1.0, dep5 1.0 and 3 more",
    "8  | nothing     | install dep1 1.0, dep2 1.0, dep3 1.0, dep4 1.0, dep5 1.0, dep6 1.0 and 3 more",
  })
  void namedFirstThenCounted(int dependencies, String asked, String summary) {
    // apt lists dependencies before what needs them
    String stdout = IntStream.rangeClosed(1, dependencies).mapToObj(i -> "Inst dep" + i + " (1.0 Debian:12/stable [amd64])\n").collect(Collectors.joining())
        + "Inst apache2 (1.0 Debian:12/stable [amd64])\n";
    assertEquals(summary, Simulation.parse(stdout).summary(List.of(asked)));
  }
}
