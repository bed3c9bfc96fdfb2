package runbook.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import runbook.spi.Module;

/**
 * The engine knows modules only through their specs: no engine source compares anything with a
 * module's name. What a module needs the engine to know is declared in its ModuleSpec.
 */
class EngineNamesNoModuleTest {
  private static final Path ENGINE = Path.of("..", "engine", "src", "main", "java");
  /** Jinja's own vocabulary (the replace filter, the file test) shares words with module names. */
  private static final Path JINJA = ENGINE.resolve(Path.of("runbook", "template"));
  /** A literal in a comparison or a list of names: how code that knows a module by name looks. */
  private static final Pattern COMPARED =
      Pattern.compile("(?:equals\\(|case |contains\\(|\\.of\\((?:[^)]*, )?)\"([a-z0-9_.]+)\"|\"([a-z0-9_.]+)\"\\.equals");

  @Test
  void noEngineSourceComparesWithAModuleName() {
    List<String> names = ServiceLoader.load(Module.class).stream().flatMap(p -> p.get().spec().names().stream()).toList();
    assertTrue(names.contains("template") && names.contains("ansible.builtin.copy"), "the modules are on the class path");
    List<String> found = new ArrayList<>();
    for (Path source : sources()) {
      List<String> lines = read(source);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = COMPARED.matcher(lines.get(i));
        while (m.find()) {
          String literal = m.group(1) != null ? m.group(1) : m.group(2);
          if (names.contains(literal)) {
            found.add(ENGINE.relativize(source) + ":" + (i + 1) + " names module '" + literal + "'");
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void thePatternCatchesTheWaysCodeNamesAModule() {
    for (String line : List.of(
        "if (task.module().equals(\"debug\")) {", "case \"copy\" -> \"files\";", "\"set_fact\".equals(name)",
        "Set.of(\"stat\", \"template\")")) {
      assertTrue(COMPARED.matcher(line).find(), line);
    }
  }

  private static List<Path> sources() {
    try (Stream<Path> walk = Files.walk(ENGINE)) {
      return walk.filter(p -> p.toString().endsWith(".java") && !p.startsWith(JINJA)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
