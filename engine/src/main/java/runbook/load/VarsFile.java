package runbook.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import runbook.secret.Secrets;

/**
 * A vars file read while a run goes (include_vars), as the loader reads vars files: vault values
 * opened, values under secret names made secret, every problem at its FILE:LINE:COL.
 *
 * @param problems empty when the file was read
 */
public record VarsFile(Map<String, Object> vars, List<Problem> problems) {
  public static VarsFile read(Path path, Secrets secrets) {
    Problems problems = new Problems(secrets);
    Optional<YamlFile> file = YamlFile.read(path, problems);
    Map<String, Object> vars = Map.of();
    if (file.isPresent() && file.get().root() != null && !(file.get().root() instanceof MappingNode)) {
      problems.add(file.get().at(file.get().root()), "a vars file must be a mapping of variable names to values");
    } else if (file.isPresent()) {
      vars = Nodes.map(file.get().root());
      secrets.addNamed(vars);
    }
    return new VarsFile(vars, problems.list());
  }
}
