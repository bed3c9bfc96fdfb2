package runbook.modules.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Controller.SourceEntry;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.HostView;
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
    HostView host = call.host();
    String dest = args.str("dest");
    var problem = problem(args);
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    var prelude = new ArrayList<Action>();
    String target = dest;
    FileState current;
    if (dest.endsWith("/")) {
      if (source == null) {
        return Plan.failed("can not use content with a dir as dest");
      }
      String dir = withoutSlash(dest);
      target = Text.join(dir, Text.basename(source));
      FileState folder = Links.through(host, host.stat(dir));
      if (!folder.exists()) {
        prelude.add(new Action.MakeDirectory(dir, directoryMode(args), null, null));
        current = FileState.absent(target);
      } else if (!folder.isDirectory()) {
        return Plan.failed("Destination " + dir + " is not a directory.");
      } else {
        current = host.read(target);
      }
    } else {
      current = host.read(dest);
      // A link to a directory is a directory here, as os.path.isdir sees it.
      if (current.isDirectory() || current.isLink() && Links.through(host, current).isDirectory()) {
        if (source == null) {
          return Plan.failed("can not use content with a dir as dest");
        }
        target = Text.join(dest, Text.basename(source));
        current = host.read(target);
      }
    }
    var landing = Landing.at(host, current, args.bool("follow"));
    if (!landing.current().exists() && landing.link() == null && prelude.isEmpty()) {
      String parent = Text.dirname(landing.target());
      if (!parent.isEmpty() && !host.stat(parent).exists()) {
        // In a check run it may be a directory that an earlier simulated package install brings
        // (/etc/apache2/sites-available on a fresh host): a change that depends on that install.
        Optional<String> install = call.checkMode() ? host.pending("package:").stream().findFirst() : Optional.empty();
        if (install.isEmpty()) {
          return Plan.failed("Destination directory " + parent + " does not exist.");
        }
        Plan plan = landing.plan(args, content, data(landing.target(), source, content));
        return plan instanceof Plan.Change change ? change.dependingOn(install.get()) : plan;
      }
    }
    Plan plan = landing.plan(args, content, data(landing.target(), source, content));
    if (plan instanceof Plan.Change change && !prelude.isEmpty()) {
      prelude.addAll(change.actions());
      return new Plan.Change(change.summary(), prelude, change.diffs(), change.data(), change.predictable());
    }
    return plan;
  }

  /**
   * copy of a directory, as Ansible's: "src/" copies what is in src into dest, "src" copies src
   * itself to dest/src. Missing directories come first (with directory_mode, owner and group), then
   * every file, each planned as a single copy is, then every link the source keeps (local_follow:
   * false, or a link that leads nowhere) made as it is there; follow counts only when the source
   * has no subdirectories, as in Ansible.
   */
  static Plan tree(ModuleCall call, String source, List<SourceEntry> entries) {
    Args args = call.args();
    HostView host = call.host();
    var problem = problem(args);
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    String destDir = withoutSlash(args.str("dest"));
    String top = source.endsWith("/") ? destDir : Text.join(destDir, Text.basename(source));
    boolean follow = args.bool("follow") && entries.stream().noneMatch(SourceEntry::isDirectory);
    var attributes = Attributes.from(args);
    var actions = new ArrayList<Action>();
    var diffs = new ArrayList<FileDiff>();
    var made = new ArrayList<String>();
    int changed = 0;
    var directories = new ArrayList<String>(List.of(top));
    entries.stream().filter(SourceEntry::isDirectory).map(e -> Text.join(top, e.path())).forEach(directories::add);
    for (String dir : directories) {
      if (made.stream().anyMatch(m -> dir.startsWith(m + "/"))) {
        made.add(dir);
      } else {
        FileState there = Links.through(host, host.stat(dir));
        if (there.exists() && !there.isDirectory()) {
          return Plan.failed("Destination " + dir + " is not a directory.");
        }
        if (there.exists()) {
          continue;
        }
        made.add(dir);
      }
      actions.add(new Action.MakeDirectory(dir, directoryMode(args), attributes.owner(), attributes.group()));
      changed++;
    }
    var writes = new ArrayList<Action>();
    for (SourceEntry entry : entries) {
      if (entry.isDirectory() || entry.isLink()) {
        continue;
      }
      String target = Text.join(top, entry.path());
      boolean fresh = made.contains(Text.dirname(target));
      var landing = fresh ? new Landing(FileState.absent(target), null) : Landing.at(host, host.read(target), follow);
      if (landing.current().isDirectory()) {
        return Plan.failed("Destination " + target + " is a directory.");
      }
      Plan plan = landing.plan(args, entry.content(), Map.of());
      if (plan instanceof Plan.Failed) {
        return plan;
      }
      if (plan instanceof Plan.Change change) {
        writes.addAll(change.actions());
        diffs.addAll(change.diffs());
        changed++;
      }
    }
    for (SourceEntry entry : entries.stream().filter(SourceEntry::isLink).toList()) {
      String target = Text.join(top, entry.path());
      FileState there = made.contains(Text.dirname(target)) ? FileState.absent(target) : host.stat(target);
      if (there.isLink() && entry.link().equals(there.linkTarget())) {
        continue;
      }
      if (there.isDirectory()) {
        return Plan.failed("Destination " + target + " is a directory.");
      }
      // As Ansible's copy makes it (file, state: link, force): the owner and group are the link's own.
      writes.add(new Action.MakeLink(entry.link(), target, false, true));
      if (attributes.owner() != null || attributes.group() != null) {
        writes.add(new Action.SetAttributes(target, null, attributes.owner(), attributes.group(), false, false));
      }
      diffs.add(new FileDiff(target + " (state)", FileModule.stateText(there), FileModule.linkText(entry.link())));
      changed++;
    }
    actions.addAll(writes);
    var data = new LinkedHashMap<String, Object>();
    data.put("dest", destDir.equals("/") ? "/" : destDir + "/");
    data.put("src", source);
    if (actions.isEmpty()) {
      return Plan.unchanged("every path copied from " + source + " to " + top + " is up to date", data);
    }
    long total = directories.size() + entries.stream().filter(e -> !e.isDirectory()).count();
    return new Plan.Change("copied " + source + " to " + top + ": " + changed + " of " + total + " paths changed", actions, diffs, data, true);
  }

  /**
   * Where content bound for a path lands: the path itself, or what its link leads to with follow.
   *
   * @param link the link that the file replaces, else null
   */
  private record Landing(FileState current, FileState link) {
    static Landing at(HostView host, FileState current, boolean follow) {
      if (!current.isLink()) {
        return new Landing(current, null);
      }
      FileState followed = Links.through(host, current);
      // Ansible replaces the link with a file, also when its target holds the same content.
      return follow && followed.exists() ? new Landing(followed, null) : new Landing(FileState.absent(current.path()), current);
    }

    String target() {
      return current.path();
    }

    Plan plan(Args args, byte[] content, Map<String, Object> data) {
      String target = target();
      if ((current.exists() || link != null) && !args.bool("force")) {
        return Plan.unchanged(target + " exists and force is false, so it is left as it is", data);
      }
      String summary = link != null ? target + " replaces a link" : current.exists() ? target + " updated" : target + " created";
      Plan plan = FileWrite.of(current, content, args).plan(summary, target + " is up to date", data);
      if (plan instanceof Plan.Change change && link != null) {
        var diffs = new ArrayList<FileDiff>();
        diffs.add(new FileDiff(target + " (state)", FileModule.stateText(link), "state: file\n"));
        diffs.addAll(change.diffs());
        return new Plan.Change(change.summary(), change.actions(), diffs, change.data(), change.predictable());
      }
      return plan;
    }
  }

  private static Optional<String> problem(Args args) {
    return args.optional("directory_mode").flatMap(Modes::problem).or(() -> Attributes.from(args).problem());
  }

  /** The octal mode for a new directory, or null for the umask's. */
  private static String directoryMode(Args args) {
    return args.optional("directory_mode").map(m -> Modes.octal(Modes.apply(m, Modes.newDirectory(), true))).orElse(null);
  }

  private static String withoutSlash(String dir) {
    return dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
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
