package runbook.run;

import java.util.ArrayList;
import java.util.List;

/** Play {@code serial}: batch sizes as numbers or percentages; the last size repeats. */
final class Batches {
  private Batches() {}

  static <T> List<List<T>> of(List<T> hosts, List<Object> serial) {
    if (serial.isEmpty()) {
      return List.of(hosts);
    }
    List<List<T>> batches = new ArrayList<>();
    int start = 0;
    int step = 0;
    while (start < hosts.size()) {
      int size = size(serial.get(Math.min(step++, serial.size() - 1)), hosts.size());
      int end = Math.min(hosts.size(), start + size);
      batches.add(hosts.subList(start, end));
      start = end;
    }
    return batches;
  }

  /** Whether a (rendered) size is one: a positive whole number, or a percentage such as "30%". */
  static boolean valid(Object size) {
    return String.valueOf(size).strip().matches("[1-9][0-9]*|[0-9]+(\\.[0-9]+)?%");
  }

  /** A size as written: 2, "2", or "30%" of all hosts (rounded down, at least one). */
  static int size(Object written, int total) {
    String text = String.valueOf(written).trim();
    int size =
        text.endsWith("%")
            ? (int) Math.floor(total * Double.parseDouble(text.substring(0, text.length() - 1)) / 100.0)
            : Integer.parseInt(text);
    return Math.max(1, size);
  }
}
