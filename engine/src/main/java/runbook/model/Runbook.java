package runbook.model;

import java.nio.file.Path;
import java.util.List;

/** A runbook file: its plays, in order. */
public record Runbook(Path file, List<Play> plays) {
  public Runbook {
    plays = List.copyOf(plays);
  }

  /** The directory templates/ and files/ are looked up from ({@code playbook_dir}). */
  public Path directory() {
    return file.toAbsolutePath().getParent();
  }
}
