package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExtraVarsTest {
  @TempDir Path dir;

  /** {dir} in a spec or a problem is the temp directory, which holds vars.yml and bad.yml. */
  record Case(List<String> specs, Map<String, Object> vars, List<String> problems) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(List.of("k=v k2='a b' n=1"), Map.of("k", "v", "k2", "a b", "n", "1"), List.of()),
        new Case(List.of("{\"a\": 1, \"b\": [x]}"), Map.of("a", 1, "b", List.of("x")), List.of()),
        new Case(List.of("@{dir}/vars.yml"), Map.of("port", 8080, "name", "web"), List.of()),
        new Case(List.of("@{dir}/vars.yml", "port=9"), Map.of("port", "9", "name", "web"), List.of()),
        new Case(List.of("oops"), Map.of(), List.of("extra vars 'oops': expected name=value, not 'oops'")),
        new Case(List.of("a='x"), Map.of(), List.of("extra vars 'a='x': a quote is not closed")),
        new Case(List.of("@{dir}/bad.yml"), Map.of(), List.of("{dir}/bad.yml:3:1: YAML syntax error: could not find expected ':'")),
        new Case(List.of("@{dir}/list.yml"), Map.of(), List.of("extra vars file '{dir}/list.yml' must be a mapping of variable names to values")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws IOException {
    Files.writeString(dir.resolve("vars.yml"), "port: 8080\nname: web\n");
    Files.writeString(dir.resolve("bad.yml"), "a: 1\nb\n");
    Files.writeString(dir.resolve("list.yml"), "- a\n");
    Problems problems = new Problems();
    Map<String, Object> vars = ExtraVars.parse(c.specs().stream().map(s -> s.replace("{dir}", dir.toString())).toList(), problems);
    assertEquals(c.vars(), vars);
    assertEquals(c.problems().stream().map(s -> s.replace("{dir}", dir.toString())).toList(),
        problems.list().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList());
  }
}
