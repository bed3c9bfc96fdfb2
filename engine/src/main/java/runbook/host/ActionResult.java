package runbook.host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What performing one {@link runbook.spi.Action} did. A failed action carries a one-sentence
 * {@code error} ("cannot write /etc/x: Permission denied"); {@code data} holds rc, stdout and stderr
 * for a Run and {@code backup_file} for a WriteFile that made a backup.
 */
public record ActionResult(boolean ok, String error, Map<String, Object> data) {
  public ActionResult {
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public static ActionResult success() {
    return success(Map.of());
  }

  public static ActionResult success(Map<String, Object> data) {
    return new ActionResult(true, null, data);
  }

  public static ActionResult failure(String error) {
    return failure(error, Map.of());
  }

  public static ActionResult failure(String error, Map<String, Object> data) {
    return new ActionResult(false, error, data);
  }
}
