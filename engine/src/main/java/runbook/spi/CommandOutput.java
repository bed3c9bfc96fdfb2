package runbook.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command's registered output in Ansible's shape: trailing newlines stripped (unless kept), plus *_lines. */
public final class CommandOutput {
  private CommandOutput() {}

  public static Map<String, Object> shape(Map<String, Object> raw) {
    return shape(raw, true);
  }

  /** @param stripEnds false to keep the trailing newlines in stdout and stderr, as strip_empty_ends: false does */
  public static Map<String, Object> shape(Map<String, Object> raw, boolean stripEnds) {
    Map<String, Object> out = new LinkedHashMap<>(raw);
    for (String stream : List.of("stdout", "stderr")) {
      if (raw.get(stream) instanceof String text) {
        String kept = stripEnds ? text.replaceAll("[\r\n]+$", "") : text;
        out.put(stream, kept);
        // As Python's splitlines makes *_lines: a final newline ends a line, it starts none.
        String body = kept.endsWith("\n") ? kept.substring(0, kept.length() - (kept.endsWith("\r\n") ? 2 : 1)) : kept;
        out.put(stream + "_lines", kept.isEmpty() ? List.of() : List.of(body.split("\r?\n", -1)));
      }
    }
    return out;
  }
}
