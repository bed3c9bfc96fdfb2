package runbook.run;

import java.util.Set;

/**
 * How a run behaves, from the command line.
 *
 * @param limit an extra host pattern intersected with each play's hosts, or null
 * @param tags only tasks with one of these tags run (plus those tagged always); empty means all
 * @param verbosity number of -v flags
 * @param waitForLocks whether a host another run holds is waited for; false (--no-wait): it fails
 */
public record RunOptions(
    boolean check,
    boolean diff,
    String limit,
    Set<String> tags,
    Set<String> skipTags,
    int forks,
    boolean forceHandlers,
    int verbosity,
    boolean waitForLocks) {
  public RunOptions {
    tags = Set.copyOf(tags);
    skipTags = Set.copyOf(skipTags);
    if (forks < 1) {
      throw new IllegalArgumentException("forks must be at least 1");
    }
  }

  public static RunOptions defaults() {
    return new RunOptions(false, false, null, Set.of(), Set.of(), 50, false, 0, true);
  }
}
