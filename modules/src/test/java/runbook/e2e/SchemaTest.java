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

/** schema/runbook.schema.json and schema/inventory.schema.json: current, and right about shipped and broken files. */
class SchemaTest {
  private static final String REGENERATE = " is not what the modules' specs give: run ./runbook schema schema and commit the result";

  @Test
  void theCommittedSchemasAreCurrent() throws IOException {
    Path folder = JsonSchemas.folder();
    assertEquals(Schemas.runbook(ModuleRegistry.load().specs()), Files.readString(folder.resolve("runbook.schema.json")),
        "schema/runbook.schema.json" + REGENERATE);
    assertEquals(Schemas.inventory(), Files.readString(folder.resolve("inventory.schema.json")), "schema/inventory.schema.json" + REGENERATE);
  }

  @Test
  void theSchemaCommandWritesThem(@TempDir Path dir) throws IOException {
    Command c = Command.run("schema", dir.toString());
    assertEquals(0, c.exitCode(), c.toString());
    assertEquals(Files.readString(JsonSchemas.folder().resolve("runbook.schema.json")), Files.readString(dir.resolve("runbook.schema.json")));
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

  private static Stream<Path> files(Path dir) throws IOException {
    return Files.list(dir).filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void everyShippedRunbookIsValid(Path runbook) throws IOException {
    assertEquals(List.of(), JsonSchemas.problems("runbook.schema.json", Files.readString(runbook), InputFormat.YAML));
  }

  @Test
  void theShippedInventoryIsValid() throws IOException {
    Path inventory = JsonSchemas.folder().getParent().resolve("inventories/example.yml");
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
