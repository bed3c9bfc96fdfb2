package runbook.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import runbook.connect.Connection;
import runbook.connect.ExecResult;

/**
 * Many read-only questions as one script, one round trip: each runs in its own subshell, all at
 * once, with stdin from /dev/null, its stdout, stderr and status kept in a private temporary
 * directory (removed on exit); then each result is printed as a header line
 * {@code "STATUS OUTBYTES ERRBYTES"} followed by those bytes, in the order asked.
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
    for (int i = 0; i < questions.size(); i++) {
      String file = "\"$d/" + i;
      s.append("( (\n").append(questions.get(i)).append("\n) >").append(file).append("\" 2>").append(file).append("e\" </dev/null; echo $? >")
          .append(file).append("r\") &\n");
    }
    s.append("wait\nfor i in");
    for (int i = 0; i < questions.size(); i++) {
      s.append(' ').append(i);
    }
    s.append("; do\n  printf '%s %s %s\\n' \"$(cat \"$d/${i}r\")\" \"$(wc -c <\"$d/$i\")\" \"$(wc -c <\"$d/${i}e\")\"\n")
        .append("  cat \"$d/$i\" \"$d/${i}e\"\ndone\n");
    return s.toString();
  }

  static List<ExecResult> parse(byte[] out, int count) {
    List<ExecResult> results = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < count; i++) {
      int eol = indexOf(out, (byte) '\n', at);
      if (eol < 0) {
        throw new Garbled("the batch's answer " + i + " has no header");
      }
      String[] header = new String(out, at, eol - at, StandardCharsets.US_ASCII).trim().split("\\s+");
      if (header.length != 3) {
        throw new Garbled("the batch's answer " + i + " has a header of " + header.length + " fields");
      }
      int rc;
      int outLength;
      int errLength;
      try {
        rc = Integer.parseInt(header[0]);
        outLength = Integer.parseInt(header[1]);
        errLength = Integer.parseInt(header[2]);
      } catch (NumberFormatException e) {
        throw new Garbled("the batch's answer " + i + " has a header that is not numbers");
      }
      int start = eol + 1;
      if (start + outLength + errLength > out.length) {
        throw new Garbled("the batch's answer " + i + " is cut short");
      }
      results.add(new ExecResult(rc, Arrays.copyOfRange(out, start, start + outLength),
          Arrays.copyOfRange(out, start + outLength, start + outLength + errLength)));
      at = start + outLength + errLength;
    }
    return results;
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
