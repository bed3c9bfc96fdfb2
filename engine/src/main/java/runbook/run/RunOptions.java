package runbook.run;

import java.util.Set;

/**
 * How a run behaves, from the command line.
 *
 * @param limit an extra host pattern intersected with each play's hosts, or null
 * @param tags only tasks with one of these tags run (plus those tagged always); empty means all
 * @param verbosity number of -v flags
 * @param waitForLocks whether a host another run holds is waited for; false (--no-wait): it fails
 * @param yes answer every prompt at once (pause), for runs with no one at a terminal
 * @param lookahead whether the questions of the next tasks are asked ahead, in one round trip per
 *     host (see Lookahead); false (--no-lookahead): each task asks its own when it runs
 * @param shard the part of the inventory this run works on (--shard), or null for all of it
 * @param startAt --start-at-task: tasks before the first whose name matches (a name or an fnmatch
 *     pattern) do not run; null for all
 * @param step --step: ask before each task whether to run it
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
    boolean waitForLocks,
    boolean yes,
    boolean lookahead,
    Shard shard,
    String startAt,
    boolean step) {
  public RunOptions {
    tags = Set.copyOf(tags);
    skipTags = Set.copyOf(skipTags);
    if (forks < 1) {
      throw new IllegalArgumentException("forks must be at least 1");
    }
  }

  public RunOptions(
      boolean check, boolean diff, String limit, Set<String> tags, Set<String> skipTags, int forks, boolean forceHandlers, int verbosity,
      boolean waitForLocks) {
    this(check, diff, limit, tags, skipTags, forks, forceHandlers, verbosity, waitForLocks, false, true, null, null, false);
  }

  public static RunOptions defaults() {
    return new RunOptions(false, false, null, Set.of(), Set.of(), 50, false, 0, true);
  }

  /** The same options, answering every prompt when {@code yes}. */
  public RunOptions answering(boolean yes) {
    return new RunOptions(check, diff, limit, tags, skipTags, forks, forceHandlers, verbosity, waitForLocks, yes, lookahead, shard, startAt, step);
  }

  /** The same options, with each task asking its own questions when it runs. */
  public RunOptions lookingAhead(boolean ahead) {
    return new RunOptions(check, diff, limit, tags, skipTags, forks, forceHandlers, verbosity, waitForLocks, yes, ahead, shard, startAt, step);
  }

  /** The same options, on one part of the inventory (null: all of it). */
  public RunOptions sharded(Shard part) {
    return new RunOptions(check, diff, limit, tags, skipTags, forks, forceHandlers, verbosity, waitForLocks, yes, lookahead, part, startAt, step);
  }

  /** The same options, starting at the first task named {@code task} (null: at the first) and asking before each when {@code step}. */
  public RunOptions starting(String task, boolean step) {
    return new RunOptions(check, diff, limit, tags, skipTags, forks, forceHandlers, verbosity, waitForLocks, yes, lookahead, shard, task, step);
  }
}
