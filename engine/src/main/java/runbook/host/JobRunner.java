package runbook.host;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.AsyncJob;
import runbook.spi.Command;
import runbook.spi.Shell;

/**
 * Starts commands as one async job on the host and reads its state (see {@link AsyncJob} for the
 * files it keeps). The job runs in a session of its own (setsid) with every stream on a file, so a
 * connection that ends or drops does not end it; coreutils' timeout ends it, with everything it
 * started, when its time is up. The commands, and what they read on stdin, travel on stdin into
 * 0600 files of the job: no value is on a command line. The job itself runs with the user's umask.
 */
public final class JobRunner {
  /**
   * The job, run as {@code sh -c JOB sh RESULTS SECONDS JID}: the commands, their files removed once
   * they end (the environment and stdin they were given stay nowhere), then the results file
   * replaced whole by a rename.
   */
  private static final String JOB = """
      j=$1
      timeout -k 5 "$2" sh "$j.run" "$j" >"$j.stdout" 2>"$j.stderr" </dev/null
      rc=$?
      rm -f "$j.run" "$j".in*
      if [ "$rc" -eq 124 ]; then r='"failed": 1, "msg": "%s"'; else r="\\"changed\\": true, \\"rc\\": $rc"; fi
      printf '{"started": 1, "finished": 1, "ansible_job_id": "%%s", %%s}\\n' "$3" "$r" >"$j.tmp" && mv -f "$j.tmp" "$j"
      """.formatted(AsyncJob.TIMED_OUT);

  private final Connection connection;

  public JobRunner(Connection connection) {
    this.connection = connection;
  }

  /** What starting a job gave: the results file, or why it could not start. */
  public record Started(String resultsFile, String error) {}

  /**
   * Starts {@code commands} as job {@code jid}, run one after another until one fails, for at most
   * {@code seconds}.
   */
  public Started start(String jid, List<Command> commands, long seconds) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    StringBuilder run = new StringBuilder("runbook_job=$1; shift\n");
    StringBuilder receive = new StringBuilder();
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      String in = c.stdin() == null ? "/dev/null" : "\"$runbook_job.in" + i + "\"";
      run.append("( unset runbook_job\n").append(CommandText.of(c)).append("\n) <").append(in).append(" || exit\n");
      if (c.stdin() != null) {
        byte[] bytes = c.stdin().getBytes(StandardCharsets.UTF_8);
        receive.append(" && head -c ").append(bytes.length).append(" >\"$j.in").append(i).append('"');
        payload.writeBytes(bytes);
      }
    }
    byte[] script = run.toString().getBytes(StandardCharsets.UTF_8);
    String launch = "o=$(umask); umask 077\nmkdir -p " + AsyncJob.DIR + " || exit\n" + AsyncJob.path(jid)
        + "head -c " + script.length + " >\"$j.run\"" + receive + " || exit\n"
        + "printf '{\"started\": 1, \"finished\": 0, \"ansible_job_id\": \"%s\"}\\n' " + Shell.quote(jid)
        + " >\"$j.tmp\" && mv -f \"$j.tmp\" \"$j\" || exit\n"
        + "umask \"$o\"\nsetsid sh -c " + Shell.quote(JOB) + " sh \"$j\" " + seconds + " " + Shell.quote(jid) + " </dev/null >/dev/null 2>&1 &\n"
        + "printf '%s\\n' \"$j\"";
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    stdin.writeBytes(script);
    stdin.writeBytes(payload.toByteArray());
    ExecResult r = connection.exec(launch, stdin.toByteArray());
    if (r.rc() != 0) {
      return new Started(null, "could not start the async job: " + Stderr.reason(r.err()));
    }
    return new Started(r.out().strip(), null);
  }

  /** The job's state, as async_status reads it. */
  public AsyncJob.State state(String jid) {
    return AsyncJob.read(jid, connection.exec(CommandText.of(AsyncJob.status(jid)), null).text());
  }
}
