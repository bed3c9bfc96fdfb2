package runbook.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import runbook.connect.Connection;
import runbook.connect.ExecResult;

/**
 * Many read-only questions as one script, one round trip: each runs in its own background
 * subshell, all at once, with stdin from /dev/null, its stdout and stderr kept in a private
 * temporary directory (removed on exit). The script then prints one line of the statuses (from
 * {@code wait}), the byte counts of all those files (one {@code wc -c}) and their bytes (one
 * {@code cat}), in the order asked. Processes are what a host pays for: one per question and four
 * in all, since starting one costs milliseconds on a busy host.
 */
final class Batch {
  /** The batch's output does not have the shape it prints: never expected, but never trusted either. */
  static final class Garbled extends RuntimeException {
    Garbled(String why) {
      super(why, null, false, false);
    }
  }

  private Batch() {}

  static List<ExecResult> run(Connection over, List<String> questions) {
    ExecResult r = over.exec(script(questions), null);
    if (r.rc() != 0) {
      throw new Garbled("the batch ended with status " + r.rc());
    }
    return parse(r.stdout(), questions.size());
  }

  static String script(List<String> questions) {
    StringBuilder s = new StringBuilder("d=$(mktemp -d) || exit\ntrap 'rm -rf \"$d\"' EXIT\n");
    StringBuilder files = new StringBuilder();
    for (int i = 0; i < questions.size(); i++) {
      s.append("(\n").append(questions.get(i)).append("\n) >\"$d/").append(i).append("\" 2>\"$d/").append(i)
          .append("e\" </dev/null & p").append(i).append("=$!\n");
      files.append(' ').append(i).append(' ').append(i).append('e');
    }
    s.append("s=");
    for (int i = 0; i < questions.size(); i++) {
      s.append("\nwait \"$p").append(i).append("\"; s=\"$s $?\"");
    }
    return s.append("\necho \"$s\"\ncd \"$d\" && wc -c").append(files).append(" && cat").append(files).append('\n').toString();
  }

  static List<ExecResult> parse(byte[] out, int count) {
    int[] at = {0};
    String[] statuses = line(out, at, "statuses").trim().split("\\s+");
    if (statuses.length != count) {
      throw new Garbled("the batch has " + statuses.length + " statuses for " + count + " answers");
    }
    int[] lengths = new int[2 * count];
    for (int f = 0; f < lengths.length; f++) {
      String[] counted = line(out, at, "byte counts").trim().split("\\s+");
      String name = f / 2 + (f % 2 == 0 ? "" : "e");
      if (counted.length != 2 || !counted[1].equals(name)) {
        throw new Garbled("the batch's byte count " + f + " is not that of file " + name);
      }
      lengths[f] = number(counted[0]);
    }
    line(out, at, "total line");
    List<ExecResult> results = new ArrayList<>();
    int start = at[0];
    for (int i = 0; i < count; i++) {
      int outLength = lengths[2 * i];
      int errLength = lengths[2 * i + 1];
      if (start + outLength + errLength > out.length) {
        throw new Garbled("the batch's answer " + i + " is cut short");
      }
      results.add(new ExecResult(number(statuses[i]), Arrays.copyOfRange(out, start, start + outLength),
          Arrays.copyOfRange(out, start + outLength, start + outLength + errLength)));
      start += outLength + errLength;
    }
    return results;
  }

  /** The next line from {@code at[0]}, which moves past it. */
  private static String line(byte[] out, int[] at, String what) {
    int eol = indexOf(out, (byte) '\n', at[0]);
    if (eol < 0) {
      throw new Garbled("the batch's output ends before its " + what);
    }
    String line = new String(out, at[0], eol - at[0], StandardCharsets.US_ASCII);
    at[0] = eol + 1;
    return line;
  }

  private static int number(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new Garbled("the batch printed '" + text + "' where a number belongs");
    }
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
