package runbook.host;

import java.util.ArrayList;
import java.util.List;
import runbook.connect.ExecResult;

/**
 * Several actions' scripts as one, for one round trip: each runs in a subshell of its own, in
 * order, its stdout and stderr kept in a private temporary directory (removed on exit), and the
 * first that fails stops the rest, as running them one by one would. They share stdin: a write
 * takes exactly its content's length from it (see {@link ActionRunner}), so the contents follow
 * one another and an action that fails before reading its own stops every later one. The script
 * prints the statuses of those that ran on one line, then the byte counts of all the files (one
 * {@code wc -c}) and their bytes (one {@code cat}), as a {@link Batch} does.
 */
final class Sequence {
  private Sequence() {}

  static String script(List<String> scripts) {
    StringBuilder s = new StringBuilder("r=$(mktemp -d) || exit\ntrap 'rm -rf \"$r\"' EXIT\nc=0; s=\n");
    for (int i = 0; i < scripts.size(); i++) {
      String out = "\"$r/" + i + "\"";
      String err = "\"$r/" + i + "e\"";
      s.append(": >").append(out).append("; : >").append(err).append('\n')
          .append("if [ \"$c\" = 0 ]; then\n(\n").append(scripts.get(i)).append("\n) >").append(out).append(" 2>").append(err)
          .append("; c=$?; s=\"$s $c\"\nfi\n");
    }
    return s.append("echo \"$s\"\n").append(Batch.printFiles("r", Batch.outputs(scripts.size()))).toString();
  }

  /** The results of the scripts that ran, in order: all of them, or up to the first that failed. */
  static List<ExecResult> parse(byte[] out, int count) {
    int[] at = {0};
    String line = Batch.line(out, at, "statuses").trim();
    String[] statuses = line.isEmpty() ? new String[0] : line.split("\\s+");
    if (statuses.length == 0 || statuses.length > count) {
      throw new Batch.Garbled("the sequence has " + statuses.length + " statuses for " + count + " actions");
    }
    byte[][] parts = Batch.files(out, at, Batch.outputs(count));
    List<ExecResult> results = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) {
      int rc = Batch.number(statuses[i]);
      if (rc != 0 && i < statuses.length - 1) {
        throw new Batch.Garbled("the sequence went on after action " + i + " failed");
      }
      results.add(new ExecResult(rc, parts[2 * i], parts[2 * i + 1]));
    }
    if (statuses.length < count && results.get(statuses.length - 1).rc() == 0) {
      throw new Batch.Garbled("the sequence stopped after " + statuses.length + " of " + count + " actions, none failing");
    }
    return results;
  }
}
