package runbook.run;

/** A task's outcome on one host, as the console and the recap count it. */
public enum Status {
  OK("ok"),
  CHANGED("changed"),
  SKIPPED("skipping"),
  FAILED("failed"),
  UNREACHABLE("unreachable");

  private final String word;

  Status(String word) {
    this.word = word;
  }

  /** The word ansible-playbook prints before the host. */
  public String word() {
    return word;
  }
}
