package runbook.modules.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values an applied command registers, which a module whose result speaks in its own words (path, checksum_src) leaves out. */
public final class CommandValues {
  private static final List<String> KEYS = List.of("stdout", "stdout_lines", "stderr", "stderr_lines", "rc", "cmd");

  private CommandValues() {}

  /** {@code values} without the command's own, for the module's to be added. */
  public static Map<String, Object> without(Map<String, Object> values) {
    var data = new LinkedHashMap<>(values);
    KEYS.forEach(data::remove);
    return data;
  }
}
