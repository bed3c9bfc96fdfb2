package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plans made from answers asked ahead, many tasks' questions in one round trip, are the plans each
 * task makes asking its own questions afresh when it runs (--no-lookahead): the same output, step by
 * step, for check, apply, apply and check, including after changes made earlier in the run.
 */
class LookaheadTest {
  @TempDir Path dir;

  record Case(String name, String tasks) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("file tasks that build on each other", """
            - file: {path: "{{ root }}/site/conf", state: directory, mode: "0750"}
            - copy: {src: static.txt, dest: "{{ root }}/site/conf/static.txt"}
            - template: {src: site.conf.j2, dest: "{{ root }}/site/conf/site.conf", mode: "0640"}
            - lineinfile: {path: "{{ root }}/site/conf/httpd.conf", line: "Listen 80", create: true}
            - lineinfile: {path: "{{ root }}/site/conf/httpd.conf", regexp: '^Listen', line: "Listen 8080"}
            - blockinfile: {path: "{{ root }}/site/conf/httpd.conf", block: "Include sites/*.conf"}
            - file: {src: "{{ root }}/site/conf/site.conf", dest: "{{ root }}/site.conf", state: link}
            - copy: {src: conf.d/, dest: "{{ root }}/site/conf.d/"}
            - file: {path: "{{ root }}/site", state: directory, recurse: true, mode: "u=rwX,g=rX,o="}
            - stat: {path: "{{ root }}/site/conf/httpd.conf"}
              register: st
            - assert: {that: ["st.stat.size > 40", "st.stat.mode == '0640'"]}
            """),
        new Case("a command changes what the next tasks read", """
            - copy: {content: "one\\n", dest: "{{ root }}/f"}
            - stat: {path: "{{ root }}/f"}
              register: first
            - shell: "echo two >> {{ root }}/f"
            - stat: {path: "{{ root }}/f"}
              register: second
            - lineinfile: {path: "{{ root }}/f", line: "three"}
            - copy: {content: "{{ second.stat.size }}\\n", dest: "{{ root }}/size"}
            - assert: {that: ["first.stat.size == 4", "second.stat.size == 8"]}
              when: not ansible_check_mode
            """),
        new Case("facts and a task whose arguments come from a registered result", """
            - command: "echo {{ root }}/made-from-output"
              register: out
              changed_when: false
            - file: {path: "{{ out.stdout }}", state: directory}
            - copy: {content: "{{ ansible_facts.distribution }} {{ ansible_hostname }}\\n", dest: "{{ out.stdout }}/facts"}
            - file: {path: "{{ out.stdout }}/facts", mode: "0600"}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void askingAheadPlansAsAskingEachTime(Case c) throws IOException {
    Path book = Fixtures.runbook(dir, c.tasks());
    List<String> ahead = steps(dir.resolve("ahead"), book);
    List<String> each = steps(dir.resolve("each"), book, "--no-lookahead");
    assertEquals("0", ahead.get(1).substring(0, 1), ahead.get(1));
    for (int i = 0; i < ahead.size(); i++) {
      assertEquals(each.get(i), ahead.get(i), "step " + (i + 1) + " of check, apply, apply, check");
    }
    assertEquals(Snapshot.of(dir.resolve("each/host")).entries().keySet(), Snapshot.of(dir.resolve("ahead/host")).entries().keySet());
  }

  /** A host that moves on its own while a task waits (a file another process writes): the tasks after the wait see it. */
  @Test
  void afterAWaitTheHostIsAskedAgain() throws Exception {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, """
        - stat: {path: "{{ root }}/late"}
          register: before
        - wait_for: {path: "{{ root }}/late", timeout: 30}
        - stat: {path: "{{ root }}/late"}
          register: after
        - assert: {that: ["not before.stat.exists", "after.stat.exists"]}
        """);
    Process writer = new ProcessBuilder("sh", "-c", "sleep 2; echo late > '" + root.resolve("late") + "'").start();
    try {
      Command apply = Command.run("apply", inventory.toString(), book.toString());
      assertEquals(0, apply.exitCode(), apply.toString());
    } finally {
      writer.destroy();
    }
  }

  /** until/retries waits for the host to move: each attempt asks it afresh. */
  @Test
  void eachRetryAsksTheHostAgain() throws Exception {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, """
        - stat: {path: "{{ root }}/late"}
          register: st
          until: st.stat.exists
          retries: 30
          delay: 1
        """);
    Process writer = new ProcessBuilder("sh", "-c", "sleep 2; echo late > '" + root.resolve("late") + "'").start();
    try {
      Command apply = Command.run("apply", inventory.toString(), book.toString());
      assertEquals(0, apply.exitCode(), apply.toString());
    } finally {
      writer.destroy();
    }
  }

  /** check, apply, apply, check on a fresh host root of its own, each output with that root's path taken out. */
  private static List<String> steps(Path dir, Path book, String... more) throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path inventory = Fixtures.localInventory(Files.createDirectories(dir), root);
    return Stream.of(List.of("--check", "--diff"), List.of("--diff"), List.of("--diff"), List.of("--check", "--diff"))
        .map(flags -> {
          List<String> args = new java.util.ArrayList<>(List.of("apply", "-v"));
          args.addAll(flags);
          args.addAll(List.of(more));
          args.addAll(List.of(inventory.toString(), book.toString()));
          Command run = Command.run(args.toArray(String[]::new));
          // another run on this machine may hold localhost for a moment: the wait is not part of the plans
          return run.exitCode() + "\n" + run.out().replace(dir.toString(), "DIR").replaceAll("(?m)^\\[WARNING\\]: waiting for .*\n", "");
        })
        .toList();
  }
}
