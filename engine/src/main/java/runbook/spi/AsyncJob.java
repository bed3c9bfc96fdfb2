package runbook.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task run detached on the host (async): its state lives in the connecting user's
 * {@value #DIR}, as Ansible's. The results file {@code DIR/JID} is JSON, replaced whole by a
 * rename: {@code {"started": 1, "finished": 0, "ansible_job_id": JID}} while it runs, then with
 * {@code "finished": 1} and {@code rc}, or {@code "failed": 1} and {@code msg} when its time ran out.
 * What the job printed is beside it, in {@code JID.stdout} and {@code JID.stderr}, complete before
 * the results file says finished.
 */
public final class AsyncJob {
  /** Ansible's async_dir; expanded by the host's shell, so per user (the become user's with become). */
  public static final String DIR = "~/.ansible_async";
  /** The msg of a job that its own time limit ended, as Ansible's async_wrapper writes it. */
  public static final String TIMED_OUT = "Timeout exceeded";
  /** What the status probe exits with when there is no such job. */
  private static final int MISSING = 3;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  private AsyncJob() {}

  /** A new job id in Ansible's shape: j, a random number of up to twelve digits, a dot, the controller's process id. */
  public static String newId() {
    return "j" + RANDOM.nextLong(1_000_000_000_000L) + "." + ProcessHandle.current().pid();
  }

  /** Shell text that sets {@code j} to the job's results file; the id is quoted, the directory expanded. */
  public static String path(String jid) {
    return "j=" + DIR + "/" + Shell.quote(jid) + "\n";
  }

  /**
   * A read-only probe of the job: the results file's path on a line, then (when there is a job) its
   * content, NUL, the job's stdout, NUL, its stderr.
   */
  public static Command status(String jid) {
    return Command.script(path(jid) + "printf '%s\\n' \"$j\"\n[ -f \"$j\" ] || exit " + MISSING
        + "\ncat \"$j\"; printf '\\0'; cat \"$j.stdout\" 2>/dev/null; printf '\\0'; cat \"$j.stderr\" 2>/dev/null; exit 0");
  }

  /** Removes the job's results and output files. */
  public static Command cleanup(String jid) {
    return Command.script(path(jid) + "rm -f -- \"$j\" \"$j.stdout\" \"$j.stderr\" \"$j.run\" \"$j\".in*");
  }

  /**
   * What a job's state says.
   *
   * @param found whether the job exists
   * @param data the values async_status registers: ansible_job_id, started, finished, results_file,
   *     and once finished rc, stdout, stderr (with their _lines) or msg
   */
  public record State(boolean found, boolean finished, boolean failed, Map<String, Object> data) {
    /** Whether the job's own time limit ended it. */
    public boolean timedOut() {
      return failed && TIMED_OUT.equals(data.get("msg"));
    }
  }

  /** The job's state from what {@link #status} printed. */
  public static State read(String jid, CommandResult printed) {
    String out = printed.stdout();
    int eol = out.indexOf('\n');
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("ansible_job_id", jid);
    data.put("started", 1);
    data.put("results_file", eol < 0 ? out : out.substring(0, eol));
    if (printed.rc() == MISSING || eol < 0) {
      data.put("finished", 1);
      data.put("msg", printed.rc() == MISSING ? "could not find job" : "could not read job: " + printed.stderr().strip());
      return new State(false, true, true, data);
    }
    String rest = out.substring(eol + 1);
    int first = rest.indexOf('\0');
    int last = rest.lastIndexOf('\0');
    Map<?, ?> file;
    try {
      file = first < 0 ? null : JSON.readValue(rest.substring(0, first), Map.class);
    } catch (JsonProcessingException e) {
      file = null;
    }
    if (file == null) {
      data.put("finished", 1);
      data.put("msg", "Could not parse job output: " + (first < 0 ? rest : rest.substring(0, first)).strip());
      return new State(true, true, true, data);
    }
    boolean finished = Integer.valueOf(1).equals(file.get("finished")) || !file.containsKey("started");
    boolean failed = Integer.valueOf(1).equals(file.get("failed"));
    file.forEach((k, v) -> data.put(String.valueOf(k), v));
    data.put("finished", finished ? 1 : 0);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("stdout", finished ? rest.substring(first + 1, last) : "");
    output.put("stderr", finished ? rest.substring(last + 1) : "");
    data.putAll(CommandOutput.shape(output));
    boolean nonZero = file.get("rc") instanceof Integer rc && rc != 0;
    if (nonZero) {
      data.put("msg", "non-zero return code");
    }
    return new State(true, finished, failed || nonZero, data);
  }
}
