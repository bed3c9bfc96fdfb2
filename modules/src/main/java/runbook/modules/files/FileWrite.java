package runbook.modules.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Plan;
import runbook.spi.ShellWords;

/**
 * "This path should hold this content with these attributes": the one planner behind copy,
 * template, lineinfile, blockinfile and replace.
 *
 * @param current the path as read (lstat and content); absent when it does not exist yet
 * @param validate Ansible's validate as written ("apache2ctl -t -f %s"), or null
 * @param configtest the command that tests the whole configuration once the file is in place
 *     ("apache2ctl configtest"), the previous file put back when it fails; or null
 * @param makeParent a missing parent directory to create first, or null
 */
record FileWrite(
    FileState current, byte[] content, Attributes attributes, boolean backup, String validate, String configtest, String makeParent) {
  /** The arguments of every module that writes through here: its own, then backup, validate, configtest, mode, owner and group. */
  static List<ArgSpec> specs(ArgSpec... own) {
    var shared = Stream.of(ArgSpec.bool("backup").defaultsTo(false), ArgSpec.str("validate").containing("%s"), ArgSpec.str("configtest"));
    return Attributes.specs(Stream.concat(Stream.of(own), shared).toArray(ArgSpec[]::new));
  }

  static FileWrite of(FileState current, byte[] content, Args args) {
    return new FileWrite(current, content, Attributes.from(args), args.bool("backup"), args.str("validate"), args.str("configtest"), null);
  }

  FileWrite withContent(byte[] newContent) {
    return new FileWrite(current, newContent, attributes, backup, validate, configtest, makeParent);
  }

  /** True when the path exists and already holds the content. */
  boolean sameContent() {
    return current.exists() && Arrays.equals(current.content(), content);
  }

  /** The same write, making the parent directory first when it is missing (lineinfile/blockinfile create=true). */
  FileWrite creatingMissingParent(HostView host) {
    String parent = Text.dirname(current.path());
    return parent.isEmpty() || host.stat(parent).exists()
        ? this
        : new FileWrite(current, content, attributes, backup, validate, configtest, parent);
  }

  /**
   * @param changed what the content change is, in the module's words ("line added")
   * @param unchanged why nothing changes
   * @param data the module's return values; mode, owner and group are added
   */
  Plan plan(String changed, String unchanged, Map<String, Object> data) {
    String path = current.path();
    if (current.exists() && current.content() == null) {
      return Plan.failed(path + " is a " + current.type().ansibleName() + ", not a regular file.");
    }
    var problem = attributes.problem();
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    Optional<List<String>> validateWords = words(validate);
    Optional<List<String>> configtestWords = words(configtest);
    if (validateWords.isEmpty() || configtestWords.isEmpty()) {
      return Plan.failed("The " + (validateWords.isEmpty() ? "validate" : "configtest") + " command of " + path + " leaves a quote open.");
    }
    var result = new LinkedHashMap<>(data);
    if (sameContent()) {
      var delta = attributes.against(current);
      delta.resulting().forEach(pair -> putIfKnown(result, pair[0], pair[1]));
      if (delta.isEmpty()) {
        return Plan.unchanged(unchanged, result);
      }
      return new Plan.Change(
          "attributes of " + path + " changed", List.of(delta.action(false, false)), List.of(delta.diff()), result, true);
    }
    var actions = new ArrayList<Action>();
    var diffs = new ArrayList<FileDiff>();
    if (makeParent != null) {
      actions.add(new Action.MakeDirectory(makeParent, null, null, null));
    }
    String mode;
    if (current.exists()) {
      var delta = attributes.against(current);
      mode = delta.mode();
      delta.resulting().forEach(pair -> putIfKnown(result, pair[0], pair[1]));
      if (!delta.isEmpty()) {
        diffs.add(delta.diff());
      }
    } else {
      mode = attributes.modeForNew(false);
      putIfKnown(result, "mode", mode);
      putIfKnown(result, "owner", attributes.owner());
      putIfKnown(result, "group", attributes.group());
    }
    actions.add(new Action.WriteFile(path, content, mode, attributes.owner(), attributes.group(), backup && current.exists(),
        validateWords.get().isEmpty() ? null : validateWords.get(), configtestWords.get().isEmpty() ? null : configtestWords.get()));
    byte[] before = current.exists() ? current.content() : new byte[0];
    if (Text.isText(before) && Text.isText(content)) {
      diffs.add(0, FileDiff.of(path, before, content));
    }
    return new Plan.Change(changed, actions, diffs, result, true);
  }

  /** A command as its words, split as Ansible splits validate; empty words for none, empty when a quote is left open. */
  private static Optional<List<String>> words(String command) {
    return command == null ? Optional.of(List.of()) : ShellWords.split(command);
  }

  private static void putIfKnown(Map<String, Object> data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }
}
