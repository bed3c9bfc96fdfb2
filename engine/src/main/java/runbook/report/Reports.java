package runbook.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import runbook.run.RunListener;

/** The report files of --report: the format follows the extension. */
public final class Reports {
  private Reports() {}

  /** The listener writing {@code file}, or empty when its extension names no format. */
  public static Optional<RunListener> forFile(Path file, Redactor redactor) {
    String name = file.getFileName().toString();
    if (name.endsWith(".md")) {
      return Optional.of(new MarkdownReport(file, redactor));
    }
    return Optional.empty();
  }

  /** A temporary file beside it, then renamed: a reader never sees half a report. */
  static void writeAtomically(Path file, String text) {
    Path target = file.toAbsolutePath();
    try {
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
    }
  }
}
