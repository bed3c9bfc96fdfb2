package runbook.modules.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.Modes;
import runbook.spi.ModuleCall;
import runbook.spi.Plan;

/** Content bound for {@code dest}, by copy or template, with Ansible's rules for where it lands. */
final class Deliver {
  private Deliver() {}

  static List<ArgSpec> specs(ArgSpec... own) {
    var shared = Stream.of(
        ArgSpec.str("dest").required(),
        ArgSpec.bool("force").defaultsTo(true).alias("thirsty"),
        ArgSpec.str("directory_mode"),
        ArgSpec.bool("follow").defaultsTo(false));
    return FileWrite.specs(Stream.concat(Stream.of(own), shared).toArray(ArgSpec[]::new));
  }

  /**
   * @param source the name of the source file, whose basename is used when dest is a directory;
   *     null for inline content
   */
  static Plan plan(ModuleCall call, byte[] content, String source) {
    Args args = call.args();
    String dest = args.str("dest");
    var directoryMode = args.optional("directory_mode").flatMap(Modes::problem);
    if (directoryMode.isPresent()) {
      return Plan.failed(directoryMode.get());
    }
    var prelude = new ArrayList<Action>();
    String target = dest;
    FileState current;
    if (dest.endsWith("/")) {
      if (source == null) {
        return Plan.failed("can not use content with a dir as dest");
      }
      String dir = dest.length() > 1 ? dest.substring(0, dest.length() - 1) : dest;
      target = Text.join(dir, Text.basename(source));
      FileState folder = call.host().stat(dir);
      if (!folder.exists()) {
        String mode = args.optional("directory_mode").map(m -> Modes.octal(Modes.apply(m, Modes.newDirectory(), true))).orElse(null);
        prelude.add(new Action.MakeDirectory(dir, mode, null, null));
        current = FileState.absent(target);
      } else if (!folder.isDirectory()) {
        return Plan.failed("Destination " + dir + " is not a directory.");
      } else {
        current = call.host().read(target);
      }
    } else {
      current = call.host().read(dest);
      if (current.isDirectory()) {
        if (source == null) {
          return Plan.failed("can not use content with a dir as dest");
        }
        target = Text.join(dest, Text.basename(source));
        current = call.host().read(target);
      }
    }
    if (current.exists() && !args.bool("force")) {
      return Plan.unchanged(target + " exists and force is false, so it is left as it is", data(target, source, content));
    }
    if (!current.exists() && prelude.isEmpty()) {
      String parent = Text.dirname(target);
      if (!parent.isEmpty() && !call.host().stat(parent).exists()) {
        return Plan.failed("Destination directory " + parent + " does not exist.");
      }
    }
    var plan = FileWrite.of(current, content, args)
        .plan(current.exists() ? target + " updated" : target + " created", target + " is up to date", data(target, source, content));
    if (plan instanceof Plan.Change change && !prelude.isEmpty()) {
      prelude.addAll(change.actions());
      return new Plan.Change(change.summary(), prelude, change.diffs(), change.data(), change.predictable());
    }
    return plan;
  }

  private static LinkedHashMap<String, Object> data(String target, String source, byte[] content) {
    var data = new LinkedHashMap<String, Object>();
    data.put("dest", target);
    if (source != null) {
      data.put("src", source);
    }
    data.put("checksum", Text.sha1(content));
    data.put("size", content.length);
    data.put("state", "file");
    return data;
  }
}
