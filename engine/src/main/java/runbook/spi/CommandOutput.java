package runbook.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command's registered output in Ansible's shape: trailing newlines stripped, plus *_lines. */
public final class CommandOutput {
  private CommandOutput() {}

  public static Map<String, Object> shape(Map<String, Object> raw) {
    Map<String, Object> out = new LinkedHashMap<>(raw);
    for (String stream : List.of("stdout", "stderr")) {
      if (raw.get(stream) instanceof String text) {
        String stripped = text.replaceAll("[\r\n]+$", "");
        out.put(stream, stripped);
        out.put(stream + "_lines", stripped.isEmpty() ? List.of() : List.of(stripped.split("\r?\n", -1)));
      }
    }
    return out;
  }
}
