package runbook.model;

import java.nio.file.Path;

/** Where something was written: file, 1-based line and column. */
public record SourceLocation(Path file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
