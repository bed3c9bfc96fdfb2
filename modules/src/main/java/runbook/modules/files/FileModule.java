package runbook.modules.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Modes;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/** Ansible's file: a path's kind (file, directory, link, hard link, absent, touched) and attributes. */
public final class FileModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "file",
      Attributes.specs(
          Stream.concat(Stream.of(
              ArgSpec.str("path").required().alias("dest", "name"),
              ArgSpec.str("state").choices("file", "directory", "link", "hard", "absent", "touch"),
              ArgSpec.str("src"),
              ArgSpec.bool("recurse").defaultsTo(false),
              ArgSpec.bool("force").defaultsTo(false),
              ArgSpec.bool("follow").defaultsTo(true)), TimesAndFlags.specs().stream()).toArray(ArgSpec[]::new)))
      .inCollection("ansible.builtin")
      .describedAs("Sets a path's state (file, directory, link, hard, touch, absent), mode, owner, group, times and attributes.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    var attributes = Attributes.from(args);
    var problem = attributes.problem();
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    String path = args.str("path");
    HostView host = call.host();
    FileState current = host.stat(path);
    String state = args.optional("state").orElse(current.exists() ? defaultState(current) : args.bool("recurse") ? "directory" : "file");
    if (args.bool("recurse") && !state.equals("directory")) {
      return Plan.failed("recurse option requires state to be 'directory'");
    }
    var extras = TimesAndFlags.from(args, state);
    var invalid = extras.problem();
    if (invalid.isPresent()) {
      return Plan.failed(invalid.get());
    }
    if (extras.asked() && (state.equals("link") || state.equals("hard") || args.bool("recurse"))) {
      return Plan.failed("access_time, modification_time and attributes are not supported with "
          + (args.bool("recurse") ? "recurse" : "state " + state) + " yet");
    }
    var request = new Request(args, attributes, extras, host, current);
    return switch (state) {
      case "absent" -> request.absent();
      case "directory" -> request.directory();
      case "touch" -> request.touch();
      case "link" -> request.link();
      case "hard" -> request.hard();
      default -> request.file();
    };
  }

  /** The touch and chattr runs that set times and flags register nothing of their own. */
  @Override
  public Map<String, Object> performed(Map<String, Object> values) {
    return CommandValues.without(values);
  }

  private static String defaultState(FileState current) {
    return switch (current.type()) {
      case DIRECTORY -> "directory";
      case LINK -> "link";
      default -> "file";
    };
  }

  /** One call's planning, with what every state needs at hand. */
  /** A path's kind as a state diff shows it ("state: link\nsrc: target\n" for a link). */
  static String stateText(FileState state) {
    return state.isLink() ? linkText(state.linkTarget()) : "state: " + state.type().ansibleName() + "\n";
  }

  /** A link to {@code target} as a state diff shows it. */
  static String linkText(String target) {
    return "state: link\nsrc: " + target + "\n";
  }

  private record Request(Args args, Attributes attributes, TimesAndFlags extras, HostView host, FileState current) {
    String path() {
      return current.path();
    }

    Plan absent() {
      if (!current.exists()) {
        return Plan.unchanged(path() + " is already absent", data("absent"));
      }
      return new Plan.Change(
          "remove " + path(), List.of(new Action.Remove(path())), List.of(stateDiff(stateText(current), "state: absent\n")), data("absent"), true);
    }

    Plan file() {
      if (!current.exists()) {
        return Plan.failed("file (" + path() + ") is absent, cannot continue");
      }
      FileState target = followed();
      if (target.isDirectory() || target.isLink()) {
        return Plan.failed("file (" + path() + ") is " + target.type().ansibleName() + ", cannot continue");
      }
      return attributesOf(target, "file");
    }

    Plan directory() {
      if (!current.exists()) {
        var action = new Action.MakeDirectory(path(), attributes.modeForNew(true), attributes.owner(), attributes.group());
        var data = data("directory");
        putIfKnown(data, "mode", action.mode());
        var actions = new ArrayList<Action>(List.of(action));
        var diffs = new ArrayList<FileDiff>(List.of(stateDiff("state: absent\n", "state: directory\n")));
        var failure = withExtras(extras, host, path(), true, actions, diffs);
        return failure != null ? failure : new Plan.Change("create directory " + path(), actions, diffs, data, true);
      }
      FileState target = followed();
      if (!target.isDirectory()) {
        return Plan.failed(path() + " already exists as a " + target.type().ansibleName());
      }
      if (!args.bool("recurse")) {
        return attributesOf(target, "directory");
      }
      List<FileState> tree = host.tree(target.path());
      // chmod -R leaves symlinks as they are (Linux has no link modes): only their owners count.
      Attributes ofLinks = new Attributes(null, attributes.owner(), attributes.group());
      java.util.function.Function<FileState, Attributes.Delta> delta =
          entry -> (entry.isLink() ? ofLinks : attributes).against(entry);
      long differing = tree.stream().filter(entry -> !delta.apply(entry).isEmpty()).count();
      if (differing == 0) {
        return Plan.unchanged("attributes of " + path() + " and everything below it already match", data("directory"));
      }
      String mode = attributes.mode() == null || !Modes.isOctal(attributes.mode())
          ? attributes.mode()
          : Modes.octal(Modes.apply(attributes.mode(), 0, true));
      var diffs = tree.stream().map(delta).filter(d -> !d.isEmpty()).map(Attributes.Delta::diff).toList();
      return new Plan.Change(
          "attributes of " + differing + " path(s) under " + path() + " changed",
          List.of(new Action.SetAttributes(target.path(), mode, attributes.owner(), attributes.group(), true, false)),
          diffs,
          data("directory"),
          true);
    }

    /**
     * Creates the file when it is missing; then the attributes and times. With both times now (the
     * default) a touch is always a change, as in Ansible; with them preserved or given, only what differs.
     */
    Plan touch() {
      var actions = new ArrayList<Action>();
      var diffs = new ArrayList<FileDiff>();
      boolean fresh = !current.exists();
      // Creating the file sets its times to now, and so does a plain touch of one that is there.
      if (fresh || extras.bothNow()) {
        actions.add(new Action.Touch(path()));
      }
      if (fresh) {
        diffs.add(stateDiff("state: absent\n", "state: file\n"));
        if (attributes.mode() != null || attributes.owner() != null || attributes.group() != null) {
          actions.add(new Action.SetAttributes(path(), attributes.modeForNew(false), attributes.owner(), attributes.group(), false, false));
        }
      } else {
        var delta = attributes.against(current);
        if (!delta.isEmpty()) {
          actions.add(delta.action(false, args.bool("follow")));
          diffs.add(delta.diff());
        }
      }
      var failure = withExtras(!fresh && extras.bothNow() ? extras.flagsOnly() : extras, host, path(), fresh, actions, diffs);
      if (failure != null) {
        return failure;
      }
      var data = data(fresh ? "file" : defaultState(current));
      if (actions.isEmpty()) {
        return Plan.unchanged(path() + " already has the wanted times and attributes", data);
      }
      return new Plan.Change("touch " + path(), actions, diffs, data, true);
    }

    Plan link() {
      String src = args.str("src");
      if (src == null) {
        if (current.isLink()) {
          return linkAttributes("link");
        }
        return Plan.failed("src is required for creating a link");
      }
      if (current.isLink() && src.equals(current.linkTarget())) {
        return linkAttributes("link");
      }
      var refusal = refusal("symlink");
      if (refusal != null) {
        return Plan.failed(refusal);
      }
      String resolved = Text.resolve(path(), src);
      if (!args.bool("force") && !host.stat(resolved).exists()) {
        return Plan.failed("src file does not exist, use \"force=yes\" if you really want to create the link: " + resolved);
      }
      return makeLink(src, false, linkText(src));
    }

    Plan hard() {
      String src = args.str("src");
      if (src == null) {
        return Plan.failed("src is required for creating a hard link");
      }
      if (!host.stat(src).exists()) {
        return Plan.failed("src does not exist: " + src);
      }
      if (current.exists() && host.state(Command.script("test " + Shell.quote(path()) + " -ef " + Shell.quote(src))).ok()) {
        return attributesOf(current, "hard");
      }
      var refusal = refusal("hard link");
      if (refusal != null) {
        return Plan.failed(refusal);
      }
      return makeLink(src, true, "state: hard\nsrc: " + src + "\n");
    }

    /** Why an existing path may not be replaced by a link, or null when it may. */
    private String refusal(String kind) {
      if (!current.exists() || current.isLink()) {
        return null;
      }
      if (current.isDirectory()) {
        if (!args.bool("force")) {
          return "refusing to convert from directory to " + kind + " for " + path();
        }
        return host.tree(path()).size() > 1 ? "the directory " + path() + " is not empty, refusing to convert it" : null;
      }
      return args.bool("force") ? null : "refusing to convert from " + current.type().ansibleName() + " to " + kind + " for " + path();
    }

    private Plan makeLink(String src, boolean hard, String after) {
      var actions = new ArrayList<Action>();
      var diffs = new ArrayList<FileDiff>();
      actions.add(new Action.MakeLink(src, path(), hard, current.exists()));
      diffs.add(stateDiff(stateText(current), after));
      // With follow (the default) Ansible sets the attributes on what the new link leads to.
      FileState target = hard || !args.bool("follow") ? FileState.absent(path()) : Links.through(host, host.stat(Text.resolve(path(), src)));
      if (target.exists() && !target.isLink()) {
        var delta = attributes.against(target);
        if (!delta.isEmpty()) {
          actions.add(delta.action(false, false));
          diffs.add(delta.diff());
        }
      } else if (attributes.owner() != null || attributes.group() != null) {
        actions.add(new Action.SetAttributes(path(), null, attributes.owner(), attributes.group(), false, false));
      }
      var data = data(hard ? "hard" : "link");
      data.put("src", src);
      data.put("dest", path());
      return new Plan.Change((hard ? "hard link " : "link ") + path() + " -> " + src, actions, diffs, data, true);
    }

    /**
     * The attributes of an existing link: with follow (the default), those of what it leads to, as
     * Ansible sets them; else its own owner and group, since a symlink has no mode of its own.
     */
    private Plan linkAttributes(String state) {
      FileState target = followed();
      boolean through = !target.path().equals(path());
      var delta = (through ? attributes : new Attributes(null, attributes.owner(), attributes.group())).against(target);
      var data = data(state);
      data.put("src", current.linkTarget());
      data.put("dest", path());
      if (delta.isEmpty()) {
        return Plan.unchanged(path() + " already links to " + current.linkTarget(), data);
      }
      return new Plan.Change("attributes of " + path() + " changed", List.of(delta.action(false, false)), List.of(delta.diff()), data, true);
    }

    private Plan attributesOf(FileState target, String state) {
      var delta = attributes.against(target);
      var data = data(state);
      delta.resulting().forEach(pair -> putIfKnown(data, pair[0], pair[1]));
      var actions = new ArrayList<Action>();
      var diffs = new ArrayList<FileDiff>();
      if (!delta.isEmpty()) {
        actions.add(delta.action(false, !target.path().equals(path())));
        diffs.add(delta.diff());
      }
      var failure = withExtras(extras, host, target.path(), false, actions, diffs);
      if (failure != null) {
        return failure;
      }
      if (actions.isEmpty()) {
        return Plan.unchanged(path() + " is a " + target.type().ansibleName() + " with the wanted attributes", data);
      }
      return new Plan.Change("attributes of " + path() + " changed", actions, diffs, data, true);
    }

    /** Adds what sets the times and flags of {@code at}; the failed plan when the host cannot tell, else null. */
    private static Plan withExtras(TimesAndFlags wanted, HostView host, String at, boolean fresh, List<Action> actions, List<FileDiff> diffs) {
      if (!wanted.asked()) {
        return null;
      }
      var step = wanted.plan(host, at, fresh);
      if (step.failure() != null) {
        return Plan.failed(step.failure());
      }
      actions.addAll(step.actions());
      diffs.addAll(step.diffs());
      return null;
    }

    /** The path itself, or what its links lead to when follow is on and that exists. */
    private FileState followed() {
      if (!current.isLink() || !args.bool("follow")) {
        return current;
      }
      FileState target = Links.through(host, current);
      return target.exists() ? target : current;
    }

    private LinkedHashMap<String, Object> data(String state) {
      var data = new LinkedHashMap<String, Object>();
      data.put("path", path());
      data.put("state", state);
      return data;
    }

    private FileDiff stateDiff(String before, String after) {
      return new FileDiff(path() + " (state)", before, after);
    }


    private static void putIfKnown(Map<String, Object> data, String key, String value) {
      if (value != null) {
        data.put(key, value);
      }
    }
  }
}
