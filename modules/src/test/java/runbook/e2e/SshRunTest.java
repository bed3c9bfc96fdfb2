package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.Shell;

/** Whole runs over SSH on the lab: hostile values, become, an unreachable host, a killed copy. */
@ExtendWith(LabExtension.class)
class SshRunTest {
  /** Quotes, spaces, command substitution, backticks, newlines, globs, non-ASCII. */
  private static final String NASTY = "it's \"$(touch /tmp/pwned)\" `id` ; rm -rf * && echo $HOME\n\ttab ünïcødé ✓ [a-z]? ~ \\ end";

  @TempDir Path dir;

  private static String exec(Lab lab, String host, String command) {
    return LabHosts.exec(lab, host, command);
  }

  @Test
  void hostileValuesRoundTripThroughCopyLineinfileAndCommand(Lab lab) throws IOException {
    exec(lab, "h1", "rm -rf /srv/nasty /tmp/pwned && mkdir -p /srv/nasty");
    Path vars = dir.resolve("vars.yml");
    Files.writeString(vars, "nasty: " + yamlString(NASTY) + "\n");
    Path book = Fixtures.runbook(dir, """
        - copy: {content: "{{ nasty }}", dest: "/srv/nasty/{{ nasty | replace('/', '_') | replace('\\n', '_') }}"}
        - lineinfile: {path: /srv/nasty/lines, line: "{{ nasty | replace('\\n', ' ') }}", create: true}
        - command:
            argv: [printf, "%s", "{{ nasty }}"]
          register: printed
          changed_when: false
        - assert:
            that: printed.stdout == nasty
        """);
    Command run = Command.run("apply", "--limit", "h1", lab.inventory().toString(), book.toString(), "-e", "@" + vars);
    assertEquals(0, run.exitCode(), run.toString());
    String fileName = NASTY.replace('/', '_').replace('\n', '_');
    assertEquals(NASTY, exec(lab, "h1", "cat /srv/nasty/" + Shell.quote(fileName)));
    assertEquals(NASTY.replace('\n', ' ') + "\n", exec(lab, "h1", "cat /srv/nasty/lines"));
    assertEquals("absent\n", exec(lab, "h1", "[ -e /tmp/pwned ] && echo present || echo absent"));
    Command again = Command.run("apply", "--limit", "h1", lab.inventory().toString(), book.toString(), "-e", "@" + vars);
    assertEquals(0, again.changed(), again.toString());
  }

  @Test
  void becomeRunsTasksAsAnotherUser(Lab lab) throws IOException {
    exec(lab, "h2", "rm -rf /srv/become && mkdir -p /srv/become && chown deploy /srv/become");
    Path book = Fixtures.runbook(dir, """
        - copy: {content: "mine\\n", dest: /srv/become/file}
          become: true
          become_user: deploy
        - command: whoami
          become: true
          become_user: deploy
          register: who
          changed_when: false
        - assert: {that: "who.stdout == 'deploy'"}
        """);
    Command run = Command.run("apply", "--limit", "h2", lab.inventory().toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("deploy\n", exec(lab, "h2", "stat -c %U /srv/become/file"));
  }

  @Test
  void anUnreachableHostIsReportedAndTheOthersFinish(Lab lab) throws IOException {
    Path inventory = dir.resolve("with-ghost.yml");
    Files.writeString(inventory, Files.readString(lab.inventory()).replaceFirst(
        "(?m)^(\\s+)hosts:\\n", "$1hosts:\n$1  ghost: {ansible_host: 10.231.0.250, ansible_timeout: 2}\n"));
    Path book = Fixtures.runbook(dir, "- copy: {content: \"up\\n\", dest: /srv/reachable}\n");
    Command run = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(4, run.exitCode(), run.toString());
    assertTrue(run.out().contains("fatal: [ghost]: UNREACHABLE!"), run.toString());
    for (Lab.LabHost h : lab.hosts()) {
      assertEquals("up\n", exec(lab, h.name(), "cat /srv/reachable"));
    }
  }

  @Test
  void aConnectionKilledDuringALargeCopyLeavesTheOldFileIntact(Lab lab) throws Exception {
    exec(lab, "h3", "mkdir -p /srv/big && printf old > /srv/big/data && rm -f /srv/big/.data.runbook-tmp.*");
    Path book = Fixtures.runbook(dir, "- copy: {src: big.bin, dest: /srv/big/data}\n");
    // Large enough that the transfer is still going when the sessions are killed (lab.sh takes ~0.1 s).
    byte[] big = new byte[320 * 1024 * 1024];
    new Random(7).nextBytes(big);
    Files.write(dir.resolve("book/files/big.bin"), big);
    big = null;
    CompletableFuture<Command> run =
        CompletableFuture.supplyAsync(() -> Command.run("apply", "--limit", "h3", lab.inventory().toString(), book.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (exec(lab, "h3", "ls -a /srv/big").lines().noneMatch(l -> l.startsWith(".data.runbook-tmp."))) {
      assertTrue(System.nanoTime() < deadline && !run.isDone(), "the copy never started writing its temp file");
      Thread.sleep(20);
    }
    lab.killSessions("h3");
    Command result = run.get(120, TimeUnit.SECONDS);
    assertNotEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().contains("fatal: [h3]"), result.toString());
    assertEquals("old", exec(lab, "h3", "cat /srv/big/data"));
  }

  private static String yamlString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

}
