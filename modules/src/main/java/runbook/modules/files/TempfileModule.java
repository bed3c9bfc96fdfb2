package runbook.modules.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's tempfile: a new file or directory with a name no one else has, made by {@code mktemp}
 * (mode 0600 or 0700), its path registered as {@code path}. Every run makes a new one, so it is
 * always a change; in check mode nothing is made and {@code path} is not known.
 */
public final class TempfileModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "tempfile",
          ArgSpec.str("state").choices("file", "directory").defaultsTo("file"),
          ArgSpec.str("path"),
          ArgSpec.str("prefix").defaultsTo("ansible."),
          ArgSpec.str("suffix").defaultsTo(""))
      .inCollection("ansible.builtin")
      .describedAs("Makes a new temporary file or directory with a unique name and registers its path.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String prefix = args.str("prefix");
    String suffix = args.str("suffix");
    if (prefix.contains("/") || suffix.contains("/")) {
      return Plan.failed("prefix and suffix cannot hold a /: the file is made in path");
    }
    boolean directory = args.str("state").equals("directory");
    List<String> argv = new ArrayList<>(List.of("mktemp"));
    if (directory) {
      argv.add("-d");
    }
    String path = args.str("path");
    if (path != null) {
      FileState dir = call.host().stat(path);
      if (!dir.isDirectory()) {
        return Plan.failed(path + " is not a directory");
      }
      argv.add("-p");
      argv.add(path);
    } else {
      argv.add("--tmpdir"); // $TMPDIR, else /tmp, as Python's tempfile chooses
    }
    if (!suffix.isEmpty()) {
      argv.add("--suffix=" + suffix);
    }
    argv.add("--");
    argv.add(prefix + "XXXXXXXX");
    String where = path != null ? path : "the temporary directory";
    return Plan.change("make a temporary " + args.str("state") + " in " + where, List.of(new Action.Run(Command.of(argv))), List.of())
        .withData(Map.of("state", args.str("state")));
  }

  /** The path mktemp printed, as Ansible registers it; mktemp's own output is not part of the result. */
  @Override
  public Map<String, Object> performed(Map<String, Object> values) {
    Map<String, Object> data = CommandValues.without(values);
    data.put("path", String.valueOf(values.get("stdout")).strip());
    return data;
  }
}
