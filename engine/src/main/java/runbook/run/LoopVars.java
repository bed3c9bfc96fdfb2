package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.model.LoopControl;

/**
 * The variables of one loop item, as Ansible sets them and registers them in the item's result: the
 * loop variable, {@code ansible_loop_var}, the index_var and {@code ansible_index_var}, and with
 * extended, {@code ansible_loop} (index from 1, index0, revindex, revindex0, first, last, length,
 * allitems, previtem and nextitem where there is one).
 */
final class LoopVars {
  private LoopVars() {}

  static Map<String, Object> of(LoopControl control, List<?> items, int index) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(control.loopVar(), items.get(index));
    vars.put("ansible_loop_var", control.loopVar());
    if (control.indexVar() != null) {
      vars.put(control.indexVar(), index);
      vars.put("ansible_index_var", control.indexVar());
    }
    if (control.extended()) {
      int length = items.size();
      Map<String, Object> loop = new LinkedHashMap<>();
      loop.put("allitems", items);
      loop.put("index", index + 1);
      loop.put("index0", index);
      loop.put("revindex", length - index);
      loop.put("revindex0", length - index - 1);
      loop.put("first", index == 0);
      loop.put("last", index == length - 1);
      loop.put("length", length);
      if (index > 0) {
        loop.put("previtem", items.get(index - 1));
      }
      if (index < length - 1) {
        loop.put("nextitem", items.get(index + 1));
      }
      vars.put("ansible_loop", loop);
    }
    return vars;
  }
}
