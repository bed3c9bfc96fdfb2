package runbook.load;

import java.util.ArrayList;
import java.util.List;
import runbook.model.SourceLocation;

/** Collects problems in the order they are found, so that one run reports them all. */
final class Problems {
  private final List<Problem> found = new ArrayList<>();

  void add(SourceLocation at, String message) {
    found.add(new Problem(at, message));
  }

  List<Problem> list() {
    return List.copyOf(found);
  }
}
