package runbook.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import runbook.model.SourceLocation;
import runbook.secret.Vault;

/**
 * Ansible Vault in the YAML files we read: a whole file encrypted by ansible-vault, and values
 * tagged {@code !vault}. Each is opened when its file is read and its plain value added to the
 * run's secrets; one that cannot be opened is a problem at the place it was written.
 */
final class VaultValues {
  private static final Tag VAULT = new Tag("!vault");

  private VaultValues() {}

  /**
   * A file's text composed, decrypted first when ansible-vault encrypted it whole: then every value
   * in it is secret. Empty after a problem.
   */
  static Optional<YamlFile> compose(Path path, String text, Problems problems) {
    if (!Vault.encrypted(text)) {
      return YamlFile.compose(path, text, problems);
    }
    Vault.Opened opened = problems.secrets().vault().open(text);
    if (opened.problem() != null) {
      problems.add(new SourceLocation(path, 1, 1), "cannot decrypt the file: " + opened.problem());
      return Optional.empty();
    }
    Optional<YamlFile> file = YamlFile.compose(path, opened.text().orElseThrow(), problems);
    file.ifPresent(f -> problems.secrets().add(Nodes.value(f.root())));
    return file;
  }

  /** Replaces each {@code !vault} scalar below node by its plain text, in place. */
  static void open(YamlFile file, Node node, Problems problems) {
    if (node instanceof MappingNode map) {
      List<NodeTuple> tuples = map.getValue();
      for (int i = 0; i < tuples.size(); i++) {
        NodeTuple t = tuples.get(i);
        Node value = opened(file, t.getValueNode(), problems);
        if (value != t.getValueNode()) {
          tuples.set(i, new NodeTuple(t.getKeyNode(), value));
        }
        open(file, value, problems);
      }
    } else if (node instanceof SequenceNode seq) {
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        items.set(i, opened(file, items.get(i), problems));
        open(file, items.get(i), problems);
      }
    }
  }

  private static Node opened(YamlFile file, Node node, Problems problems) {
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(VAULT)) {
      return node;
    }
    Vault.Opened opened = problems.secrets().open(scalar.getValue());
    if (opened.problem() != null) {
      problems.add(file.at(node), "cannot decrypt this !vault value: " + opened.problem());
      return new ScalarNode(Tag.NULL, false, "", scalar.getScalarStyle(), scalar.getStartMark(), scalar.getEndMark());
    }
    return new ScalarNode(Tag.STR, false, opened.text().orElseThrow(), scalar.getScalarStyle(), scalar.getStartMark(), scalar.getEndMark());
  }
}
