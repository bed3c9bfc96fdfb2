package runbook.spi;

import java.util.List;

/**
 * How a long command's output tells how far it has got, for the progress line on a terminal: a
 * module describes what its command prints, the engine reads it as it comes and shows the counts.
 * Each line that a count's {@code pattern} finds (a Java regex) is one more {@code unit} done; its
 * group named {@code bytes}, when it has one, adds that many bytes. Only the counts are ever shown,
 * never the output itself, which may hold secrets.
 *
 * @param totalBytes the bytes expected in all, or 0 when not known
 */
public record Meter(List<Count> counts, long totalBytes) {
  public Meter {
    counts = List.copyOf(counts);
  }

  /**
   * @param unit what one matching line is, as the progress line names it ("set up", "files")
   * @param total how many are expected, or 0 when not known
   */
  public record Count(String unit, String pattern, long total) {}

  /**
   * How far a long step has got: the bytes so far (a pipe's, or those its meter added up) and each
   * count of its meter, in the meter's order.
   */
  public record Reading(long bytes, long totalBytes, List<Tally> tallies) {
    public Reading {
      tallies = List.copyOf(tallies);
    }

    /** A pipe's or a relay's reading: the bytes it carried. */
    public static Reading ofBytes(long bytes) {
      return new Reading(bytes, 0, List.of());
    }
  }

  /** One count so far, of {@code total} (0: not known). */
  public record Tally(String unit, long count, long total) {}
}
