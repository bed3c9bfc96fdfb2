package runbook.modules.files;

import runbook.spi.Action;
import runbook.spi.Plan;
import runbook.spi.RawText;

/** What a plan does to one file's content: "ok", "failed: ..." or the content it writes (bytes that are not UTF-8 as \xE9). */
final class ContentOutcome {
  private ContentOutcome() {}

  static String of(Plan plan) {
    if (plan instanceof Plan.Failed failed) {
      return "failed: " + failed.message();
    }
    if (plan instanceof Plan.Change change) {
      return change.actions().stream()
          .filter(Action.WriteFile.class::isInstance)
          .map(a -> "write: " + RawText.visible(RawText.decode(((Action.WriteFile) a).content())))
          .findFirst()
          .orElse("changed without writing");
    }
    return "ok";
  }
}
