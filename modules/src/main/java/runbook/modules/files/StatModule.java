package runbook.modules.files;

import java.util.LinkedHashMap;
import java.util.Map;
import runbook.spi.ArgSpec;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Modes;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/** Ansible's stat: facts about one path, registered as {@code stat}; never changes anything. */
public final class StatModule implements Module {
  private static final Map<String, String> CHECKSUM_TOOLS =
      Map.of("sha1", "sha1sum", "sha224", "sha224sum", "sha256", "sha256sum", "sha384", "sha384sum", "sha512", "sha512sum", "md5", "md5sum");

  private static final ModuleSpec SPEC = ModuleSpec.of(
      "stat",
      ArgSpec.str("path").required().alias("dest", "name"),
      ArgSpec.bool("follow").defaultsTo(false),
      ArgSpec.bool("get_checksum").defaultsTo(true),
      ArgSpec.str("checksum_algorithm").alias("checksum", "checksum_algo")
          .choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512").defaultsTo("sha1"),
      ArgSpec.bool("get_mime").defaultsTo(true),
      ArgSpec.bool("get_attributes").defaultsTo(true)).inCollection("ansible.builtin")
      .describedAs("Registers facts about a path on the host (exists, type, mode, owner, checksum).");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String path = call.args().str("path");
    HostView host = call.host();
    FileState state = host.stat(path);
    String linkSource = null;
    if (call.args().bool("follow")) {
      state = Links.through(host, state);
      linkSource = state.isLink() ? null : state.path();
    }
    var stat = new LinkedHashMap<String, Object>();
    stat.put("exists", state.exists());
    if (state.exists()) {
      stat.put("path", path);
      stat.put("isdir", state.isDirectory());
      stat.put("isreg", state.isFile());
      stat.put("islnk", state.isLink());
      stat.put("mode", Modes.octal(state.mode() & 07777));
      put(stat, "pw_name", state.owner());
      put(stat, "gr_name", state.group());
      stat.put("size", state.size());
      if (state.isLink()) {
        stat.put("lnk_target", state.linkTarget());
        stat.put("lnk_source", Text.resolve(path, state.linkTarget()));
      } else if (linkSource != null && !linkSource.equals(path)) {
        stat.put("lnk_source", linkSource);
      }
      if (state.isFile() && call.args().bool("get_checksum")) {
        String target = linkSource != null ? linkSource : path;
        CommandResult sum = host.probe(CHECKSUM_TOOLS.get(call.args().str("checksum_algorithm")) + " " + Shell.quote(target));
        if (sum.ok() && !sum.stdout().isBlank()) {
          stat.put("checksum", sum.stdout().strip().split("\\s+")[0]);
        }
      }
    }
    return Plan.unchanged(state.exists() ? path + " is a " + state.type().ansibleName() : path + " does not exist", Map.of("stat", stat));
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
