package runbook.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * group_by and add_host: they change the run's inventory, so the engine does what they plan
 * (PlayRun, after the task), as Ansible's strategy does. Each plans a change of no host, whose data
 * says what to add, in the words of Ansible's result ({@code add_group}, {@code add_host}).
 */
final class InventoryChanges {
  static final ModuleSpec GROUP_BY = ModuleSpec.of("group_by",
          ArgSpec.str("key").required(), ArgSpec.list("parents").defaultsTo(List.of("all")))
      .onController()
      .inCollection("ansible.builtin")
      .describedAs("Puts the host in a group named by key (and in its parents), for the plays that follow.");

  static final ModuleSpec ADD_HOST = ModuleSpec.of("add_host",
          ArgSpec.str("name").required().alias("hostname", "host"), ArgSpec.list("groups").alias("group", "groupname"))
      .withAnyArgs()
      .onController()
      .inCollection("ansible.builtin")
      .describedAs("Adds a host (any other argument is one of its variables) to the run's inventory, once for the play's hosts.");

  static final List<Module> MODULES = List.of(module(GROUP_BY, InventoryChanges::groupBy), module(ADD_HOST, InventoryChanges::addHost));

  private InventoryChanges() {}

  private static Module module(ModuleSpec spec, Function<ModuleCall, Plan> planner) {
    return new Module() {
      @Override
      public ModuleSpec spec() {
        return spec;
      }

      @Override
      public Plan plan(ModuleCall call) {
        return planner.apply(call);
      }
    };
  }

  private static Plan groupBy(ModuleCall call) {
    String group = call.args().str("key").strip();
    Map<String, Object> data = Map.of("add_group", group, "parent_groups", call.args().list("parents"));
    return new Plan.Change("add the host to group " + group, List.of(), List.of(), data, true);
  }

  private static Plan addHost(ModuleCall call) {
    Map<String, Object> vars = new LinkedHashMap<>(call.args().values());
    vars.remove("name");
    vars.remove("groups");
    List<Object> groups = call.args().list("groups");
    Map<String, Object> added = Map.of("host_name", call.args().str("name"), "groups", groups, "host_vars", vars);
    return new Plan.Change("add host " + call.args().str("name"), List.of(), List.of(), Map.of("add_host", added), true);
  }
}
