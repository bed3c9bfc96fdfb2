package runbook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's table of filters and tests lists exactly what the templating registers. */
class FiltersTableTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (filter|test) \\|", Pattern.MULTILINE);

  private static Set<String> table(String kind) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Set<String> names = new TreeSet<>();
    Matcher m = ROW.matcher(readme);
    while (m.find()) {
      if (m.group(2).equals(kind)) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"filter", "test"})
  void theReadmeTableListsWhatIsRegistered(String kind) throws IOException {
    Set<String> registered = kind.equals("filter") ? Filters.names() : Tests.names();
    assertEquals(new TreeSet<>(registered), table(kind), "README's table of " + kind + "s against the code");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"filter", "test"})
  void everyListedNameResolvesToAnImplementation(String kind) {
    var context = new Engine().jinjava().getGlobalContext();
    for (String name : kind.equals("filter") ? Filters.names() : Tests.names()) {
      assertNotNull(kind.equals("filter") ? context.getFilter(name) : context.getExpTest(name), kind + " " + name);
    }
  }
}
