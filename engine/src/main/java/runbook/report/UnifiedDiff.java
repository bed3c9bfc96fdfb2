package runbook.report;

import java.util.ArrayList;
import java.util.List;
import runbook.spi.RawText;

/**
 * Unified diff of two texts with three lines of context, as {@code diff -u} prints it. Lines are
 * compared whole; a missing final newline is shown with diff's "\ No newline at end of file". Bytes
 * that are not UTF-8 (lone surrogates of {@link RawText}) are printed {@code \xE9}: lines are
 * compared before that, so a line whose bytes changed is always shown as changed.
 */
public final class UnifiedDiff {
  private static final int CONTEXT = 3;
  /** Above this many cells the LCS table is not built; the whole file is shown as replaced instead. */
  private static final long MAX_CELLS = 16_000_000L;

  private UnifiedDiff() {}

  /** The diff of before and after under the given labels, or the empty string when they are equal. */
  public static String of(String label, String before, String after) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Edit> edits = edits(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- before: ").append(label).append('\n');
    out.append("+++ after: ").append(label).append('\n');
    for (int[] hunk : hunks(edits)) {
      appendHunk(out, edits, hunk[0], hunk[1]);
    }
    return out.toString();
  }

  private enum Op { SAME, DEL, ADD }

  /** One line of the edit script with its 0-based positions in both texts. */
  private record Edit(Op op, String line, int aIndex, int bIndex) {}

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      if (nl < 0) {
        lines.add(text.substring(start) + "\n\\ No newline at end of file");
        break;
      }
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    return lines;
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < prefix; i++) {
      edits.add(new Edit(Op.SAME, a.get(i), i, i));
    }
    middle(a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix), prefix, edits);
    for (int k = suffix; k > 0; k--) {
      edits.add(new Edit(Op.SAME, a.get(a.size() - k), a.size() - k, b.size() - k));
    }
    return edits;
  }

  /** LCS by dynamic programming over the part between common prefix and suffix. */
  private static void middle(List<String> a, List<String> b, int offset, List<Edit> edits) {
    int n = a.size();
    int m = b.size();
    if ((long) n * m > MAX_CELLS) {
      a.forEach(line -> edits.add(new Edit(Op.DEL, line, -1, -1)));
      for (int j = 0; j < m; j++) {
        edits.add(new Edit(Op.ADD, b.get(j), -1, offset + j));
      }
      renumber(edits);
      return;
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(Op.SAME, a.get(i), offset + i++, offset + j++));
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.add(new Edit(Op.DEL, a.get(i), offset + i++, -1));
      } else {
        edits.add(new Edit(Op.ADD, b.get(j), -1, offset + j++));
      }
    }
  }

  /** Fills in the positions of the whole-replacement fallback. */
  private static void renumber(List<Edit> edits) {
    int ai = 0;
    int bi = 0;
    for (int k = 0; k < edits.size(); k++) {
      Edit e = edits.get(k);
      edits.set(k, new Edit(e.op(), e.line(), e.op() == Op.ADD ? -1 : ai, e.op() == Op.DEL ? -1 : bi));
      if (e.op() != Op.ADD) ai++;
      if (e.op() != Op.DEL) bi++;
    }
  }

  /** Ranges [from, to) of the edit script that form hunks: changes plus context, merged when close. */
  private static List<int[]> hunks(List<Edit> edits) {
    List<int[]> hunks = new ArrayList<>();
    for (int k = 0; k < edits.size(); k++) {
      if (edits.get(k).op() == Op.SAME) {
        continue;
      }
      int from = Math.max(0, k - CONTEXT);
      int end = k;
      while (end < edits.size()) {
        int next = end;
        while (next < edits.size() && edits.get(next).op() != Op.SAME) next++;
        int same = next;
        while (same < edits.size() && edits.get(same).op() == Op.SAME) same++;
        if (same < edits.size() && same - next <= 2 * CONTEXT) {
          end = same;
        } else {
          end = Math.min(edits.size(), next + CONTEXT);
          break;
        }
      }
      hunks.add(new int[] {from, end});
      k = end - 1;
    }
    return hunks;
  }

  private static void appendHunk(StringBuilder out, List<Edit> edits, int from, int to) {
    int aStart = -1;
    int bStart = -1;
    int aCount = 0;
    int bCount = 0;
    for (int k = from; k < to; k++) {
      Edit e = edits.get(k);
      if (e.op() != Op.ADD) {
        if (aStart < 0) aStart = e.aIndex();
        aCount++;
      }
      if (e.op() != Op.DEL) {
        if (bStart < 0) bStart = e.bIndex();
        bCount++;
      }
    }
    out.append("@@ -").append(range(aStart, aCount, edits, from, true))
        .append(" +").append(range(bStart, bCount, edits, from, false)).append(" @@\n");
    for (int k = from; k < to; k++) {
      Edit e = edits.get(k);
      out.append(switch (e.op()) { case SAME -> ' '; case DEL -> '-'; case ADD -> '+'; }).append(RawText.visible(e.line())).append('\n');
    }
  }

  /** "start,count" as diff -u writes it; an empty side names the line before the hunk. */
  private static String range(int start, int count, List<Edit> edits, int from, boolean aSide) {
    if (count == 0) {
      int before = 0;
      for (int k = 0; k < from; k++) {
        Op op = edits.get(k).op();
        if (op == Op.SAME || op == (aSide ? Op.DEL : Op.ADD)) before++;
      }
      return before + ",0";
    }
    return count == 1 ? String.valueOf(start + 1) : (start + 1) + "," + count;
  }
}
