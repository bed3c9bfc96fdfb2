package runbook.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import runbook.run.RecapRow;

/**
 * Prints a run as ansible-playbook does: PLAY and TASK banners, one line per host and result,
 * unified diffs, the recap. Every line is redacted before it is printed.
 */
public final class Console {
  private static final int WIDTH = 80;
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final PrintWriter out;
  private final Redactor redactor;

  public Console(PrintWriter out, Redactor redactor) {
    this.out = out;
    this.redactor = redactor;
  }

  public void play(String name) {
    banner("PLAY [" + name + "]");
  }

  public void task(String name, boolean handler) {
    banner((handler ? "RUNNING HANDLER [" : "TASK [") + name + "]");
  }

  /**
   * One host's line: {@code changed: [web1] => (item=x)}, or for failures
   * {@code fatal: [web1]: FAILED! => {"msg": ...}}.
   *
   * @param details printed after "=>" as JSON; empty prints nothing
   */
  public void host(String word, String host, String item, boolean failure, boolean unreachable, Map<String, Object> details) {
    StringBuilder line = new StringBuilder();
    if (failure || unreachable) {
      if (item == null) {
        line.append("fatal: [").append(host).append("]: ").append(unreachable ? "UNREACHABLE!" : "FAILED!");
      } else {
        line.append("failed: [").append(host).append("] (item=").append(item).append(')');
      }
      line.append(" => ").append(json(details, false));
    } else {
      line.append(word).append(": [").append(host).append(']');
      if (item != null) {
        line.append(" => (item=").append(item).append(')');
      }
      if (!details.isEmpty()) {
        line.append(item == null ? " => " : " ").append(json(details, true));
      }
    }
    print(line.toString());
  }

  public void ignoring() {
    print("...ignoring");
  }

  public void diff(String unifiedDiff) {
    if (!unifiedDiff.isEmpty()) {
      out.print(redactor.diff(unifiedDiff));
      out.flush();
    }
  }

  public void warning(String message) {
    print("[WARNING]: " + message);
  }

  public void line(String text) {
    print(text);
  }

  /** The recap block, one line per host in the order given. */
  public void recap(List<RecapRow> rows) {
    banner("PLAY RECAP");
    for (RecapRow r : rows) {
      String line =
          String.format(
              "%-26s : ok=%-4d changed=%-4d unreachable=%-4d failed=%-4d skipped=%-4d rescued=%-4d ignored=%-4d",
              r.host(), r.ok(), r.changed(), r.unreachable(), r.failed(), r.skipped(), r.rescued(), r.ignored());
      print(line.stripTrailing());
    }
    out.println();
    out.flush();
  }

  private void banner(String title) {
    out.println();
    String head = title + " ";
    print(head + "*".repeat(Math.max(3, WIDTH - head.length())));
  }

  private void print(String line) {
    out.println(redactor.redact(line));
    out.flush();
  }

  /** One-line JSON, as the console prints details and loop labels. */
  public static String compact(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  private static String json(Map<String, Object> details, boolean pretty) {
    try {
      if (pretty) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("    ", "\n"));
        return JSON.writer(printer).writeValueAsString(details);
      }
      return compact(details);
    } catch (JsonProcessingException e) {
      return String.valueOf(details);
    }
  }
}
