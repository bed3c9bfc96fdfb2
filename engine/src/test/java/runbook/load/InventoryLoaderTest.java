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
import org.junit.jupiter.params.provider.CsvSource;
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
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(), List.of());
    assertEquals(
        List.of(dir.resolve("group_vars/all/10-main.yml") + ":1:27: runbook file '" + dir.resolve("more/other.yml") + "' not found"),
        loaded.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList());
    assertEquals(List.of(dir.resolve("site.yml")), loaded.runbooks().stream().map(r -> r.file()).toList());
  }

  /** As ansible-inventory -i hosts.ini --list reads the same file (ansible-core 2.14). */
  private static final String INI = """
      mail.example.com ansible_port=2222 n=5 s="a b" l=[1,2] b=True t=true o=0644  # a comment
      ; another comment
      [web]
      web[01:03].example.org
      db-[a:c] x=1
      h:2200
      [web:vars]
      port=80
      flag=True
      quoted="x y"
      [south:children]
      web
      east
      [east]
      e[1:7:3]
      [all:vars]
      top=1
      runbook_apply=['site.yml', 'more.yml']
      """;

  static Stream<Case> iniCases() {
    return Stream.of(
        new Case("host line: Python literals, else text", i -> i.host("mail.example.com").vars(),
            Map.of("ansible_port", 2222, "n", 5, "s", "a b", "l", List.of(1, 2), "b", true, "t", "true", "o", "0644", "top", 1, "runbook_apply", List.of("site.yml", "more.yml"))),
        new Case("hosts before any section are ungrouped", i -> i.groups().get("ungrouped"), List.of("mail.example.com")),
        new Case("numeric range, as wide as written", i -> i.groups().get("web").subList(0, 3),
            List.of("web01.example.org", "web02.example.org", "web03.example.org")),
        new Case("letter range with host vars", i -> i.host("db-b").vars(), Map.of("x", 1, "port", 80, "flag", true, "quoted", "x y", "top", 1, "runbook_apply", List.of("site.yml", "more.yml"))),
        new Case("host:port", i -> i.host("h").vars().get("ansible_port"), 2200),
        new Case("range with a step", i -> i.groups().get("east"), List.of("e1", "e4", "e7")),
        new Case(":children, groups defined below too", i -> i.groups().get("south").size(), 10),
        new Case("groups of a host through :children", i -> i.host("e4").groups(), List.of("east", "south")),
        new Case("runbook_apply from [all:vars]", i -> i.runbooks().stream().map(p -> p.getFileName().toString()).toList(),
            List.of("site.yml", "more.yml")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("iniCases")
  void loadsIni(Case c) throws IOException {
    write("ini/hosts", INI);
    Problems problems = new Problems();
    Inventory ini = InventoryLoader.load(dir.resolve("ini/hosts"), problems).inventory();
    assertEquals(List.of(), problems.list());
    assertEquals(c.expected(), c.actual().apply(ini));
  }

  /** Each a one-file inventory named hosts (or inv.yml when YAML), and its problems' first lines. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bare word after the host | [web]\\n  web1 oops                  | hosts:2:8: expected key=value host variables after the host, not 'oops'",
      "unknown section type     | [web:hostz]\\nweb1                 | hosts:1:1: section [web:hostz] has unknown type 'hostz' (expected [web], [web:vars] or [web:children])",
      "invalid section          | [web servers]\\nweb1               | hosts:1:1: invalid section [web servers]: a group name without spaces, then optionally :vars or :children",
      "vars line without =      | [web]\\nweb1\\n[web:vars]\\nport   | hosts:4:1: expected key=value in [web:vars], not 'port'",
      "undefined child group    | [a:children]\\nnosuch              | hosts:2:1: group 'nosuch' of [a:children] has no section in this file",
      "vars of undefined group  | [nosuch:vars]\\nx=1                | hosts:1:1: [nosuch:vars] is for group 'nosuch', which has no section in this file",
      "range of unequal widths  | [web]\\nweb[01:x]                  | hosts:2:1: the range [01:x] of host pattern 'web[01:x]' mixes a number and a letter",
      "padded range, short end  | [web]\\nweb[01:5]                  | hosts:2:1: the range [01:5] of host pattern 'web[01:5]' pads its begin with zeros to 2 digits, so its end must be as wide",
      "range counting down      | [web]\\nweb[5:1]                   | hosts:2:1: the range [5:1] of host pattern 'web[5:1]' names no host: write it from low to high, with a step of at least 1",
      "unclosed range           | [web]\\nweb[01:03                  | hosts:2:1: host pattern 'web[01:03' has a range that is not [BEGIN:END] or [BEGIN:END:STEP] (numbers or letters)",
      "range in YAML too        | all:\\n  hosts:\\n    'web[3:1]':     | hosts:3:5: the range [3:1] of host pattern 'web[3:1]' names no host: write it from low to high, with a step of at least 1",
  })
  void iniProblems(String name, String text, String expected) throws IOException {
    write("ini/hosts", text.replace("\\n", "\n"));
    Problems problems = new Problems();
    InventoryLoader.load(dir.resolve("ini/hosts"), problems);
    assertEquals(List.of(dir + "/ini/" + expected), problems.list().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList());
  }

  /**
   * A directory: every inventory file in it and its subdirectories, in name order, its group_vars/ and
   * host_vars/; what Ansible skips (hidden files, .ini, .txt, .cfg ...) skipped, as ansible-inventory does.
   */
  @Test
  void aDirectoryIsEveryInventoryInIt() throws IOException {
    write("inv/hosts", "[a]\nh1\n");
    write("inv/c.yml", "all:\n  hosts:\n    h3:\n");
    write("inv/sub/deep", "[d]\nh4\n");
    write("inv/group_vars/a.yml", "x: 1\n");
    write("inv/host_vars/h4.yml", "y: 2\n");
    write("inv/more.ini", "[b]\nh2\n");
    write("inv/notes.txt", "[e]\nh5\n");
    write("inv/.hidden", "[f]\nh6\n");
    write("inv/x.cfg", "[g]\nh7\n");
    Problems problems = new Problems();
    Inventory loaded = InventoryLoader.load(dir.resolve("inv"), problems).inventory();
    assertEquals(List.of(), problems.list());
    assertEquals(List.of("h3", "h1", "h4"), loaded.groups().get("all"));
    assertEquals(Map.of("x", 1), loaded.host("h1").vars());
    assertEquals(Map.of("y", 2), loaded.host("h4").vars());
    assertEquals(List.of("d"), loaded.host("h4").groups());
  }

  private void write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
