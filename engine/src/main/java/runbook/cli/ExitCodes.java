package runbook.cli;

/** The command's exit codes (README, "Exit codes"). Failed and unreachable combine: 2 | 4 = 6. */
final class ExitCodes {
  static final int OK = 0;
  static final int INVALID = 3;
  static final int USAGE = 64;
  /** The lab could not be brought up or down (not root, no debootstrap, ...). */
  static final int LAB_FAILED = 1;
  /** A rehearsal did not pass: a phase failed, changed again, or its check run did not predict its apply. */
  static final int REHEARSAL_FAILED = 2;
  /** A bug in runbook itself: the stack trace is printed. */
  static final int INTERNAL = 70;

  private ExitCodes() {}
}
