package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.LocalConnection;

/** A task that acts on two hosts: a pipe from one into the other, an action on another host, and what check mode makes of them. */
class CrossHostTest {
  private static final String TWO_HOSTS = "all:\n  hosts:\n    old: {ansible_connection: local}\n    new: {ansible_connection: local}\n";

  @TempDir Path dir;

  private RunHarness.Outcome run(String runbook, RunOptions options) throws Exception {
    return new RunHarness(dir, FakeModules.registry(), (host, vars) -> new LocalConnection()).run(TWO_HOSTS, runbook, options);
  }

  @Test
  void aPipeCarriesOneHostsOutputIntoAnotherHostsCommandAndCountsTheBytes() throws Exception {
    Path target = dir.resolve("dump.sql");
    String line = "INSERT INTO t VALUES ('it''s', \"$(no)\", `x`, 'ünï');";
    String data = (line + "\n").repeat(50_000);
    var outcome = run("""
        - hosts: new
          tasks:
            - fake_pipe: {from: old, to: new, line: "%s", lines: 50000, path: "%s"}
              register: piped
            - fake_say: {value: "{{ piped.bytes }}", changed: "{{ piped.bytes == %d }}"}
        """.formatted(line.replace("\"", "\\\""), target, data.getBytes(java.nio.charset.StandardCharsets.UTF_8).length),
        RunOptions.defaults());
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertEquals(data, Files.readString(target));
    assertEquals("new : ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("new"), outcome.output());
  }

  @Test
  void aFailingReceiverFailsThePipe() throws Exception {
    var outcome = run("""
        - hosts: new
          tasks:
            - fake_pipe: {from: old, to: new, line: "x", path: "/nonexistent-dir/x"}
        """, RunOptions.defaults());
    assertEquals(2, outcome.exitCode(), outcome.output());
    assertTrue(outcome.output().contains("failed with status"), outcome.output());
  }

  @Test
  void anActionOnAnotherHostIsPredictedThereInACheckRun() throws Exception {
    Path file = dir.resolve("on-old.txt");
    String book = """
        - hosts: new
          tasks:
            - fake_write_on: {on: old, path: "%1$s", content: "hello"}
            - fake_write_on: {on: old, path: "%1$s", content: "hello"}
        """.formatted(file);
    var check = run(book, new RunOptions(true, false, null, java.util.Set.of(), java.util.Set.of(), 5, false, 0, true));
    assertFalse(Files.exists(file), "a check run touches no host");
    assertEquals("new : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", check.recap("new"), check.output());
    var apply = run(book, RunOptions.defaults());
    assertEquals("hello", Files.readString(file));
    assertEquals("new : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", apply.recap("new"), apply.output());
  }
}
