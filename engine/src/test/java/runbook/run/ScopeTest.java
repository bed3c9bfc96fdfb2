package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {
  private static Set<String> set(String csv) {
    return csv == null ? Set.of() : Set.copyOf(Arrays.asList(csv.split(" ")));
  }

  @ParameterizedTest(name = "task tags [{0}] with --tags [{1}] --skip-tags [{2}] -> {3}")
  @CsvSource({
    ",            ,          ,       true",
    "web,         ,          ,       true",
    "web,         web,       ,       true",
    "web,         db,        ,       false",
    ",            db,        ,       false",
    "always,      db,        ,       true",
    "always,      db,        always, false",
    "never,       ,          ,       false",
    "never web,   web,       ,       true",
    "web,         ,          web,    false",
    "web,         tagged,    ,       true",
    ",            untagged,  ,       true",
    "web,         untagged,  ,       false",
  })
  void selectsLikeAnsible(String taskTags, String only, String skip, boolean expected) {
    Scope scope = Scope.root(null, null, List.copyOf(set(taskTags)), null);
    RunOptions options = new RunOptions(false, false, null, set(only), set(skip), 5, false, 0, true);
    assertEquals(expected, scope.selected(options));
  }
}
