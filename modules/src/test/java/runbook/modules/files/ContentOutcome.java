package runbook.modules.files;

import java.nio.charset.StandardCharsets;
import runbook.spi.Action;
import runbook.spi.Plan;

/** What a plan does to one file's content: "ok", "failed: ..." or the content it writes. */
final class ContentOutcome {
  private ContentOutcome() {}

  static String of(Plan plan) {
    if (plan instanceof Plan.Failed failed) {
      return "failed: " + failed.message();
    }
    if (plan instanceof Plan.Change change) {
      return change.actions().stream()
          .filter(Action.WriteFile.class::isInstance)
          .map(a -> "write: " + new String(((Action.WriteFile) a).content(), StandardCharsets.UTF_8))
          .findFirst()
          .orElse("changed without writing");
    }
    return "ok";
  }
}
