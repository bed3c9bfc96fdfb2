package runbook.load;

import java.util.ArrayList;
import java.util.List;
import runbook.model.SourceLocation;
import runbook.secret.Secrets;

/**
 * Collects problems in the order they are found, so that one run reports them all. It also carries
 * the run's secrets to every reader of a file: the vault that opens encrypted values, and where the
 * values found secret go.
 */
final class Problems {
  private final List<Problem> found = new ArrayList<>();
  private final Secrets secrets;

  Problems() {
    this(Secrets.none());
  }

  Problems(Secrets secrets) {
    this.secrets = secrets;
  }

  void add(SourceLocation at, String message) {
    found.add(new Problem(at, message));
  }

  List<Problem> list() {
    return List.copyOf(found);
  }

  /** How many have been found: a mark for {@link #takeSince}. */
  int count() {
    return found.size();
  }

  /** The problems found since the mark, taken out: the caller decides whether they count. */
  List<Problem> takeSince(int mark) {
    List<Problem> taken = List.copyOf(found.subList(mark, found.size()));
    found.subList(mark, found.size()).clear();
    return taken;
  }

  Secrets secrets() {
    return secrets;
  }
}
