package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed after a change and before its handler leaves the handler recorded on the host; the
 * next run of the play runs it and says why (ansible#10498: Ansible forgets it). Each run is its
 * own process, as a real run is, with HOME in the test's directory: the record lives there.
 */
class PendingHandlersTest {
  @TempDir Path dir;

  private static final String RUNBOOK = """
      - hosts: all
        tasks:
          - copy: {dest: "{{ root }}/app.conf", content: "version {{ version }}\\n"}
            notify: restart app
          - name: the run is killed here, after the change and before the handler
            shell: kill -KILL $PPID
            when: kill_the_run | default(false) | bool
        handlers:
          - name: restart app
            shell: echo restarted >> "{{ root }}/restarts.log"
      """;

  @Test
  void aHandlerLeftByAKilledRunRunsInTheNextRun() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path runbook = Files.writeString(dir.resolve("site.yml"), RUNBOOK);
    Path restarts = root.resolve("restarts.log");

    Run killed = run(inventory, runbook, "-e", "version=2", "-e", "kill_the_run=true");
    assertEquals(137, killed.exitCode(), killed.toString());
    assertEquals("version 2\n", Files.readString(root.resolve("app.conf")));
    assertFalse(Files.exists(restarts), "the handler did not run before the kill");

    Run next = run(inventory, runbook, "-e", "version=2");
    assertEquals(0, next.exitCode(), next.toString());
    assertTrue(next.out().contains("[WARNING]: an earlier run of this play on localhost changed something and stopped before its "
        + "handlers ran; they run in this one: restart app"), next.toString());
    assertTrue(next.out().contains("RUNNING HANDLER [restart app]"), next.toString());
    assertEquals("restarted\n", Files.readString(restarts));

    Run third = run(inventory, runbook, "-e", "version=2");
    assertFalse(third.out().contains("RUNNING HANDLER"), "ran once, and is no longer pending:\n" + third);
    assertEquals("restarted\n", Files.readString(restarts));
    try (var left = Files.walk(dir.resolve("home"))) {
      assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "no record is left behind");
    }
  }

  @Test
  void aCheckRunReadsTheRecordButNeverWritesIt() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path runbook = Files.writeString(dir.resolve("site.yml"), RUNBOOK);
    Run check = run(inventory, runbook, "--check", "-e", "version=1");
    assertEquals(0, check.exitCode(), check.toString());
    assertTrue(check.out().contains("RUNNING HANDLER [restart app]"), check.toString());
    assertFalse(Files.exists(dir.resolve("home/.local/state/runbook")), "a check run records nothing on the host");
  }

  record Run(int exitCode, String out) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + out;
    }
  }

  /** The runbook command in a process of its own, HOME in the test's directory. */
  private Run run(Path inventory, Path runbook, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "runbook.cli.Main", "apply"));
    command.addAll(List.of(options));
    command.addAll(List.of(inventory.toString(), runbook.toString()));
    Path home = Files.createDirectories(dir.resolve("home"));
    Path out = dir.resolve("out.txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("XDG_STATE_HOME");
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended");
    return new Run(p.exitValue(), Files.readString(out));
  }
}
