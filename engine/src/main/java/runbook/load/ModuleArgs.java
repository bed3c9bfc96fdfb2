package runbook.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import runbook.load.Nodes.Entry;
import runbook.load.Words.Word;
import runbook.model.SourceLocation;
import runbook.spi.ArgSpec;
import runbook.spi.ArgType;
import runbook.spi.Modes;
import runbook.spi.ModuleSpec;

/**
 * A task's module arguments, gathered from {@code args:}, the module's mapping or its free-form text,
 * and checked against the module's spec. Names are normalised to the argument's canonical name (an
 * alias becomes the name it stands for). The module_defaults in force come first; what the task
 * writes wins over them.
 */
record ModuleArgs(Map<String, Object> values, Map<String, SourceLocation> locations) {

  /** The default arguments module_defaults gives a module: a mapping written in {@code file}. */
  record Defaults(YamlFile file, MappingNode args) {}

  /** One argument as written. */
  private record Written(String key, Object value, SourceLocation keyAt, SourceLocation valueAt) {}

  /** @param defaults the module's module_defaults, or null */
  static ModuleArgs parse(YamlFile file, Entry module, Entry argsKey, ModuleSpec spec, Defaults defaults, Problems problems) {
    Map<String, Written> written = new LinkedHashMap<>();
    if (defaults != null) {
      collect(defaults.file(), defaults.args(), spec, written);
    }
    if (argsKey != null) {
      if (argsKey.value() instanceof MappingNode map) {
        collect(file, map, spec, written);
      } else if (!Nodes.isNull(argsKey.value())) {
        problems.add(file.at(argsKey.value()), "'args' must be a mapping of argument names to values");
      }
    }
    Node value = module.value();
    if (value instanceof MappingNode map) {
      collect(file, map, spec, written);
    } else if (value instanceof ScalarNode && !Nodes.isNull(value)) {
      freeForm(file, module, spec, written, problems);
    } else if (!Nodes.isNull(value)) {
      problems.add(file.at(value), "arguments of module '" + spec.name() + "' must be a mapping or 'key=value' text, not a list");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, SourceLocation> locations = new LinkedHashMap<>();
    for (Written arg : written.values()) {
      Optional<ArgSpec> declared = spec.arg(arg.key());
      if (declared.isEmpty() && spec.openArgs()) {
        values.put(arg.key(), arg.value());
        locations.put(arg.key(), arg.valueAt());
        continue;
      }
      if (declared.isEmpty()) {
        problems.add(arg.keyAt(), "module '" + spec.name() + "' has no argument '" + arg.key() + "' (valid: " + valid(spec) + ")");
        continue;
      }
      check(spec, declared.get(), arg, problems);
      values.put(declared.get().name(), arg.value());
      locations.put(declared.get().name(), arg.valueAt());
    }
    for (ArgSpec arg : spec.args()) {
      if (arg.isRequired() && !values.containsKey(arg.name())) {
        problems.add(file.at(module.keyNode()), "module '" + spec.name() + "' requires argument '" + arg.name() + "'");
      }
    }
    return new ModuleArgs(values, locations);
  }

  private static void collect(YamlFile file, MappingNode map, ModuleSpec spec, Map<String, Written> into) {
    for (Entry e : Nodes.entries(map)) {
      boolean str = spec.arg(e.key()).map(a -> a.type() == ArgType.STR || a.type() == ArgType.MODE).orElse(false);
      // a STR argument keeps its text as written: "mode: 0644" is "0644", "version: 1.10" is "1.10"
      Object value = str && e.value() instanceof ScalarNode ? Nodes.text(e.value()) : Nodes.value(e.value());
      into.put(e.key(), new Written(e.key(), value, file.at(e.keyNode()), file.at(e.value())));
    }
  }

  /**
   * {@code module: k=v k2="a b"}. For a module with a free-form argument (command, shell) the text
   * goes to it, except trailing {@code k=v} words naming the module's own arguments, as Ansible does
   * with {@code command: ./build chdir=/src creates=out}.
   */
  private static void freeForm(YamlFile file, Entry module, ModuleSpec spec, Map<String, Written> into, Problems problems) {
    String text = Nodes.text(module.value());
    Optional<List<Word>> split = Words.split(text);
    if (spec.freeForm() != null) {
      List<Word> words = split.orElse(List.of());
      int first = words.size();
      while (first > 0 && isOwnArg(spec, words.get(first - 1))) {
        first--;
      }
      String raw = first == words.size() ? text.strip() : text.substring(0, words.get(first).start()).strip();
      if (!raw.isEmpty()) {
        into.put(spec.freeForm(), new Written(spec.freeForm(), raw, file.at(module.keyNode()), file.at(module.value())));
      }
      words.subList(first, words.size()).forEach(w -> into.put(w.key(), word(file, module, w)));
      return;
    }
    if (split.isEmpty()) {
      problems.add(file.at(module.value()), "unclosed quote in the arguments of module '" + spec.name() + "'");
      return;
    }
    for (Word w : split.get()) {
      if (w.key() == null) {
        problems.add(file.at(module.value(), w.start()), "module '" + spec.name() + "' takes key=value arguments, not '" + w.text() + "'");
      } else {
        into.put(w.key(), word(file, module, w));
      }
    }
  }

  private static boolean isOwnArg(ModuleSpec spec, Word word) {
    String key = word.key();
    return key != null && !key.equals(spec.freeForm()) && spec.arg(key).isPresent();
  }

  private static Written word(YamlFile file, Entry module, Word w) {
    SourceLocation at = file.at(module.value(), w.start());
    return new Written(w.key(), w.value(), at, file.at(module.value(), w.start() + w.key().length() + 1));
  }

  /** Literal values only: a template's type is known once it is rendered. */
  private static void check(ModuleSpec spec, ArgSpec arg, Written written, Problems problems) {
    Object value = written.value();
    if (value == null || Nodes.templated(value)) {
      return;
    }
    String expected = switch (arg.type()) {
      case STR -> value instanceof Map || value instanceof List ? "a string" : null;
      case MODE -> value instanceof Map || value instanceof List || Modes.problem(String.valueOf(value)).isPresent()
          ? "a mode, octal digits like '0644' or symbolic like 'u=rw,g=r,o='" : null;
      case BOOL -> Nodes.ansibleBool(value).isPresent() ? null : "a boolean (true/false, yes/no)";
      case INT -> value instanceof Integer || value instanceof Long || value instanceof String s && s.strip().matches("[-+]?\\d+") ? null : "an integer";
      case LIST -> value instanceof Map ? "a list" : null;
      case DICT -> value instanceof Map ? null : "a mapping";
      case EXPRESSION, RAW -> null;
    };
    String where = "argument '" + written.key() + "' of module '" + spec.name() + "'";
    if (expected != null) {
      problems.add(written.valueAt(), where + " must be " + expected + ", not " + show(value));
    } else if (!arg.choices().isEmpty() && !(value instanceof Map || value instanceof List) && !arg.choices().contains(String.valueOf(value))) {
      problems.add(written.valueAt(), where + " must be one of " + String.join(", ", arg.choices()) + ", not " + show(value));
    } else if (arg.type() == ArgType.STR) {
      arg.problem(String.valueOf(value)).ifPresent(problem -> problems.add(written.valueAt(), where + " " + problem + ", not " + show(value)));
    }
  }

  private static String show(Object value) {
    if (value instanceof Map) {
      return "a mapping";
    }
    return value instanceof List ? "a list" : "'" + value + "'";
  }

  private static String valid(ModuleSpec spec) {
    return spec.args().stream().map(ArgSpec::name).filter(n -> !n.startsWith("_")).sorted().collect(Collectors.joining(", "));
  }
}
