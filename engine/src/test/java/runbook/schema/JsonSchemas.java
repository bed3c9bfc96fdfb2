package runbook.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The schemas shipped in schema/, checked with a maintained validator (networknt's). */
public final class JsonSchemas {
  private JsonSchemas() {}

  /** The repository's schema/ folder, found from the module a test runs in. */
  public static Path folder() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("schema"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no schema/ folder above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("schema");
  }

  /** What is wrong with the JSON or YAML {@code document} by the schema file {@code name}; empty when it is valid. */
  public static List<String> problems(String name, String document, InputFormat format) {
    Schema schema;
    try (InputStream in = Files.newInputStream(folder().resolve(name))) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return schema.validate(document, format).stream().map(Error::toString).toList();
  }
}
