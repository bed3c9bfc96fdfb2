package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * async and poll, and async_status, through the command line on the local connection: each case a
 * runbook whose asserts check what was registered, and the recap it ends with.
 */
class LocalAsyncTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("poll: the job's result registered as the command's", """
            - command: echo hi
              async: 10
              poll: 1
              register: a
            - assert:
                that: ["a.stdout == 'hi'", "a.rc == 0", "a.finished == 1", "a.started == 1", "a.ansible_job_id is match('j[0-9]+[.][0-9]+$')",
                       "a.results_file | basename == a.ansible_job_id", "a.results_file | dirname | basename == '.ansible_async'", "a.cmd == ['echo', 'hi']", a is changed]
            """, "ok=2 changed=1 unreachable=0 failed=0 skipped=0"),
        Arguments.of("poll runs out: failed with Ansible's message, the job's state beside it", """
            - shell: sleep 5
              async: 1
              poll: 1
              register: b
              ignore_errors: true
            - assert:
                that: ["b.msg == 'async task did not complete within the requested time - 1s'", "b.async_result.finished == 0", b is not changed]
            """, "ok=2 changed=0 unreachable=0 failed=0 skipped=0"),
        Arguments.of("poll: 0, then async_status until finished; cleanup; a job that is not there", """
            - shell: sleep 1; echo done; echo err >&2; exit 3
              async: 20
              poll: 0
              register: job
            - assert:
                that: ["job.finished == 0", "job.started == 1", "job.stdout is not defined", job is changed]
            - async_status: {jid: "{{ job.ansible_job_id }}"}
              register: s
              until: s.finished
              retries: 20
              delay: 0.5
              ignore_errors: true
            - assert:
                that: ["s.rc == 3", "s.stdout == 'done'", "s.stderr_lines == ['err']", "s.msg == 'non-zero return code'", s is failed, s is changed]
            - async_status: {jid: "{{ job.ansible_job_id }}", mode: cleanup}
              register: c
            - assert:
                that: ["c.erased == job.results_file"]
            - async_status: {jid: "{{ job.ansible_job_id }}"}
              register: gone
              ignore_errors: true
            - assert:
                that: ["gone.msg == 'could not find job'"]
            """, "ok=8 changed=3 unreachable=0 failed=0 skipped=0"),
        Arguments.of("stdin and environment reach the job through files that go when it ends; the script module too", """
            - shell: printf '%s ' "$X"; cat
              args: {stdin: "it's $(secret)"}
              environment: {X: "from env"}
              async: 10
              poll: 1
              register: e
            - assert:
                that: ["e.stdout == \\"from env it's $(secret)\\""]
            - shell: ls -a ~/.ansible_async | grep -F '{{ e.ansible_job_id }}.'
              register: left
              changed_when: false
            - assert:
                that: ["left.stdout_lines == [e.ansible_job_id ~ '.stderr', e.ansible_job_id ~ '.stdout']"]
            - script: args.sh 'a b'
              async: 10
              poll: 1
              register: sc
            - assert:
                that: ["sc.stdout == '[a b]'"]
            """, "ok=6 changed=2 unreachable=0 failed=0 skipped=0"),
        Arguments.of("the job's own time limit ends it and what it started", """
            - shell: sleep 30; echo never
              async: 1
              poll: 0
              register: k
            - async_status: {jid: "{{ k.ansible_job_id }}"}
              register: ks
              until: ks.finished
              retries: 20
              delay: 0.5
              ignore_errors: true
            - assert:
                that: ["ks.msg == 'Timeout exceeded'", "ks.stdout == ''"]
            """, "ok=3 changed=1 unreachable=0 failed=0 skipped=0"),
        Arguments.of("each item of a loop is a job of its own", """
            - command: echo {{ item }}
              loop: [a, b]
              async: 10
              poll: 1
              register: l
            - assert:
                that: ["l.results | map(attribute='stdout') | list == ['a', 'b']",
                       "l.results[0].ansible_job_id != l.results[1].ansible_job_id"]
            """, "ok=2 changed=1 unreachable=0 failed=0 skipped=0"),
        Arguments.of("nothing to do starts no job; a module that writes files cannot run async", """
            - command: echo hi
              args: {creates: /}
              async: 10
              poll: 0
              register: n
            - copy: {content: "x\\n", dest: "{{ root }}/x"}
              async: 10
              poll: 1
              register: w
              ignore_errors: true
            - assert:
                that: ["n.ansible_job_id is not defined", n is not changed, "w.msg == 'async is not supported for this task.'"]
            """, "ok=3 changed=0 unreachable=0 failed=0 skipped=0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void runs(String name, String tasks, String recap) throws IOException {
    Path inventory = Fixtures.localInventory(dir, dir);
    Path book = Fixtures.runbook(dir, tasks);
    Files.writeString(book.resolveSibling("files/args.sh"), "echo \"[$1]\"\n");
    Command run = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().replaceAll(" +", " ").contains(recap), run.toString());
  }

  /** A check run starts nothing, so its preview is the task's as without async; async_status finds no job and says why. */
  @Test
  void aCheckRunStartsNoJob() throws IOException {
    Path inventory = Fixtures.localInventory(dir, dir);
    Path book = Fixtures.runbook(dir, """
        - command: touch {{ root }}/started
          async: 10
          poll: 0
          register: job
        - async_status: {jid: "{{ job.ansible_job_id | default('none') }}"}
        """);
    Command run = Command.run("apply", "--check", inventory.toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertFalse(Files.exists(dir.resolve("started")), run.toString());
    assertTrue(run.out().replaceAll(" +", " ").contains("ok=1 changed=0 unreachable=0 failed=0 skipped=1"), run.toString());
  }

  /** poll: 0: the job outlives the run that started it, and the next run reads what it did. */
  @Test
  void aJobOutlivesTheRunThatStartedIt() throws IOException {
    Path inventory = Fixtures.localInventory(dir, dir);
    Path start = Fixtures.runbook(dir, """
        - shell: sleep 2; echo finished > {{ root }}/done; echo out
          async: 30
          poll: 0
          register: job
        - copy: {content: "{{ job.ansible_job_id }}", dest: "{{ root }}/jid"}
        """);
    Command first = Command.run("apply", inventory.toString(), start.toString());
    assertEquals(0, first.exitCode(), first.toString());
    assertFalse(Files.exists(dir.resolve("done")), "the run waited for the job");
    Path read = Fixtures.runbook(dir, """
        - async_status: {jid: "{{ lookup('file', root ~ '/jid') }}"}
          register: s
          until: s.finished
          retries: 20
          delay: 0.5
        - assert: {that: ["s.stdout == 'out'"]}
        - async_status: {jid: "{{ s.ansible_job_id }}", mode: cleanup}
        """);
    Command second = Command.run("apply", inventory.toString(), read.toString());
    assertEquals(0, second.exitCode(), second.toString());
    assertEquals("finished\n", Files.readString(dir.resolve("done")));
  }
}
