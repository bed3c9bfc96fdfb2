package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/** async jobs on a real sshd host: one outlives its killed connection, poll runs out, poll: 0 read back by async_status, apt as a job. */
@ExtendWith(LabExtension.class)
class AsyncLabTest {
  @TempDir Path dir;

  @Test
  void aJobSurvivesItsConnectionBeingKilled(Lab lab) throws Exception {
    LabHosts.exec(lab, "h1", "rm -rf /srv/async ~/.ansible_async && mkdir -p /srv/async");
    Path book = Fixtures.runbook(dir, """
        - shell: sleep 4; echo survived > /srv/async/mark; echo out
          async: 60
          poll: 1
        """);
    CompletableFuture<Command> run =
        CompletableFuture.supplyAsync(() -> Command.run("apply", "--limit", "h1", lab.inventory().toString(), book.toString()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (LabHosts.exec(lab, "h1", "ls ~/.ansible_async 2>/dev/null || true").isBlank()) {
      assertTrue(System.nanoTime() < deadline && !run.isDone(), "the job never started");
      Thread.sleep(50);
    }
    lab.killSessions("h1");
    Command result = run.get(60, TimeUnit.SECONDS);
    assertNotEquals(0, result.exitCode(), result.toString());
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!LabHosts.exec(lab, "h1", "cat /srv/async/mark 2>/dev/null || true").equals("survived\n")) {
      assertTrue(System.nanoTime() < deadline, "the job died with its connection");
      Thread.sleep(200);
    }
    Thread.sleep(500); // the results file is renamed into place just after the command ends
    String state = LabHosts.exec(lab, "h1", "cd ~/.ansible_async && for f in *; do printf '%s=' \"$f\"; cat \"$f\"; done");
    assertTrue(state.matches("(?s)j[0-9.]+=\\{\"started\": 1, \"finished\": 1, \"ansible_job_id\": \"j[0-9.]+\", \"changed\": true, \"rc\": 0}\n"
        + "j[0-9.]+\\.stderr=j[0-9.]+\\.stdout=out\n"), state);
  }

  @Test
  void pollRunsOutAndTheJobsOwnLimitEndsIt(Lab lab) throws IOException, InterruptedException {
    Path book = Fixtures.runbook(dir, """
        - shell: sleep 20; echo late > /srv/late
          async: 2
          poll: 1
        """);
    LabHosts.exec(lab, "h2", "rm -f /srv/late");
    Command run = Command.run("apply", "--limit", "h2", lab.inventory().toString(), book.toString());
    assertNotEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("async task did not complete within the requested time - 2s"), run.toString());
    Thread.sleep(2000);
    assertEquals("", LabHosts.exec(lab, "h2", "ps -eo args | grep '^sleep 2[0]' || true"), "the job outlived its limit");
  }

  @Test
  void pollZeroThenAsyncStatusAsTheBecomeUserWithStdin(Lab lab) throws IOException {
    Path book = Fixtures.runbook(dir, """
        - shell: sleep 2; whoami; cat >&2
          args: {stdin: oops}
          async: 30
          poll: 0
          become: true
          become_user: deploy
          register: job
        - assert:
            that: ["job.results_file == '/home/deploy/.ansible_async/' ~ job.ansible_job_id", "job.finished == 0"]
        - async_status: {jid: "{{ job.ansible_job_id }}"}
          become: true
          become_user: deploy
          register: s
          until: s.finished
          retries: 30
          delay: 0.5
        - assert:
            that: ["s.stdout == 'deploy'", "s.stderr == 'oops'", "s.rc == 0", "s.attempts > 1"]
        - async_status: {jid: "{{ job.ansible_job_id }}", mode: cleanup}
          become: true
          become_user: deploy
        """);
    Command run = Command.run("apply", "--limit", "h2", lab.inventory().toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", LabHosts.exec(lab, "h2", "ls -A /home/deploy/.ansible_async"));
  }

  /** A module whose change is only commands runs async as command does: apt from the lab's offline cache, then ok without a job. */
  @Test
  void aptRunsAsAnAsyncJob(Lab lab) throws IOException {
    Path book = Fixtures.runbook(dir, """
        - apt: {name: apache2-utils, state: present}
          async: 300
          poll: 1
          register: installed
        - assert:
            that: ["installed is changed", "installed.finished == 1", "installed.rc == 0"]
        """);
    Command run = Command.run("apply", "--limit", "h3", lab.inventory().toString(), book.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(1, run.changed(), run.toString());
    Command again = Command.run("apply", "--limit", "h3", lab.inventory().toString(), book.toString());
    assertEquals(0, again.changed(), again.toString());
  }
}
