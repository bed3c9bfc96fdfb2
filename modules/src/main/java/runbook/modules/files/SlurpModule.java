package runbook.modules.files;

import java.util.Base64;
import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's slurp: a host's file registered as base64 {@code content}. Read through the task's
 * connection (and become), held in memory: for configs and keys, not data sets.
 */
public final class SlurpModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of("slurp", ArgSpec.str("src").required().alias("path"))
      .inCollection("ansible.builtin")
      .describedAs("Registers a file of the host as base64 content (b64decode to read it).");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String src = call.args().str("src");
    FileState state = call.host().read(src);
    if (!state.exists()) {
      return Plan.failed("file not found: " + src);
    }
    if (state.content() == null) {
      return Plan.failed(state.isDirectory() ? "source is a directory and must be a file" : src + " is not a regular file");
    }
    return Plan.unchanged("read " + state.content().length + " bytes of " + src,
        Map.of("content", Base64.getEncoder().encodeToString(state.content()), "encoding", "base64", "source", src));
  }
}
