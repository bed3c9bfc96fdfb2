package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line through picocli's execute, output captured. */
class CliTest {
  @TempDir Path dir;

  @Test
  void versionPrintsTheVersion() {
    Command c = Command.run("--version");
    assertEquals(0, c.exitCode());
    assertTrue(c.out().matches("runbook \\d+\\.\\d+\\.\\d+\\R"), c.toString());
  }

  /** Usage errors exit 64 and say what is wrong in one line. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void usageErrorsExit64(String name, String[] args, String firstLine) {
    Command c = Command.run(args);
    assertEquals(64, c.exitCode(), c.toString());
    assertEquals(firstLine, c.err().lines().findFirst().orElse(""), c.toString());
  }

  static Stream<Object[]> usageErrors() {
    return Stream.of(
        new Object[] {"no command", new String[] {}, "runbook: name a command: apply, validate, report, schema or lab"},
        new Object[] {"apply without inventory", new String[] {"apply"}, "runbook: Missing required parameter: 'INVENTORY'"},
        new Object[] {"unknown option", new String[] {"apply", "--chekc", "i.yml"}, "runbook: Unknown option: '--chekc'"},
        new Object[] {"--step with no terminal", new String[] {"apply", "--step", "../inventories/example.yml"},
            "runbook: --step needs a terminal to ask on"},
        new Object[] {"-K with no terminal", new String[] {"apply", "-K", "../inventories/example.yml"}, "runbook: -K/--ask-become-pass needs a"
            + " terminal to ask on; without one, set the password in a vaulted inventory variable (ansible_password, ansible_become_password)"},
        new Object[] {"-k with no terminal", new String[] {"apply", "--ask-pass", "../inventories/example.yml"}, "runbook: -k/--ask-pass needs a"
            + " terminal to ask on; without one, set the password in a vaulted inventory variable (ansible_password, ansible_become_password)"},
        new Object[] {"a timeout of none", new String[] {"apply", "-T", "0", "../inventories/example.yml"},
            "runbook: --timeout must be from 1 to 3600 seconds, not 0"},
        new Object[] {"forks not a number", new String[] {"apply", "--forks", "x", "i.yml"},
            "runbook: Invalid value for option '--forks': 'x' is not an int"},
        new Object[] {"rehearse a folder that is no scenario", new String[] {"lab", "rehearse", "../runbooks"},
            "runbook: " + Path.of("../runbooks").toAbsolutePath().normalize() + " is no scenario: it has no lab/seed.yml"},
        new Object[] {"rehearse without its inventory", new String[] {"lab", "rehearse", "-i", "nope.yml", "../runbooks/s4-varnish-bridge"},
            "runbook: inventory file 'nope.yml' not found"});
  }

  @Test
  void theExampleChangesThenIsOk() throws IOException {
    Path root = dir.resolve("site");
    String[] args = {"apply", "../inventories/example.yml", "-e", "site_root=" + root};
    Command first = Command.run(args);
    assertEquals(0, first.exitCode(), first.toString());
    assertEquals(6, first.changed(), first.toString());
    assertTrue(Files.readString(root.resolve("conf/httpd.conf")).contains("\nMaxRequestWorkers 40\n"));
    Command second = Command.run(args);
    assertEquals(0, second.exitCode(), second.toString());
    assertEquals(0, second.changed(), second.toString());
    assertTrue(second.out().contains("localhost                  : ok=5    changed=0    unreachable=0    failed=0"), second.toString());
  }

  @Test
  void validateLoadsEverythingAndContactsNothing() throws IOException {
    Path inventory = Files.writeString(dir.resolve("inv.yml"), "all:\n  hosts:\n    web1: {ansible_host: 192.0.2.1}\n");
    Path book = Files.writeString(dir.resolve("site.yml"), "- hosts: all\n  tasks:\n    - command: rm -rf /\n");
    Command c = Command.run("validate", inventory.toString(), book.toString());
    assertEquals(0, c.exitCode(), c.toString());
    assertEquals("ok: 1 runbook(s), 1 play(s), 1 host(s) in the inventory", c.out().strip());
  }

  record Bad(String name, String runbook, String firstLine) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badInputs() {
    return Stream.of(
        new Bad("malformed YAML", "- hosts: all\n  tasks:\n    - copy: {dest: /x\n", "site.yml:4:1: YAML syntax error: expected ',' or '}', but got the end of the file"),
        new Bad("unknown module", "- hosts: all\n  tasks:\n    - cpoy: {dest: /x, content: y}\n", "site.yml:3:7: unknown module 'cpoy' (did you mean 'copy'?)"),
        new Bad("wrong argument type", "- hosts: all\n  tasks:\n    - copy: {dest: /x, content: y, backup: maybe}\n",
            "site.yml:3:44: argument 'backup' of module 'copy' must be a boolean (true/false, yes/no), not 'maybe'"),
        new Bad("unknown handler", "- hosts: all\n  tasks:\n    - copy: {dest: /x, content: y}\n      notify: restart apche\n  handlers:\n    - name: restart apache\n      debug: {msg: hi}\n",
            "site.yml:4:15: unknown handler 'restart apche' in notify (handlers of this play: restart apache)"),
        new Bad("two modules in one task", "- hosts: all\n  tasks:\n    - copy: {dest: /x, content: y}\n      file: {path: /x}\n",
            "site.yml:4:7: more than one module in one task: 'copy' and 'file'"),
        new Bad("when that does not parse", "- hosts: all\n  tasks:\n    - debug: {msg: hi}\n      when: x ==\n",
            "site.yml:4:17: Jinja syntax error in 'x ==': the expression ends too early"),
        new Bad("unknown filter", "- hosts: all\n  tasks:\n    - debug: {msg: \"{{ x | to_jsn }}\"}\n",
            "site.yml:3:28: no filter named 'to_jsn'"),
        new Bad("mode neither octal nor symbolic", "- hosts: all\n  tasks:\n    - file: {path: /x, mode: 999}\n",
            "site.yml:3:30: argument 'mode' of module 'file' must be a mode, octal digits like '0644' or symbolic like 'u=rw,g=r,o=', not '999'"),
        new Bad("throttle that is no number", "- hosts: all\n  tasks:\n    - debug: {msg: hi}\n      throttle: many\n",
            "site.yml:4:17: 'throttle' must be a number of hosts, not 'many'"),
        new Bad("collections that name no collection", "- hosts: all\n  collections: [general]\n  tasks: []\n",
            "site.yml:2:17: 'collections' names collections as namespace.name (community.general), not 'general'"),
        new Bad("module_defaults for an unknown module", "- hosts: all\n  module_defaults:\n    cpoy: {mode: '0644'}\n  tasks: []\n",
            "site.yml:3:5: unknown module 'cpoy' in module_defaults (did you mean 'copy'?)"),
        new Bad("a wrong default argument is reported where module_defaults has it; group/ names are taken",
            "- hosts: all\n  module_defaults:\n    group/x.y.z: {a: 1}\n    file: {mode: 999}\n  tasks:\n    - file: {path: /x}\n",
            "site.yml:4:18: argument 'mode' of module 'file' must be a mode, octal digits like '0644' or symbolic like 'u=rw,g=r,o=', not '999'"),
        new Bad("missing template", "- hosts: all\n  tasks:\n    - template: {src: nope.j2, dest: /x}\n", "site.yml:3:23: template source 'nope.j2' not found (looked in: "));
  }

  /** Every problem: FILE:LINE:COL and a sentence on stderr, exit 3, the host untouched. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsReportedWithItsPositionAndNothingRuns(Bad bad) throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Snapshot before = Snapshot.of(root);
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Files.writeString(dir.resolve("site.yml"), bad.runbook());
    for (String command : new String[] {"validate", "apply"}) {
      Command c = Command.run(command, inventory.toString(), book.toString());
      assertEquals(3, c.exitCode(), c.toString());
      String first = c.err().lines().findFirst().orElse("");
      assertTrue(first.startsWith(dir.resolve(bad.firstLine()).toString()), "first line: " + first + "\n" + c);
      assertTrue(bad.firstLine().endsWith("(looked in: ") || first.equals(dir.resolve(bad.firstLine()).toString()), first);
      assertTrue(c.err().contains("nothing was run"), c.toString());
      assertEquals("", c.out(), c.toString());
    }
    assertEquals(before, Snapshot.of(root));
  }

  /** validate --format json: the same problems as objects on stdout, for editors and CI annotations. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void validateGivesTheProblemsAsJson(Bad bad) throws IOException {
    Path inventory = Fixtures.localInventory(dir, Files.createDirectories(dir.resolve("host")));
    Path book = Files.writeString(dir.resolve("site.yml"), bad.runbook());
    Command c = Command.run("validate", "--format", "json", inventory.toString(), book.toString());
    assertEquals(3, c.exitCode(), c.toString());
    JsonNode first = new ObjectMapper().readTree(c.out()).get(0);
    String[] parts = bad.firstLine().split(":", 4);
    assertEquals(book.toString(), first.get("file").asText(), c.toString());
    assertEquals(Integer.parseInt(parts[1]), first.get("line").asInt(), c.toString());
    assertEquals(Integer.parseInt(parts[2]), first.get("column").asInt(), c.toString());
    assertEquals("error", first.get("severity").asText(), c.toString());
    assertTrue(first.get("message").asText().startsWith(parts[3].strip()), c.toString());
    assertEquals("", c.err(), c.toString());
  }

  @Test
  void validateAsJsonListsWarningsAndNothingElseWhenAllIsWell() throws IOException {
    Path inventory = Files.writeString(dir.resolve("inv.yml"), "all:\n  hosts:\n    web1: {ansible_host: 192.0.2.1}\n");
    Path book = Files.writeString(dir.resolve("site.yml"), "- hosts: wbe1\n  tasks:\n    - command: rm -rf /\n");
    Command c = Command.run("validate", "--format", "json", inventory.toString(), book.toString());
    assertEquals(0, c.exitCode(), c.toString());
    JsonNode all = new ObjectMapper().readTree(c.out());
    assertEquals(1, all.size(), c.toString());
    assertEquals("{\"file\":\"" + book + "\",\"line\":1,\"column\":10,\"severity\":\"warning\",\"message\":"
        + "\"the play's hosts 'wbe1' match no host of the inventory; the play is skipped\"}", all.get(0).toString());
    Command wrong = Command.run("validate", "--format", "xml", inventory.toString(), book.toString());
    assertEquals(64, wrong.exitCode(), wrong.toString());
  }

  @Test
  void aFailingHostExits2AndTheRecapCountsIt() throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, "- fail: {msg: stop here}\n- debug: {msg: never}\n");
    Command c = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(2, c.exitCode(), c.toString());
    assertTrue(c.out().contains("fatal: [localhost]: FAILED! => {\"changed\":false,\"msg\":\"stop here\"}"), c.toString());
    assertEquals(1, c.failed());
  }

  @Test
  void tagsAndLimitSelectTasksAndHosts() throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, """
        - copy: {content: "a\\n", dest: "{{ root }}/a"}
          tags: [web]
        - copy: {content: "b\\n", dest: "{{ root }}/b"}
          tags: [db]
        """);
    Command tagged = Command.run("apply", "--tags", "web", inventory.toString(), book.toString());
    assertEquals(1, tagged.changed(), tagged.toString());
    assertTrue(Files.exists(root.resolve("a")) && !Files.exists(root.resolve("b")));
    Command limited = Command.run("apply", "--limit", "local*", "--skip-tags", "web", inventory.toString(), book.toString());
    assertEquals(1, limited.changed(), limited.toString());
    assertTrue(Files.exists(root.resolve("b")));
  }

  /** As ansible-playbook refuses it; exit 64, the command line is wrong, and nothing runs. */
  @Test
  void aLimitThatMatchesNoHostIsAnErrorNamingIt() throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, "- copy: {content: \"a\\n\", dest: \"{{ root }}/a\"}\n");
    Command c = Command.run("apply", "--limit", "webz", inventory.toString(), book.toString());
    assertEquals(64, c.exitCode(), c.toString());
    assertEquals("runbook: --limit 'webz' matches no host of the inventory " + inventory, c.err().lines().findFirst().orElse(""));
    assertEquals("", c.out(), c.toString());
    assertTrue(!Files.exists(root.resolve("a")));
  }

  @Test
  void aPlayWhoseHostsMatchNothingIsSkippedWithAWarning() throws IOException {
    Path inventory = Files.writeString(dir.resolve("inv.yml"), "all:\n  hosts:\n    web1: {ansible_host: 192.0.2.1}\n");
    Path book = Files.writeString(dir.resolve("site.yml"), "- hosts: wbe1\n  tasks:\n    - command: rm -rf /\n");
    for (String command : new String[] {"validate", "apply"}) {
      Command c = Command.run(command, inventory.toString(), book.toString());
      assertEquals(0, c.exitCode(), c.toString());
      assertEquals("[WARNING]: " + book + ":1:10: the play's hosts 'wbe1' match no host of the inventory; the play is skipped",
          c.err().strip(), c.toString());
    }
  }

  /** Ansible's INI format, and a directory of inventories, as ansible-playbook -i takes them. */
  @Test
  void iniInventoriesAndDirectoriesLoad() throws IOException {
    Path inventories = Files.createDirectories(dir.resolve("inventory"));
    Files.writeString(inventories.resolve("hosts"), "[web]\nweb[01:20].example.org ansible_user=deploy\n[db]\ndb1\n");
    Files.writeString(inventories.resolve("lab.yml"), "all:\n  hosts:\n    lab1:\n");
    Path book = Files.writeString(dir.resolve("site.yml"), "- hosts: web:db\n  tasks:\n    - command: rm -rf /\n");
    Command ini = Command.run("validate", "-i", inventories.resolve("hosts").toString(), book.toString());
    assertEquals(0, ini.exitCode(), ini.toString());
    assertEquals("ok: 1 runbook(s), 1 play(s), 21 host(s) in the inventory", ini.out().strip());
    Command directory = Command.run("validate", "-i", inventories.toString(), book.toString());
    assertEquals(0, directory.exitCode(), directory.toString());
    assertEquals("ok: 1 runbook(s), 1 play(s), 22 host(s) in the inventory", directory.out().strip());
  }

  /** ansible-playbook -i INVENTORY RUNBOOK...: with -i every path is a runbook. */
  @Test
  void theInventoryMayBeGivenWithDashI() throws IOException {
    Path inventory = Files.writeString(dir.resolve("inv.yml"), "all:\n  hosts:\n    web1: {ansible_host: 192.0.2.1}\n");
    Path book = Files.writeString(dir.resolve("site.yml"), "- hosts: all\n  tasks:\n    - command: rm -rf /\n");
    Path other = Files.writeString(dir.resolve("other.yml"), "- hosts: all\n  tasks: []\n");
    for (String[] args : List.of(
        new String[] {"validate", "-i", inventory.toString(), book.toString(), other.toString()},
        new String[] {"validate", book.toString(), "--inventory", inventory.toString(), other.toString()},
        new String[] {"validate", inventory.toString(), book.toString(), other.toString()})) {
      Command c = Command.run(args);
      assertEquals(0, c.exitCode(), c.toString());
      assertEquals("ok: 2 runbook(s), 2 play(s), 1 host(s) in the inventory", c.out().strip());
    }
    Command applied = Command.run("apply", "--check", "-i", inventory.toString(), other.toString());
    assertEquals(0, applied.exitCode(), applied.toString());
  }

  @Test
  void aMissingInventoryIsOneProblem() {
    Path missing = dir.resolve("nope.yml");
    Command c = Command.run("apply", missing.toString());
    assertEquals(3, c.exitCode(), c.toString());
    assertEquals(List.of("inventory file '" + missing + "' not found", "1 problem found; nothing was run."), c.err().lines().toList());
  }
}
