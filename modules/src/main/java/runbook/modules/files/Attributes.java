package runbook.modules.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.Modes;

/** The mode, owner and group a task asks for; null parts are left as they are. */
record Attributes(String mode, String owner, String group) {
  static final Attributes NONE = new Attributes(null, null, null);

  /** A file module's arguments: its own, then mode, owner and group, which every one of them takes. */
  static List<ArgSpec> specs(ArgSpec... own) {
    return Stream.concat(Stream.of(own), Stream.of(ArgSpec.mode("mode"), ArgSpec.str("owner"), ArgSpec.str("group"))).toList();
  }

  static Attributes from(Args args) {
    return new Attributes(args.str("mode"), args.str("owner"), args.str("group"));
  }

  Optional<String> problem() {
    return mode == null ? Optional.empty() : Modes.problem(mode);
  }

  /** The octal mode to give a new path of this kind, or null to take the umask's. */
  String modeForNew(boolean directory) {
    return mode == null ? null : Modes.octal(Modes.apply(mode, directory ? Modes.newDirectory() : Modes.newFile(), directory));
  }

  /** What must change on the existing path {@code current} to reach these attributes. */
  Delta against(FileState current) {
    String newMode = null;
    if (mode != null) {
      int wanted = Modes.apply(mode, current.mode(), current.isDirectory());
      newMode = wanted == (current.mode() & 07777) ? null : Modes.octal(wanted);
    }
    return new Delta(
        current,
        newMode,
        owner == null || owner.equals(current.owner()) ? null : owner,
        group == null || group.equals(current.group()) ? null : group);
  }

  /** The changes to one existing path; null parts stay as they are. */
  record Delta(FileState current, String mode, String owner, String group) {
    boolean isEmpty() {
      return mode == null && owner == null && group == null;
    }

    Action action(boolean recurse, boolean follow) {
      return new Action.SetAttributes(current.path(), mode, owner, group, recurse, follow);
    }

    /** A diff-like view of the attribute change (nothing about content). */
    FileDiff diff() {
      var before = new StringBuilder();
      var after = new StringBuilder();
      line(before, after, "mode", Modes.octal(current.mode() & 07777), mode);
      line(before, after, "owner", current.owner(), owner);
      line(before, after, "group", current.group(), group);
      return new FileDiff(current.path() + " (attributes)", before.toString(), after.toString());
    }

    /** Values Ansible returns for the path once the change is made. */
    List<String[]> resulting() {
      var pairs = new ArrayList<String[]>();
      pairs.add(new String[] {"mode", mode != null ? mode : Modes.octal(current.mode() & 07777)});
      pairs.add(new String[] {"owner", owner != null ? owner : current.owner()});
      pairs.add(new String[] {"group", group != null ? group : current.group()});
      return pairs;
    }

    private static void line(StringBuilder before, StringBuilder after, String name, String was, String becomes) {
      if (becomes != null) {
        before.append(name).append(": ").append(was).append('\n');
        after.append(name).append(": ").append(becomes).append('\n');
      }
    }
  }
}
