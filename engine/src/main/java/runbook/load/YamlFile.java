package runbook.load;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import runbook.model.SourceLocation;

/**
 * One composed YAML document with the marks of its nodes.
 *
 * @param root the document's node; null for an empty document
 */
record YamlFile(Path path, Node root) {

  /** Reads and composes a file; syntax errors and duplicate keys become problems. Empty when unreadable or not text. */
  static Optional<YamlFile> read(Path path, Problems problems) {
    return TextFile.read(path, problems).flatMap(text -> VaultValues.compose(path, text, problems));
  }

  /** Composes text that came from {@code path} (or from the command line, then path is a label). */
  static Optional<YamlFile> compose(Path path, String text, Problems problems) {
    LoadSettings settings = LoadSettings.builder().setLabel(path.toString()).setSchema(new CoreSchema()).build();
    try {
      YamlFile file = new YamlFile(path, new Compose(settings).composeString(text).orElse(null));
      VaultValues.open(file, file.root(), problems);
      file.reportDuplicateKeys(file.root, Collections.newSetFromMap(new IdentityHashMap<>()), problems);
      return Optional.of(file);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      String what = e.getProblem() != null ? e.getProblem() : e.getContext();
      problems.add(
          mark.map(m -> new SourceLocation(path, m.getLine() + 1, m.getColumn() + 1)).orElse(new SourceLocation(path, 1, 1)),
          "YAML syntax error: " + firstLine(what));
    } catch (YamlEngineException e) {
      problems.add(new SourceLocation(path, 1, 1), "YAML syntax error: " + firstLine(e.getMessage()));
    }
    return Optional.empty();
  }

  SourceLocation at(Node node) {
    if (node == null) {
      return new SourceLocation(path, 1, 1);
    }
    return node.getStartMark()
        .map(m -> new SourceLocation(path, m.getLine() + 1, m.getColumn() + 1))
        .orElse(new SourceLocation(path, 1, 1));
  }

  /** The location {@code offset} characters into a plain one-line scalar, else the scalar's start. */
  SourceLocation at(Node scalar, int offset) {
    SourceLocation start = at(scalar);
    boolean oneLine = scalar.getEndMark().map(m -> m.getLine() + 1 == start.line()).orElse(false);
    boolean plain = scalar instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s && s.isPlain();
    return oneLine && plain ? new SourceLocation(path, start.line(), start.column() + offset) : start;
  }

  private void reportDuplicateKeys(Node node, Set<Node> seen, Problems problems) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof MappingNode map) {
      Map<String, Node> keys = new HashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        String key = Nodes.text(tuple.getKeyNode());
        Node first = key == null ? null : keys.putIfAbsent(key, tuple.getKeyNode());
        if (first != null) {
          problems.add(at(tuple.getKeyNode()), "duplicate key '" + key + "' (first written at line " + at(first).line() + ")");
        }
        reportDuplicateKeys(tuple.getValueNode(), seen, problems);
      }
    } else if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(child -> reportDuplicateKeys(child, seen, problems));
    }
  }

  /** The parser's sentence, with its token names in words. */
  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return "the file is not valid YAML";
    }
    String line = text.strip().lines().findFirst().orElse(text);
    for (String[] token : TOKENS) {
      line = line.replace("'" + token[0] + "'", token[1]).replace(token[0], token[1]);
    }
    return line.contains("end of a block") ? line + " (check the indentation)" : line;
  }

  private static final String[][] TOKENS = {
    {"<block end>", "the end of a block"},
    {"<block mapping start>", "the start of a mapping"},
    {"<block sequence start>", "the start of a list"},
    {"<block entry>", "a list item '-'"},
    {"<stream end>", "the end of the file"},
    {"<document start>", "a document start '---'"},
  };
}
