package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.model.Host;
import runbook.model.Inventory;

class HostPatternsTest {
  private static final Inventory INVENTORY = new Inventory(
      Path.of("inv.yml"),
      List.of(host("web1", "web", "prod"), host("web2", "web"), host("db1", "db", "prod"), host("lb.example.org", "ungrouped")),
      Map.of(
          "all", List.of("web1", "web2", "db1", "lb.example.org"),
          "web", List.of("web1", "web2"),
          "db", List.of("db1"),
          "prod", List.of("web1", "db1"),
          "ungrouped", List.of("lb.example.org")),
      List.of());

  private static Host host(String name, String... groups) {
    return new Host(name, Map.of(), List.of(groups));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "all            | web1 web2 db1 lb.example.org",
      "*              | web1 web2 db1 lb.example.org",
      "web            | web1 web2",
      "db1            | db1",
      "db:web         | web1 web2 db1",
      "db,web         | web1 web2 db1",
      "web:&prod      | web1",
      "all:!web       | db1 lb.example.org",
      "!web:prod      | db1",
      "&prod          | web1 db1",
      "web*           | web1 web2",
      "*.example.org  | lb.example.org",
      "~db\\d         | db1",
      "localhost      | localhost",
      "web:localhost  | web1 web2 localhost",
      "nosuch         | ''",
      "ungrouped      | lb.example.org",
  })
  void selects(String pattern, String expected) {
    List<String> names = HostPatterns.select(INVENTORY, pattern).stream().map(Host::name).toList();
    assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), names);
  }
}
