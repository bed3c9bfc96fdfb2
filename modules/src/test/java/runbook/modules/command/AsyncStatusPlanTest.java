package runbook.modules.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.AsyncJob;

/** async_status: a job's results file (and its output beside it) read by one probe, in every state Ansible's reports. */
class AsyncStatusPlanTest {
  private static final String JID = "j123.45";
  private static final String FILE = "/root/.ansible_async/" + JID + "\n";
  private static final String OUT = "\0done\n\0oops\n";
  private static final String FINISHED = "stderr=oops, stderr_lines=[oops], stdout=done, stdout_lines=[done]";
  private static final String RUNNING = "finished=0, results_file=/root/.ansible_async/j123.45, started=1, stderr=, stderr_lines=[], stdout=, stdout_lines=[]";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("running: ok, no output yet", "status", false, 0,
            FILE + "{\"started\": 1, \"finished\": 0, \"ansible_job_id\": \"j123.45\"}\n" + OUT,
            "ok: job j123.45 is running\n  data {ansible_job_id=j123.45, " + RUNNING + "}\n"),
        Arguments.of("finished: the commands' change, with their output", "status", false, 0,
            FILE + "{\"started\": 1, \"finished\": 1, \"ansible_job_id\": \"j123.45\", \"changed\": true, \"rc\": 0}\n" + OUT,
            "changed: job j123.45 finished\n  data {ansible_job_id=j123.45, changed=true, finished=1, rc=0,"
                + " results_file=/root/.ansible_async/j123.45, started=1, " + FINISHED + "}\n"),
        Arguments.of("finished with a non-zero status: failed, as the command would", "status", false, 0,
            FILE + "{\"started\": 1, \"finished\": 1, \"ansible_job_id\": \"j123.45\", \"changed\": true, \"rc\": 3}\n" + OUT,
            "failed: non-zero return code\n  data {ansible_job_id=j123.45, changed=true, finished=1, rc=3,"
                + " results_file=/root/.ansible_async/j123.45, started=1, " + FINISHED + "}\n"),
        Arguments.of("its time ran out: failed, as Ansible's wrapper says", "status", false, 0,
            FILE + "{\"started\": 1, \"finished\": 1, \"ansible_job_id\": \"j123.45\", \"failed\": 1, \"msg\": \"Timeout exceeded\"}\n" + OUT,
            "failed: Timeout exceeded\n  data {ansible_job_id=j123.45, failed=1, finished=1,"
                + " results_file=/root/.ansible_async/j123.45, started=1, " + FINISHED + "}\n"),
        Arguments.of("no such job: failed", "status", false, 3, FILE,
            "failed: could not find job\n  data {ansible_job_id=j123.45, finished=1, results_file=/root/.ansible_async/j123.45, started=1}\n"),
        Arguments.of("no such job in a check run: its starting task did not run", "status", true, 3, FILE,
            "ok: no job j123.45: a check run does not start the task that would\n  data {ansible_job_id=j123.45, finished=1,"
                + " msg=could not find job, results_file=/root/.ansible_async/j123.45, started=1}\n"),
        Arguments.of("a results file that is not JSON", "status", false, 0, FILE + "{\"star" + OUT,
            "failed: Could not parse job output: {\"star\n  data {ansible_job_id=j123.45, finished=1, results_file=/root/.ansible_async/j123.45, started=1}\n"),
        Arguments.of("cleanup removes the job's files", "cleanup", false, 0,
            FILE + "{\"started\": 1, \"finished\": 1, \"ansible_job_id\": \"j123.45\", \"changed\": true, \"rc\": 0}\n" + OUT,
            "changed: remove the files of job j123.45\n  run sh \"j=~/.ansible_async/j123.45\\nrm -f -- \\\"$j\\\" \\\"$j.stdout\\\" \\\"$j.stderr\\\""
                + " \\\"$j.run\\\" \\\"$j\\\".in*\"\n  data {ansible_job_id=j123.45, erased=/root/.ansible_async/j123.45}\n"),
        Arguments.of("cleanup of no job: failed", "cleanup", false, 3, FILE,
            "failed: could not find job\n  data {ansible_job_id=j123.45, finished=1, results_file=/root/.ansible_async/j123.45, started=1}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, String mode, boolean check, int rc, String printed, String expected) {
    var host = FakeHost.empty().probe(AsyncJob.status(JID).display(), rc, printed);
    assertEquals(expected, PlanText.of(Calls.plan(new AsyncStatusModule(), args("jid", JID, "mode", mode), host, FakeController.empty(), check)));
  }
}
