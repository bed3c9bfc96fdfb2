package runbook.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.Shell;

/**
 * Many read-only questions as one script, one round trip: each runs in its own background
 * subshell, all at once, with stdin from /dev/null, its stdout and stderr kept in a private
 * temporary directory (removed on exit). The script then prints one line of the statuses (from
 * {@code wait}), the byte counts of all those files (one {@code wc -c}) and their bytes (one
 * {@code cat}), in the order asked. Processes are what a host pays for: one per question and four
 * in all, since starting one costs milliseconds on a busy host.
 *
 * <p>So the stats and reads of paths that are there (the shell's own tests say so, with no process)
 * are answered together: one {@code find} over all of them, and one {@code cat} of the regular
 * files to read, split again by the sizes find printed. Each answer is then the bytes that question
 * asked alone gets. Anything else (a path not there, a link, an unreadable file) is asked on its
 * own, so its error is find's own; a file that changes between the two, or any error of theirs,
 * makes the whole batch garbled, and the tasks ask for themselves.
 */
final class Batch {
  /** A question about one path, which a batch may answer together with others: its stat record, with content its bytes too. */
  record FileQuestion(String path, boolean content) {
    /** Files whose size says nothing of their content (/proc, /sys) are read on their own. */
    boolean mergeable() {
      return !(path.startsWith("/proc/") || path.startsWith("/sys/"));
    }
  }

  /** The batch's output does not have the shape it prints: never expected, but never trusted either. */
  static final class Garbled extends RuntimeException {
    Garbled(String why) {
      super(why, null, false, false);
    }
  }

  private Batch() {}

  /** @param files for each question, the path it stats or reads, or null for any other question */
  static List<ExecResult> run(Connection over, List<String> questions, List<FileQuestion> files) {
    ExecResult r = over.exec(script(questions, files), null);
    if (r.rc() != 0) {
      throw new Garbled("the batch ended with status " + r.rc());
    }
    return parse(r.stdout(), files);
  }

  static String script(List<String> questions, List<FileQuestion> files) {
    StringBuilder s = new StringBuilder("d=$(mktemp -d) || exit\ntrap 'rm -rf \"$d\"' EXIT\n");
    StringBuilder statuses = new StringBuilder("s=");
    StringBuilder stats = new StringBuilder("set --\n");
    StringBuilder reads = new StringBuilder("set --\n");
    for (int i = 0; i < questions.size(); i++) {
      String alone = "(\n" + questions.get(i) + "\n) >\"$d/" + i + "\" 2>\"$d/" + i + "e\" </dev/null & p" + i + "=$!\n";
      String wait = "wait \"$p" + i + "\"; s=\"$s $?\"";
      FileQuestion file = files.get(i);
      if (file == null || !file.mergeable()) {
        s.append(alone);
        statuses.append('\n').append(wait);
      } else {
        String p = Shell.quote(StatRecords.startingPoint(file.path()));
        String there = file.content() ? "[ -f " + p + " ] && [ ! -h " + p + " ] && [ -r " + p + " ]" : "[ -e " + p + " ] || [ -h " + p + " ]";
        s.append("q").append(i).append("=\nif ").append(there).append("; then q").append(i).append("=m; : >\"$d/").append(i)
            .append("\"; : >\"$d/").append(i).append("e\"\nelse\n").append(alone).append("fi\n");
        statuses.append("\nif [ \"$q").append(i).append("\" = m ]; then s=\"$s m\"; else ").append(wait).append("; fi");
        String shared = "[ \"$q" + i + "\" = m ] && set -- \"$@\" " + p + "\n";
        stats.append(shared);
        if (file.content()) {
          reads.append(shared);
        }
      }
    }
    s.append(stats).append("fs=0; : >\"$d/s\"; : >\"$d/se\"\nif [ $# -gt 0 ]; then ").append(StatRecords.findEach("\"$@\""))
        .append(" >\"$d/s\" 2>\"$d/se\"; fs=$?; fi\n");
    s.append(reads).append("cs=0; : >\"$d/c\"\nif [ $# -gt 0 ]; then cat -- \"$@\" >\"$d/c\" 2>>\"$d/se\"; cs=$?; fi\n");
    return s.append(statuses).append("\necho \"$s $fs $cs\"\n").append(printFiles("d", names(questions.size()))).toString();
  }

  static List<ExecResult> parse(byte[] out, List<FileQuestion> files) {
    int count = files.size();
    int[] at = {0};
    String[] statuses = line(out, at, "statuses").trim().split("\\s+");
    if (statuses.length != count + 2) {
      throw new Garbled("the batch has " + statuses.length + " statuses for " + count + " answers and its files");
    }
    return answers(statuses, files(out, at, names(count)), files);
  }

  /** The files a batch of {@code count} questions prints: each one's stdout and stderr, then the shared find's, its errors and the shared cat's. */
  private static List<String> names(int count) {
    List<String> names = outputs(count);
    names.addAll(List.of("s", "se", "c"));
    return names;
  }

  /** The names of the stdout and stderr files of {@code count} commands: 0, 0e, 1, 1e, ... */
  static List<String> outputs(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(String.valueOf(i));
      names.add(i + "e");
    }
    return names;
  }

  /** Prints the byte counts of the files {@code names} in directory {@code $dir} (one {@code wc -c}), then their bytes (one {@code cat}), as {@link #files} reads them. */
  static String printFiles(String dir, List<String> names) {
    String all = String.join(" ", names);
    return "cd \"$" + dir + "\" && wc -c " + all + " && cat " + all + "\n";
  }

  /** From {@code at[0]}: the byte count lines that {@link #printFiles} printed, then the bytes of those files, one after the other. */
  static byte[][] files(byte[] out, int[] at, List<String> names) {
    int[] lengths = new int[names.size()];
    for (int f = 0; f < lengths.length; f++) {
      String[] counted = line(out, at, "byte counts").trim().split("\\s+");
      if (counted.length != 2 || !counted[1].equals(names.get(f))) {
        throw new Garbled("the batch's byte count " + f + " is not that of file " + names.get(f));
      }
      lengths[f] = number(counted[0]);
    }
    line(out, at, "total line");
    byte[][] parts = new byte[lengths.length][];
    int start = at[0];
    for (int f = 0; f < lengths.length; f++) {
      if (start + lengths[f] > out.length) {
        throw new Garbled("the batch's file " + names.get(f) + " is cut short");
      }
      parts[f] = Arrays.copyOfRange(out, start, start + lengths[f]);
      start += lengths[f];
    }
    return parts;
  }

  /** Each question's answer: its own files, or its part of the shared find and cat. */
  private static List<ExecResult> answers(String[] statuses, byte[][] parts, List<FileQuestion> files) {
    int count = files.size();
    byte[] records = parts[2 * count];
    byte[] contents = parts[2 * count + 2];
    boolean shared = Arrays.asList(statuses).subList(0, count).contains("m");
    if (shared && (!statuses[count].equals("0") || !statuses[count + 1].equals("0") || parts[2 * count + 1].length > 0)) {
      throw new Garbled("the batch's shared find or cat failed: " + new String(parts[2 * count + 1], StandardCharsets.UTF_8).strip());
    }
    List<ExecResult> results = new ArrayList<>();
    int record = 0;
    int content = 0;
    for (int i = 0; i < count; i++) {
      if (!statuses[i].equals("m")) {
        results.add(new ExecResult(number(statuses[i]), parts[2 * i], parts[2 * i + 1]));
        continue;
      }
      if (files.get(i) == null) {
        throw new Garbled("the batch answered question " + i + " with the shared find, which it does not ask");
      }
      int end = StatRecords.recordEnd(records, record);
      if (end < 0) {
        throw new Garbled("the batch's shared find has no record for question " + i);
      }
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      answer.write(records, record, end - record);
      if (files.get(i).content()) {
        long size = StatRecords.size(records, record);
        if (content + size > contents.length) {
          throw new Garbled("the batch's shared cat is shorter than the sizes find printed");
        }
        answer.write(ShellHostView.CONTENT_MARK);
        answer.write(contents, content, (int) size);
        content += (int) size;
      }
      record = end;
      results.add(new ExecResult(0, answer.toByteArray(), new byte[0]));
    }
    if (record != records.length || content != contents.length) {
      throw new Garbled("the batch's shared find or cat printed more than its questions asked (a file changed meanwhile)");
    }
    return results;
  }

  /** The next line from {@code at[0]}, which moves past it. */
  static String line(byte[] out, int[] at, String what) {
    int eol = indexOf(out, (byte) '\n', at[0]);
    if (eol < 0) {
      throw new Garbled("the batch's output ends before its " + what);
    }
    String line = new String(out, at[0], eol - at[0], StandardCharsets.US_ASCII);
    at[0] = eol + 1;
    return line;
  }

  static int number(String text) {
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
