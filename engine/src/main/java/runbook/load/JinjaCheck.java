package runbook.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import runbook.load.Nodes.Entry;
import runbook.model.SourceLocation;
import runbook.template.Templar;
import runbook.template.TemplateCheck;
import runbook.template.TemplateCheck.Mistake;

/**
 * Jinja mistakes in what a runbook templates (values, conditions, template files), each a problem
 * where it was written: inside the YAML scalar where its text maps one to one onto the file (plain
 * and quoted one-line scalars without escapes, literal blocks), else at the scalar.
 */
final class JinjaCheck {
  private final Supplier<Templar> templar;
  private final Problems problems;
  /** Made on first use: a runbook without templates never waits for the templating engine. */
  private TemplateCheck check;

  JinjaCheck(Supplier<Templar> templar, Problems problems) {
    this.templar = templar;
    this.problems = problems;
  }

  /** Every templated string inside a keyword's value (mapping values, list items). */
  void value(YamlFile file, Entry entry) {
    if (entry != null) {
      value(file, entry.value());
    }
  }

  void value(YamlFile file, Node node) {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR)) {
      report(file, scalar, check().template(scalar.getValue()));
    } else if (node instanceof MappingNode map) {
      map.getValue().stream().map(NodeTuple::getValueNode).forEach(v -> value(file, v));
    } else if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(item -> value(file, item));
    }
  }

  /** A condition or a list of them (when, changed_when, failed_when, assert's that). */
  void conditions(YamlFile file, Entry entry) {
    if (entry == null) {
      return;
    }
    List<Node> nodes = entry.value() instanceof SequenceNode seq ? seq.getValue() : List.of(entry.value());
    for (Node node : nodes) {
      if (node instanceof ScalarNode scalar && !Nodes.isNull(node) && !scalar.getTag().equals(Tag.BOOL)) {
        report(file, scalar, check().condition(scalar.getValue()));
      }
    }
  }

  /** A template file; one that is not UTF-8 is the template module's to read as bytes. */
  void file(Path template) {
    String text;
    try {
      text = Files.readString(template);
    } catch (IOException | RuntimeException e) {
      return;
    }
    check().template(text).forEach(m -> problems.add(new SourceLocation(template, m.line(), m.column()), m.message()));
  }

  private TemplateCheck check() {
    if (check == null) {
      check = new TemplateCheck(templar.get());
    }
    return check;
  }

  private void report(YamlFile file, ScalarNode scalar, List<Mistake> mistakes) {
    mistakes.forEach(m -> problems.add(at(file, scalar, m), m.message()));
  }

  /** Where a mistake at line:column of a scalar's value is in the file. */
  private static SourceLocation at(YamlFile file, ScalarNode scalar, Mistake m) {
    SourceLocation start = file.at(scalar);
    ScalarStyle style = scalar.getScalarStyle();
    int endLine = scalar.getEndMark().map(e -> e.getLine() + 1).orElse(-1);
    int endColumn = scalar.getEndMark().map(e -> e.getColumn() + 1).orElse(-1);
    int quotes = style == ScalarStyle.PLAIN ? 0 : 2;
    boolean asWritten = endLine == start.line() && endColumn - start.column() == scalar.getValue().length() + quotes;
    if (m.line() == 1 && asWritten && (style == ScalarStyle.PLAIN || style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED)) {
      return new SourceLocation(file.path(), start.line(), start.column() + quotes / 2 + m.column() - 1);
    }
    if (style == ScalarStyle.LITERAL) {
      // the block starts on the line after its '|'; its lines are indented alike
      int line = start.line() + m.line();
      return new SourceLocation(file.path(), line, indentation(file.path(), start.line() + 1) + m.column());
    }
    return start;
  }

  private static int indentation(Path path, int line) {
    try {
      List<String> lines = Files.readAllLines(path);
      String text = line - 1 < lines.size() ? lines.get(line - 1) : "";
      return text.length() - text.stripLeading().length();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
