package runbook.load;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import runbook.load.Nodes.Entry;
import runbook.model.SourceLocation;

/**
 * Where each play, block and task was written, kept beside the model (which holds only where each
 * one starts) for the checks made once everything is loaded. Keyed by the model's own instances.
 */
final class Sources {
  /** @param varsFiles a play's vars_files, in order (later ones win); empty for blocks and tasks */
  private record Source(YamlFile file, MappingNode node, List<YamlFile> varsFiles) {}

  private final Map<Object, Source> byElement = new IdentityHashMap<>();

  void put(Object element, YamlFile file, MappingNode node) {
    put(element, file, node, List.of());
  }

  void put(Object element, YamlFile file, MappingNode node, List<YamlFile> varsFiles) {
    byElement.put(element, new Source(file, node, List.copyOf(varsFiles)));
  }

  /** {@code copy} was written where {@code original} was (a play with an import's vars and tags). */
  void alias(Object copy, Object original) {
    Source source = byElement.get(original);
    if (source != null) {
      byElement.put(copy, source);
    }
  }

  /**
   * Where a keyword's value was written: its {@code index}-th item when the value is a flat list,
   * else the whole value; {@code fallback} when unknown.
   */
  SourceLocation keyword(Object element, String keyword, int index, SourceLocation fallback) {
    Source source = byElement.get(element);
    Entry entry = source == null ? null : Nodes.byKey(source.node()).get(keyword);
    if (entry == null) {
      return fallback;
    }
    if (entry.value() instanceof SequenceNode seq && index < seq.getValue().size()
        && seq.getValue().stream().noneMatch(SequenceNode.class::isInstance)) {
      return source.file().at(seq.getValue().get(index));
    }
    return source.file().at(entry.value());
  }

  /** Where the value of variable {@code name} under the element's vars (or its vars_files) was written. */
  SourceLocation var(Object element, String name, SourceLocation fallback) {
    Source source = byElement.get(element);
    if (source == null) {
      return fallback;
    }
    for (int i = source.varsFiles().size() - 1; i >= 0; i--) {
      YamlFile file = source.varsFiles().get(i);
      Node value = valueOf(file.root(), name);
      if (value != null) {
        return file.at(value);
      }
    }
    Entry vars = Nodes.byKey(source.node()).get("vars");
    Node value = vars == null ? null : valueOf(vars.value(), name);
    return value != null ? source.file().at(value) : fallback;
  }

  private static Node valueOf(Node mapping, String name) {
    if (!(mapping instanceof MappingNode map)) {
      return null;
    }
    Entry entry = Nodes.byKey(map).get(name);
    return entry == null ? null : entry.value();
  }
}
