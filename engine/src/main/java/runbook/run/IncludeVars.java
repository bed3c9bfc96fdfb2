package runbook.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import runbook.load.VarsFile;
import runbook.model.Task;
import runbook.spi.ArgSpec;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleFailure;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * include_vars: the variables of YAML or JSON files on the controller become the host's, at the
 * level of set_fact (README, "Variables"). The engine's own, because it reads those files as the
 * loader reads vars files (vault, secrets, FILE:LINE:COL), found as every controller file is found
 * (the role's vars/ first).
 */
final class IncludeVars implements Module {
  static final ModuleSpec SPEC = ModuleSpec.of(Task.INCLUDE_VARS,
          ArgSpec.str("_raw_params"), ArgSpec.str("file"), ArgSpec.str("dir"), ArgSpec.str("name"), ArgSpec.integer("depth").defaultsTo(0),
          ArgSpec.str("files_matching"), ArgSpec.list("ignore_files"), ArgSpec.list("extensions"))
      .withFreeForm("_raw_params")
      .onController()
      .inCollection("ansible.builtin")
      .controllerFile("_raw_params", "vars", null)
      .controllerFile("file", "vars", null);
  private static final List<Object> EXTENSIONS = List.of("yaml", "yml", "json");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    ControllerFiles controller = (ControllerFiles) call.controller();
    String file = call.args().optional("file").orElse(call.args().str("_raw_params"));
    String dir = call.args().str("dir");
    if ((file == null) == (dir == null)) {
      return Plan.failed("include_vars needs either a file or a dir");
    }
    // as in Ansible, a dir is in a role's vars/, else beside the runbook
    String dirFolder = controller.task().role() != null ? "vars" : "";
    List<Path> files = file != null ? List.of(controller.find("vars", file)) : inDirectory(controller.directory(dirFolder, dir), call);
    Map<String, Object> vars = new LinkedHashMap<>();
    for (Path path : files) {
      VarsFile read = VarsFile.read(path, controller.templar().secrets());
      if (!read.problems().isEmpty()) {
        throw new ModuleFailure(read.problems().get(0).location() + ": " + read.problems().get(0).message());
      }
      vars.putAll(read.vars());
    }
    Map<String, Object> facts = call.args().has("name") ? Map.of(call.args().str("name"), vars) : vars;
    return Plan.unchanged("read " + files.size() + (files.size() == 1 ? " file" : " files"),
        Map.of("ansible_facts", facts, "ansible_included_var_files", files.stream().map(Path::toString).toList()));
  }

  /**
   * Ansible's order: the files below {@code top} sorted by path, to {@code depth} levels (0: all),
   * without those ignore_files matches or files_matching does not; any other file must be YAML or
   * JSON by its extension.
   */
  private static List<Path> inDirectory(Path top, ModuleCall call) {
    int depth = call.args().integer("depth") == 0 ? Integer.MAX_VALUE : call.args().integer("depth");
    List<Object> extensions = call.args().has("extensions") ? call.args().list("extensions") : EXTENSIONS;
    Pattern matching = call.args().has("files_matching") ? Pattern.compile(call.args().str("files_matching")) : null;
    List<String> ignored = call.args().list("ignore_files").stream().map(String::valueOf).toList();
    try (Stream<Path> walk = Files.walk(top, depth)) {
      List<Path> found = new ArrayList<>();
      for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = path.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (ignored.stream().anyMatch(name::matches) || matching != null && !matching.matcher(name).find()) {
          continue;
        }
        if (!extensions.contains(extension)) {
          throw new ModuleFailure(path + " does not have a valid extension: "
              + String.join(", ", extensions.stream().map(String::valueOf).toList()));
        }
        found.add(path);
      }
      return found;
    } catch (IOException e) {
      throw new ModuleFailure("cannot read " + top + ": " + e.getMessage());
    }
  }
}
