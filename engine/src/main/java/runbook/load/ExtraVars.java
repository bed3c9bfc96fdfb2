package runbook.load;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import runbook.load.Words.Word;

/** -e values: {@code k=v k2='a b'} (strings), {@code @file.yml}, or an inline YAML/JSON mapping. Later ones win. */
final class ExtraVars {
  private ExtraVars() {}

  static Map<String, Object> parse(List<String> specs, Problems problems) {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String spec : specs) {
      String text = spec.strip();
      if (text.startsWith("@")) {
        Path file = Path.of(text.substring(1));
        YamlFile.read(file, problems).ifPresent(yaml -> vars.putAll(mapping(yaml, problems, "extra vars file '" + file + "'")));
      } else if (text.startsWith("{")) {
        YamlFile.compose(Path.of("extra vars"), text, problems)
            .ifPresent(yaml -> vars.putAll(mapping(yaml, problems, "extra vars '" + text + "'")));
      } else {
        keyValues(text, vars, problems);
      }
    }
    return vars;
  }

  private static Map<String, Object> mapping(YamlFile yaml, Problems problems, String what) {
    if (yaml.root() instanceof MappingNode || yaml.root() == null) {
      return Nodes.map(yaml.root());
    }
    problems.add(null, what + " must be a mapping of variable names to values");
    return Map.of();
  }

  private static void keyValues(String text, Map<String, Object> into, Problems problems) {
    Optional<List<Word>> words = Words.split(text);
    if (words.isEmpty()) {
      problems.add(null, "extra vars '" + text + "': a quote is not closed");
      return;
    }
    for (Word word : words.get()) {
      if (word.key() == null) {
        problems.add(null, "extra vars '" + text + "': expected name=value, not '" + word.text() + "'");
      } else {
        into.put(word.key(), word.value());
      }
    }
  }
}
