package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts in whole runs on the local connection: gathered when a template reads one, not without. */
class FactsRunTest {
  @TempDir Path dir;

  private static String meminfoTotalMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return String.valueOf(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
      }
    }
    throw new AssertionError("no MemTotal in /proc/meminfo");
  }

  private static String osReleaseId() throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
      if (line.startsWith("ID=")) {
        return line.substring(3).replace("\"", "");
      }
    }
    throw new AssertionError("no ID in /etc/os-release");
  }

  @Test
  void factsRenderInTemplatesAsVariablesAndUnderAnsibleFacts() throws IOException {
    Path out = dir.resolve("facts.txt");
    Path book = Fixtures.runbook(dir, """
        - copy: {content: "{{ ansible_distribution }} {{ ansible_facts.memtotal_mb }} {{ ansible_facts['distribution'] == ansible_distribution }}\\n", dest: "%s"}
        """.formatted(out));
    Command run = Command.run("apply", Fixtures.localInventory(dir, dir).toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    String id = osReleaseId();
    assertEquals(id.substring(0, 1).toUpperCase() + id.substring(1) + " " + meminfoTotalMb() + " True\n", Files.readString(out));
  }

  @Test
  void anExplicitSetupTaskWithAFilterSetsOnlyWhatItKeeps() throws IOException {
    Path book = Fixtures.runbook(dir, """
        - setup: {gather_subset: ["!all", "!min", hardware], filter: ["*_mb"]}
        - assert:
            that:
              - ansible_memtotal_mb > 0
              - ansible_facts.memfree_mb <= ansible_facts.memtotal_mb
        """);
    Command run = Command.run("apply", Fixtures.localInventory(dir, dir).toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  void aPlayWithoutFactGatheringRunsWithoutFacts() throws IOException {
    Path book = dir.resolve("nofacts.yml");
    Files.writeString(book, """
        - hosts: all
          gather_facts: false
          tasks:
            - assert: {that: ["ansible_distribution is not defined"]}
            - debug: {msg: "no facts here"}
        """);
    Command run = Command.run("apply", Fixtures.localInventory(dir, dir).toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("no facts here"), run.toString());
  }
}
