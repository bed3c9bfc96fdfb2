package runbook.model;

/**
 * loop_control, as Ansible's.
 *
 * @param loopVar the loop variable, "item" by default
 * @param indexVar the variable holding the item's index from 0, or null
 * @param label what the console shows for each item (a template), or null for the item itself
 * @param extended whether {@code ansible_loop} describes the item's place in the loop
 * @param pause seconds between two items (a number, or a template of one), or null
 */
public record LoopControl(String loopVar, String indexVar, String label, boolean extended, Object pause) {
  public static final LoopControl DEFAULT = new LoopControl("item", null, null, false, null);
}
