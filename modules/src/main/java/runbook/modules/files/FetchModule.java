package runbook.modules.files;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's fetch: a file of the host saved on the controller, as {@code dest/HOST/SRC}, or at
 * {@code dest} itself with {@code flat}. Planned as any file write, on the controller (the implicit
 * localhost): atomic, no change when the bytes match, a diff for text, predicted in check mode.
 * The file is read through the task's connection, so {@code become} reads what the login user may not.
 */
public final class FetchModule implements Module {
  private static final String CONTROLLER = "localhost";
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "fetch",
      ArgSpec.str("src").required(),
      ArgSpec.str("dest").required(),
      ArgSpec.bool("flat").defaultsTo(false),
      ArgSpec.bool("fail_on_missing").defaultsTo(true),
      ArgSpec.bool("validate_checksum").defaultsTo(true)).inCollection("ansible.builtin")
      .describedAs("Saves a file of the host on the controller, under dest/HOST/ or at dest with flat.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String src = args.str("src");
    FileState remote = call.host().read(src);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("file", src);
    if (!remote.exists()) {
      return args.bool("fail_on_missing")
          ? Plan.failed("the remote file does not exist: " + src, data)
          : Plan.unchanged("the remote file does not exist, not transferring, ignored", data);
    }
    if (remote.content() == null) {
      return Plan.failed(src + " is a " + remote.type().ansibleName() + ": fetch only takes files", data);
    }
    String dest = local(args, String.valueOf(call.controller().evaluate("inventory_hostname")),
        String.valueOf(call.controller().evaluate("playbook_dir")));
    data.put("dest", dest);
    data.put("checksum", Text.sha1(remote.content()));
    data.put("remote_checksum", Text.sha1(remote.content()));
    data.put("md5sum", Text.md5(remote.content()));
    HostView controller = call.host(CONTROLLER);
    FileWrite write = new FileWrite(controller.read(dest), remote.content(), Attributes.NONE, false, null, null, null)
        .creatingMissingParent(controller);
    Plan plan = write.plan("fetched " + src + " to " + dest, dest + " already holds " + src, data);
    if (!(plan instanceof Plan.Change change)) {
      return plan;
    }
    List<Action> onController = change.actions().stream().map(a -> (Action) new Action.OnHost(CONTROLLER, a)).toList();
    return new Plan.Change(change.summary(), onController, change.diffs(), change.data(), change.foresight(), change.dependsOn(), change.touches());
  }

  /** Where the file lands: dest/HOST/SRC, or with flat dest itself (a name ending in / takes src's base name); relative to the runbook. */
  static String local(Args args, String host, String runbookDir) {
    String src = args.str("src");
    String dest = args.str("dest");
    String path;
    if (args.bool("flat")) {
      path = dest.endsWith("/") ? dest + Text.basename(src) : dest;
    } else {
      path = dest + "/" + host + "/" + src;
    }
    return Path.of(runbookDir).resolve(path).normalize().toString();
  }
}
