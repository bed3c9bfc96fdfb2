package runbook.modules.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's group, planned from {@code getent group NAME} and done with groupadd, groupmod and
 * groupdel. A check run that simulated a group's creation tells later tasks (the user module) so.
 */
public final class GroupModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "group",
          ArgSpec.str("name").required(),
          ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
          ArgSpec.integer("gid"),
          ArgSpec.bool("system").defaultsTo(false),
          ArgSpec.bool("local").defaultsTo(false),
          ArgSpec.bool("non_unique").defaultsTo(false),
          ArgSpec.bool("force").defaultsTo(false))
      .inCollection("ansible.builtin")
      .describedAs("Adds, changes the gid of, or removes a group (groupadd, groupmod, groupdel).");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String name = args.str("name");
    if (!Accounts.NAME.matcher(name).matches()) {
      return Plan.failed("'" + name + "' is not a group name");
    }
    if (args.bool("non_unique") && !args.has("gid")) {
      return Plan.failed("non_unique requires a gid");
    }
    var data = new LinkedHashMap<String, Object>();
    data.put("name", name);
    data.put("state", args.str("state"));
    data.put("system", args.bool("system"));
    Accounts.Group current = Accounts.group(call.host(), name);
    String prefix = args.bool("local") ? "l" : "";
    if (args.str("state").equals("absent")) {
      if (current == null) {
        return Plan.unchanged("group " + name + " does not exist", data);
      }
      List<String> argv = new ArrayList<>(List.of(prefix + "groupdel"));
      if (args.bool("force")) {
        argv.add("-f");
      }
      argv.add(name);
      return change("remove group " + name, argv, name, data);
    }
    Integer gid = args.integer("gid");
    if (current != null) {
      data.put("gid", current.gid());
      if (gid == null || gid == current.gid()) {
        return Plan.unchanged("group " + name + " exists" + (gid != null ? " with gid " + gid : ""), data);
      }
      data.put("gid", gid);
      List<String> argv = new ArrayList<>(List.of(prefix + "groupmod", "-g", gid.toString()));
      if (args.bool("non_unique")) {
        argv.add("-o");
      }
      argv.add(name);
      return change("change the gid of group " + name + " from " + current.gid() + " to " + gid, argv, name, data);
    }
    List<String> argv = new ArrayList<>(List.of(prefix + "groupadd"));
    if (gid != null) {
      argv.addAll(List.of("-g", gid.toString()));
      data.put("gid", gid);
      if (args.bool("non_unique")) {
        argv.add("-o");
      }
    }
    if (args.bool("system")) {
      argv.add("-r");
    }
    argv.add(name);
    return change("add group " + name + (gid != null ? " with gid " + gid : ""), argv, name, data);
  }

  private static Plan change(String summary, List<String> argv, String name, Map<String, Object> data) {
    return Plan.change(summary, List.of(new Action.Run(Command.of(argv))), List.of()).touching("group:" + name).withData(data);
  }
}
