package runbook.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import runbook.run.RunListener;

/** The report files of --report: the format follows the extension. */
public final class Reports {
  private Reports() {}

  /** The formats, by extension. */
  enum Format {
    MARKDOWN(".md", MarkdownReport::render),
    JSON(".json", JsonReport::render),
    JUNIT(".xml", JUnitReport::render);

    final String extension;
    final Function<RunReport, String> render;

    Format(String extension, Function<RunReport, String> render) {
      this.extension = extension;
      this.render = render;
    }

    static Optional<Format> of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      for (Format f : values()) {
        if (name.endsWith(f.extension)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /** The extensions known, for an error message: ".md, .json or .xml". */
  public static String extensions() {
    return ".md, .json or .xml";
  }

  /** Whether the file's extension names a format. */
  public static boolean known(Path file) {
    return Format.of(file).isPresent();
  }

  /**
   * The listener that writes the run to every file when it ends; each file's extension must be
   * {@link #known}.
   *
   * @param hosts every host of the inventory, in its order
   */
  public static RunListener writing(List<Path> files, Redactor redactor, boolean check, List<String> hosts) {
    return new Recorder(redactor, check, hosts, report -> write(report, files));
  }

  private static void write(RunReport report, List<Path> files) {
    for (Path file : files) {
      writeAtomically(file, Format.of(file).orElseThrow().render.apply(report));
    }
  }

  /**
   * The JSON reports of the shards of one run merged into one, written to every file as an
   * unsharded run would have written it; the recap rows are returned for the console.
   *
   * @throws IOException with one sentence: a report that cannot be read, or reports of different runs
   */
  public static List<runbook.run.RecapRow> merge(List<Path> shards, List<Path> files) throws IOException {
    List<RunReport> reports = new java.util.ArrayList<>();
    for (Path shard : shards) {
      reports.add(JsonReport.read(shard));
    }
    RunReport merged;
    try {
      merged = Merge.of(reports);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage() + ": " + shards.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
    }
    write(merged, files);
    return merged.recap();
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
