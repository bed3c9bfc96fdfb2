package runbook.modules.files;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.RawText;
import runbook.spi.PyRegex;

/** Ansible's replace: every match of a (Python, multiline) regexp, optionally only between after and before. */
public final class ReplaceModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "replace",
      FileWrite.specs(
          ArgSpec.str("path").required().alias("dest", "destfile", "name"),
          ArgSpec.str("regexp").required(),
          ArgSpec.str("replace").defaultsTo(""),
          ArgSpec.str("after"),
          ArgSpec.str("before"))).inCollection("ansible.builtin")
      .describedAs("Replaces every match of a regexp in a file, keeping every other byte.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String after = args.str("after");
    String before = args.str("before");
    String section = after != null && before != null
        ? after + "(?P<subsection>.*?)" + before
        : after != null ? after + "(?P<subsection>.*)" : before != null ? "(?P<subsection>.*)" + before : null;
    var problem = PyRegex.problem("regexp", args.str("regexp")).or(() -> PyRegex.problem("after/before", section));
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    String path = args.str("path");
    FileState current = Links.read(call.host(), path);
    if (current.isDirectory()) {
      return Plan.failed("Path " + path + " is a directory !");
    }
    if (!current.exists()) {
      // In a check run it may be a file that an earlier simulated package install brings
      // (/etc/default/varnish): what the pattern finds in it, only that install can tell.
      var install = call.checkMode() ? call.host().pending("package:").stream().findFirst() : java.util.Optional.<String>empty();
      return install.isPresent()
          ? Plan.unpredictable("edit " + path + ", which " + install.get() + " brings", List.of())
          : Plan.failed("Path " + path + " does not exist !");
    }
    String contents = RawText.decode(current.content());
    int start = 0;
    int end = contents.length();
    if (section != null) {
      PyRegex sectionRe = PyRegex.compile(section, Pattern.DOTALL);
      var match = sectionRe.matcher(contents);
      if (!match.find()) {
        String msg = "Pattern for before/after params did not match the given file: " + section;
        return Plan.unchanged(msg, Map.of("msg", msg));
      }
      String group = sectionRe.names().get("subsection");
      start = match.start(group);
      end = match.end(group);
    }
    PyRegex re = PyRegex.compile(args.str("regexp"), Pattern.MULTILINE);
    var matcher = re.matcher(contents).region(start, end);
    var replaced = new StringBuilder(contents.substring(0, start));
    int count = 0;
    int last = start;
    try {
      while (matcher.find()) {
        replaced.append(contents, last, matcher.start()).append(re.expand(matcher, args.str("replace")));
        last = matcher.end();
        count++;
      }
    } catch (IllegalArgumentException e) {
      return Plan.failed("The replacement '" + args.str("replace") + "' refers to a group the regexp does not have: " + e.getMessage() + ".");
    }
    replaced.append(contents, last, contents.length());
    var write = FileWrite.of(current, RawText.encode(replaced.toString()), args);
    String msg = write.sameContent() ? "" : count + " replacements made";
    return write.plan(msg, "no replacements needed in " + path, Map.of("msg", msg));
  }
}
