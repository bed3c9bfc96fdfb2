package runbook.run;

/** One host's counts in the recap. */
public record RecapRow(String host, int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {}
