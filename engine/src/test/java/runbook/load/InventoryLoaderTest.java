package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.model.Inventory;

class InventoryLoaderTest {
  private static final String INVENTORY = """
      all:
        vars: {v: all, only_all: 1}
        hosts:
          solo:
        children:
          web:
            vars: {v: web, w: inline, sibling: web}
            children:
              web_prod:
                vars: {v: web_prod}
                hosts:
                  web1: {v: host}
                  web2:
          db:
            vars: {sibling: db}
            hosts:
              db1:
              web1:
          app:
            hosts:
              app[01:03]:
      """;

  @TempDir Path dir;
  private Inventory inventory;

  @BeforeEach
  void load() throws IOException {
    write("inv.yml", INVENTORY);
    write("group_vars/web.yml", "w: file\n");
    write("group_vars/all/10-main.yml", "runbook_apply: [site.yml, more/other.yml]\n");
    write("host_vars/web2", "h: 2\n");
    Problems problems = new Problems();
    inventory = InventoryLoader.load(dir.resolve("inv.yml"), problems).inventory();
    assertEquals(List.of(), problems.list());
  }

  record Case(String name, Function<Inventory, Object> actual, Object expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("host beats child group", i -> i.host("web1").vars().get("v"), "host"),
        new Case("child group beats parent group", i -> i.host("web2").vars().get("v"), "web_prod"),
        new Case("all is the lowest", i -> i.host("db1").vars().get("v"), "all"),
        new Case("all reaches every host", i -> i.host("app02").vars().get("only_all"), 1),
        new Case("group_vars file beats inline group vars", i -> i.host("web2").vars().get("w"), "file"),
        new Case("host_vars file without extension", i -> i.host("web2").vars().get("h"), 2),
        new Case("siblings at one depth: alphabetical, later wins", i -> i.host("web1").vars().get("sibling"), "web"),
        new Case("groups of a host, through children, sorted", i -> i.host("web1").groups(), List.of("db", "web", "web_prod")),
        new Case("a host in no group is ungrouped", i -> i.host("solo").groups(), List.of("ungrouped")),
        new Case("hosts in inventory order", i -> i.groups().get("all"), List.of("solo", "web1", "web2", "db1", "app01", "app02", "app03")),
        new Case("a group holds its children's hosts", i -> i.groups().get("web"), List.of("web1", "web2")),
        new Case("ungrouped group", i -> i.groups().get("ungrouped"), List.of("solo")),
        new Case("runbook_apply resolved beside the inventory", i -> i.runbooks().stream().map(p -> i.file().getParent().relativize(p).toString()).toList(),
            List.of("site.yml", "more/other.yml")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loads(Case c) {
    assertEquals(c.expected(), c.actual().apply(inventory));
  }

  @Test
  void runbooksNamedByTheInventoryAreLoadedWhenTheCommandLineNamesNone() throws IOException {
    write("site.yml", "- hosts: all\n  tasks: []\n");
    Loaded loaded = new Loader(FakeModules.LOOKUP, FakeModules.NAMES).load(dir.resolve("inv.yml"), List.of(), List.of());
    assertEquals(
        List.of(dir.resolve("group_vars/all/10-main.yml") + ":1:27: runbook file '" + dir.resolve("more/other.yml") + "' not found"),
        loaded.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList());
    assertEquals(List.of(dir.resolve("site.yml")), loaded.runbooks().stream().map(r -> r.file()).toList());
  }

  private void write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
