package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An undefined variable anywhere in a runbook stops the command before any task runs: exit 3, host untouched. */
class UndefinedVariableTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"apply", "validate"})
  void anUndefinedVariableIsInvalidInputAndNothingRuns(String subcommand) throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, """
        - copy: {content: "first\\n", dest: "{{ root }}/first"}
        - copy: {content: "{{ greting }}", dest: "{{ root }}/second"}
        """);
    Snapshot untouched = Snapshot.of(root);

    Command command = Command.run(subcommand, inventory.toString(), book.toString());

    assertEquals(3, command.exitCode(), command.toString());
    assertEquals(book + ":4:23: 'greting' is undefined", command.err().lines().findFirst().orElse(""), command.toString());
    assertEquals(untouched, Snapshot.of(root), "the host was touched\n" + command);
  }
}
