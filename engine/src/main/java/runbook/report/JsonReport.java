package runbook.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The run as JSON, {@link RunReport} as it is: written for tools, read back to merge shards. */
final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private JsonReport() {}

  static String render(RunReport report) {
    try {
      return JSON.writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report is plain records and always serialises", e);
    }
  }

  /** A report written by {@link #render}; an exception's message says in one sentence what is wrong with the file. */
  static RunReport read(Path file) throws IOException {
    RunReport report;
    try {
      report = JSON.readValue(file.toFile(), RunReport.class);
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not a runbook JSON report: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!RunReport.FORMAT.equals(report.format())) {
      throw new IOException(file + " is not a " + RunReport.FORMAT + " report (format: " + report.format() + ")");
    }
    return report;
  }
}
