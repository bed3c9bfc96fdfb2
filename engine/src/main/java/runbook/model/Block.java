package runbook.model;

import java.util.List;

/** block/rescue/always; its keywords apply to every step inside. */
public record Block(
    String name, List<Step> block, List<Step> rescue, List<Step> always, Keywords keywords, SourceLocation location)
    implements Step {
  public Block {
    block = List.copyOf(block);
    rescue = List.copyOf(rescue);
    always = List.copyOf(always);
  }
}
