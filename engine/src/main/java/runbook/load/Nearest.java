package runbook.load;

import java.util.Collection;
import java.util.Optional;

/** The known name nearest to a mistyped one, for "did you mean ...?". */
final class Nearest {
  private Nearest() {}

  /**
   * The known name fewest edits away (insertions, deletions, substitutions, swaps of two neighbours),
   * the alphabetically first among equals; empty when even that one is too far to be a typo: more
   * than one edit in 4 characters of the typed name, and at least one edit allowed.
   */
  static Optional<String> to(String typed, Collection<String> known) {
    int allowed = Math.max(1, typed.length() / 4);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int d = distance(typed.toLowerCase(), name.toLowerCase());
      if (d <= allowed && (d < bestDistance || d == bestDistance && name.compareTo(best) < 0)) {
        best = name;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best).filter(b -> !b.equals(typed));
  }

  /** " (did you mean 'x'?)", or nothing. */
  static String suggestion(String typed, Collection<String> known) {
    return phrase(to(typed, known));
  }

  static String phrase(Optional<String> name) {
    return name.map(n -> " (did you mean '" + n + "'?)").orElse("");
  }

  /** Optimal string alignment distance. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
