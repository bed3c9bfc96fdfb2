package runbook.load;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reading composed YAML nodes as plain Java values. */
final class Nodes {
  /** A key of a mapping, with the nodes of the key and of its value. */
  record Entry(String key, Node keyNode, Node value) {}

  /*
   * YAML 1.2 core types, except that plain yes/no/on/off are booleans as in YAML 1.1, which Ansible
   * uses: "enabled: no" in vars must not be a non-empty, hence truthy, string.
   */
  private static final Pattern YAML11_BOOL = Pattern.compile("yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF");
  private static final Pattern ANSIBLE_TRUE = Pattern.compile("(?i)true|yes|on|1|y|t");
  private static final Pattern ANSIBLE_FALSE = Pattern.compile("(?i)false|no|off|0|n|f");

  private Nodes() {}

  static List<Entry> entries(MappingNode map) {
    List<Entry> entries = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = text(tuple.getKeyNode());
      entries.add(new Entry(key == null ? String.valueOf(value(tuple.getKeyNode())) : key, tuple.getKeyNode(), tuple.getValueNode()));
    }
    return entries;
  }

  /** Entries by key; the first wins (duplicates are reported when the file is read). */
  static Map<String, Entry> byKey(MappingNode map) {
    Map<String, Entry> result = new LinkedHashMap<>();
    entries(map).forEach(e -> result.putIfAbsent(e.key(), e));
    return result;
  }

  /** A scalar's text as written (quotes removed); null for collections and for null scalars. */
  static String text(Node node) {
    return node instanceof ScalarNode s && !isNull(node) ? unsafe(s) : null;
  }

  /**
   * A scalar's text; one tagged {@code !unsafe} is never templated, as in Ansible: its template
   * syntax is kept in a raw block, so that rendering it gives back exactly what was written.
   */
  private static String unsafe(ScalarNode scalar) {
    String text = scalar.getValue();
    if (!scalar.getTag().getValue().equals("!unsafe") || !runbook.template.Templar.isTemplate(text)) {
      return text;
    }
    return "{% raw %}" + text.replace("{% endraw %}", "{% endraw %}{{ '{% endraw %}' }}{% raw %}") + "{% endraw %}";
  }

  static boolean isNull(Node node) {
    return node == null || node.getTag().equals(Tag.NULL);
  }

  static Object value(Node node) {
    if (isNull(node)) {
      return null;
    }
    if (node instanceof MappingNode map) {
      Map<String, Object> result = new LinkedHashMap<>();
      entries(map).forEach(e -> result.put(e.key(), value(e.value())));
      return result;
    }
    if (node instanceof SequenceNode seq) {
      List<Object> result = new ArrayList<>();
      seq.getValue().forEach(child -> result.add(value(child)));
      return result;
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = unsafe(scalar);
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.BOOL)) {
      return Boolean.valueOf(text.toLowerCase());
    }
    if (tag.equals(Tag.STR) && scalar.isPlain() && YAML11_BOOL.matcher(text).matches()) {
      return ansibleBool(text).orElseThrow();
    }
    if (tag.equals(Tag.INT)) {
      return integer(text);
    }
    if (tag.equals(Tag.FLOAT)) {
      return floating(text);
    }
    return text;
  }

  /** A mapping's values; empty for a null node. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Node node) {
    return node instanceof MappingNode ? (Map<String, Object>) value(node) : Map.of();
  }

  /** Ansible's notion of a boolean, for a value already read from YAML. */
  static Optional<Boolean> ansibleBool(Object value) {
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    if (value instanceof String || value instanceof Integer) {
      String text = value.toString().strip();
      if (ANSIBLE_TRUE.matcher(text).matches()) {
        return Optional.of(true);
      }
      if (ANSIBLE_FALSE.matcher(text).matches()) {
        return Optional.of(false);
      }
    }
    return Optional.empty();
  }

  static boolean templated(Object value) {
    return value instanceof String s && (s.contains("{{") || s.contains("{%"));
  }

  /** How a node is named in a message: "a mapping", "a list", or the scalar in quotes. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }

  private static Object integer(String text) {
    String t = text.startsWith("+") ? text.substring(1) : text;
    BigInteger value;
    if (t.startsWith("0o")) {
      value = new BigInteger(t.substring(2), 8);
    } else if (t.startsWith("0x")) {
      value = new BigInteger(t.substring(2), 16);
    } else {
      value = new BigInteger(t);
    }
    if (value.bitLength() < 32) {
      return value.intValue();
    }
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  private static Object floating(String text) {
    String t = text.toLowerCase();
    if (t.endsWith(".inf")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return t.equals(".nan") ? Double.NaN : Double.valueOf(t);
  }
}
