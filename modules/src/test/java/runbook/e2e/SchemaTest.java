package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.load.Schemas;
import runbook.run.ModuleRegistry;
import runbook.schema.JsonSchemas;

/** schema/runbook.schema.json, tasks.schema.json and inventory.schema.json: current, and right about shipped and broken files. */
class SchemaTest {
  private static final String REGENERATE = " is not what the modules' specs give: run ./runbook schema schema and commit the result";

  @Test
  void theCommittedSchemasAreCurrent() throws IOException {
    Path folder = JsonSchemas.folder();
    assertEquals(Schemas.runbook(ModuleRegistry.load().specs()), Files.readString(folder.resolve("runbook.schema.json")),
        "schema/runbook.schema.json" + REGENERATE);
    assertEquals(Schemas.tasks(ModuleRegistry.load().specs()), Files.readString(folder.resolve("tasks.schema.json")), "schema/tasks.schema.json" + REGENERATE);
    assertEquals(Schemas.inventory(), Files.readString(folder.resolve("inventory.schema.json")), "schema/inventory.schema.json" + REGENERATE);
  }

  @Test
  void theSchemaCommandWritesThem(@TempDir Path dir) throws IOException {
    Command c = Command.run("schema", dir.toString());
    assertEquals(0, c.exitCode(), c.toString());
    for (String name : List.of("runbook.schema.json", "tasks.schema.json", "inventory.schema.json")) {
      assertEquals(Files.readString(JsonSchemas.folder().resolve(name)), Files.readString(dir.resolve(name)), name);
    }
  }

  @Test
  void everyModuleHasADescription() {
    List<String> missing = ModuleRegistry.load().specs().stream().filter(s -> s.description() == null).map(s -> s.name()).toList();
    assertEquals(List.of(), missing);
  }

  static Stream<Path> shipped() throws IOException {
    Path root = JsonSchemas.folder().getParent();
    return Stream.concat(files(root.resolve("runbooks")), files(root.resolve("bench/compare")));
  }

  /** Every runbook under {@code dir}, the scenarios' phases, lab seeds and task files too; a lab's vars.yml is a vars file, not a runbook. */
  private static Stream<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> p.toString().endsWith(".yml") && !p.getFileName().toString().equals("vars.yml")).sorted().toList().stream();
    }
  }

  static Stream<Path> inventories() throws IOException {
    return files(JsonSchemas.folder().getParent().resolve("inventories"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void everyShippedRunbookIsValid(Path runbook) throws IOException {
    assertEquals(List.of(), JsonSchemas.problems(schemaOf(runbook), Files.readString(runbook), InputFormat.YAML));
  }

  /** A file in a tasks/ folder is a task file (import_tasks reads it there); any other is a runbook. */
  private static String schemaOf(Path file) {
    return file.getParent().getFileName().toString().equals("tasks") ? "tasks.schema.json" : "runbook.schema.json";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "a task file passes      | - shell: echo hi\\n  register: r\\n- block: [{debug: {msg: hi}}]                     | tasks.schema.json   | ",
    "a play in a task file   | - hosts: all\\n  tasks: []                                                         | tasks.schema.json   | hosts",
    "a task file as runbook  | - debug: {msg: hi}                                                                 | runbook.schema.json | hosts",
  })
  void taskFilesAndRunbooksAreToldApart(String name, String yaml, String schema, String word) {
    List<String> problems = JsonSchemas.problems(schema, yaml.replace("\\n", "\n"), InputFormat.YAML);
    if (word == null) {
      assertEquals(List.of(), problems, name);
    } else {
      assertTrue(String.join("\n", problems).contains(word), name + ": " + problems);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inventories")
  void everyShippedInventoryIsValid(Path inventory) throws IOException {
    assertEquals(List.of(), JsonSchemas.problems("inventory.schema.json", Files.readString(inventory), InputFormat.YAML));
  }

  /** Each broken runbook is rejected, and the validator's words point at what is wrong. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "unknown task keyword   | - hosts: all\\n  tasks:\\n    - copy: {dest: /x, content: y}\\n      whenn: x             | whenn",
    "unknown module         | - hosts: all\\n  tasks:\\n    - cpoy: {dest: /x, content: y}                       | cpoy",
    "unknown argument       | - hosts: all\\n  tasks:\\n    - copy: {dest: /x, content: y, mdoe: '0644'}          | mdoe",
    "not one of the choices | - hosts: all\\n  tasks:\\n    - file: {path: /x, state: directroy}                  | file/state",
    "not a boolean          | - hosts: all\\n  tasks:\\n    - copy: {dest: /x, content: y, backup: maybe}         | copy/backup",
    "missing required       | - hosts: all\\n  tasks:\\n    - lineinfile: {line: x}                               | path",
    "play without hosts     | - tasks:\\n    - debug: {msg: hi}                                                  | hosts",
    "unknown play keyword   | - hosts: all\\n  taks: []                                                          | taks",
    "block keyword on block | - hosts: all\\n  tasks:\\n    - block: [{debug: {msg: hi}}]\\n      register: x       | register",
  })
  void brokenRunbooksAreRejected(String name, String yaml, String word) {
    List<String> problems = JsonSchemas.problems("runbook.schema.json", yaml.replace("\\n", "\n"), InputFormat.YAML);
    assertFalse(problems.isEmpty(), name);
    assertTrue(String.join("\n", problems).contains(word), name + ": " + problems);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "templated values pass  | - hosts: all\\n  tasks:\\n    - copy: {dest: /x, content: y, backup: '{{ b }}'}",
    "collection names       | - hosts: all\\n  tasks:\\n    - ansible.builtin.copy: {dest: /x, content: y}",
    "free form              | - hosts: all\\n  tasks:\\n    - command: ls -l\\n    - meta: flush_handlers",
    "aliases                | - hosts: all\\n  tasks:\\n    - apt: {pkg: apache2}",
  })
  void validRunbooksPass(String name, String yaml) {
    assertEquals(List.of(), JsonSchemas.problems("runbook.schema.json", yaml.replace("\\n", "\n"), InputFormat.YAML), name);
  }

  @Test
  void aBrokenInventoryIsRejected() {
    List<String> problems = JsonSchemas.problems("inventory.schema.json", "all:\n  host:\n    web1:\n", InputFormat.YAML);
    assertTrue(String.join("\n", problems).contains("host"), problems.toString());
  }
}
