package runbook.modules.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.RawText;
import runbook.spi.PyRegex;

/** Ansible's blockinfile: a block of lines between two marker lines, replaced in place when present. */
public final class BlockInFileModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "blockinfile",
      FileWrite.specs(
          ArgSpec.str("path").required().alias("dest", "destfile", "name"),
          ArgSpec.str("block").alias("content").defaultsTo(""),
          ArgSpec.str("marker").defaultsTo("# {mark} ANSIBLE MANAGED BLOCK"),
          ArgSpec.str("marker_begin").defaultsTo("BEGIN"),
          ArgSpec.str("marker_end").defaultsTo("END"),
          ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
          ArgSpec.str("insertafter"),
          ArgSpec.str("insertbefore"),
          ArgSpec.bool("create").defaultsTo(false),
          ArgSpec.bool("append_newline").defaultsTo(false),
          ArgSpec.bool("prepend_newline").defaultsTo(false))).inCollection("ansible.builtin")
      .describedAs("Inserts, updates or removes a block of lines between marker lines in a file.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String after = args.str("insertafter");
    String before = args.str("insertbefore");
    if (after != null && before != null) {
      return Plan.failed("parameters are mutually exclusive: insertafter|insertbefore");
    }
    String where = after != null && !after.equals("EOF") ? after : before != null && !before.equals("BOF") ? before : null;
    var problem = PyRegex.problem(after != null ? "insertafter" : "insertbefore", where);
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    String path = args.str("path");
    boolean present = args.str("state").equals("present");
    FileState current = Links.read(call.host(), path);
    if (current.isDirectory()) {
      return Plan.failed("Path " + path + " is a directory !");
    }
    var write = FileWrite.of(current, null, args);
    if (!current.exists()) {
      if (!args.bool("create")) {
        return Plan.failed("Path " + path + " does not exist !");
      }
      if (!present) {
        return Plan.unchanged("File " + path + " not present", Map.of("msg", "File " + path + " not present"));
      }
      write = write.creatingMissingParent(call.host());
    }
    var lines = new ArrayList<>(Text.lines(RawText.decode(current.content())));
    String marker = args.str("marker");
    String begin = marker.replace("{mark}", args.str("marker_begin")) + "\n";
    String end = marker.replace("{mark}", args.str("marker_end")) + "\n";
    String block = args.str("block");
    var blockLines = new ArrayList<String>();
    if (present && !block.isEmpty()) {
      blockLines.add(begin);
      blockLines.addAll(Text.lines(block.endsWith("\n") ? block : block + "\n"));
      blockLines.add(end);
    }

    Integer n0 = null;
    Integer n1 = null;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals(begin)) {
        n0 = i;
      }
      if (lines.get(i).equals(end)) {
        n1 = i;
      }
    }
    int at;
    if (n0 == null || n1 == null) {
      if (where != null) {
        PyRegex insert = PyRegex.compile(where, 0);
        Integer last = null;
        for (int i = 0; i < lines.size(); i++) {
          if (insert.search(lines.get(i))) {
            last = i;
          }
        }
        at = last == null ? lines.size() : after != null ? last + 1 : last;
      } else {
        at = before != null ? 0 : lines.size();
      }
    } else {
      at = Math.min(n0, n1);
      lines.subList(at, Math.max(n0, n1) + 1).clear();
    }
    // As Ansible does: the line before the block always ends with a newline, even when removing.
    if (at > 0 && !lines.get(at - 1).endsWith("\n")) {
      lines.set(at - 1, lines.get(at - 1) + "\n");
    }
    if (args.bool("prepend_newline") && present && at != 0 && !lines.get(at - 1).equals("\n")) {
      lines.add(at++, "\n");
    }
    lines.addAll(at, blockLines);
    int afterBlock = at + blockLines.size();
    if (args.bool("append_newline") && present && afterBlock < lines.size() && !lines.get(afterBlock).equals("\n")) {
      lines.add(afterBlock, "\n");
    }
    write = write.withContent(RawText.encode(String.join("", lines)));
    String msg = write.sameContent() ? "" : !current.exists() ? "File created" : blockLines.isEmpty() ? "Block removed" : "Block inserted";
    return write.plan(msg, "block already as wanted in " + path, Map.of("msg", msg));
  }
}
