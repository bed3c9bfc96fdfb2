package runbook.modules.files;

import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.RawText;

/** Ansible's copy: inline content, or a file or directory from the runbook's files/, delivered to dest. */
public final class CopyModule implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.of("copy", Deliver.specs(ArgSpec.str("src"), ArgSpec.str("content"), ArgSpec.bool("remote_src").defaultsTo(false),
              ArgSpec.bool("local_follow").defaultsTo(true), ArgSpec.bool("decrypt").defaultsTo(true)))
          .inCollection("ansible.builtin")
          .controllerFile("src", ModuleSpec.ControllerFile.FILES, "remote_src")
      .describedAs("Copies a file or a directory tree from the controller (or a file on the host) to the host, atomically.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    if (args.has("src") == args.has("content")) {
      return Plan.failed(args.has("src") ? "parameters are mutually exclusive: content|src" : "src (or content) is required");
    }
    if (args.has("content")) {
      return Deliver.plan(call, RawText.encode(args.str("content")), null);
    }
    String src = args.str("src");
    if (args.bool("remote_src")) {
      return fromHost(call, src);
    }
    boolean decrypt = args.bool("decrypt");
    var tree = call.controller().readTree("files", src, args.bool("local_follow"), decrypt);
    return tree.isPresent() ? Deliver.tree(call, src, tree.get()) : Deliver.plan(call, call.controller().readFile("files", src, decrypt), src);
  }

  /**
   * remote_src: a file already on the host, read there and written as any copy (temp file and rename,
   * unchanged when the checksum and attributes match). Directories are not supported yet.
   */
  private static Plan fromHost(ModuleCall call, String src) {
    FileState source = Links.through(call.host(), call.host().stat(src));
    if (!source.exists()) {
      return Plan.failed("Source " + src + " not found");
    }
    if (source.isDirectory()) {
      return Plan.failed("copy with remote_src of a directory (" + src + ") is not supported");
    }
    return Deliver.plan(call, call.host().read(source.path()).content(), src);
  }
}
