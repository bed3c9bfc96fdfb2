package runbook.modules.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.RawText;
import runbook.spi.PyRegex;

/** Ansible's lineinfile, following its algorithm line for line (see the tests for the checked cases). */
public final class LineInFileModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "lineinfile",
      FileWrite.specs(
          ArgSpec.str("path").required().alias("dest", "destfile", "name"),
          ArgSpec.str("line").alias("value"),
          ArgSpec.str("regexp").alias("regex"),
          ArgSpec.str("search_string"),
          ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
          ArgSpec.str("insertafter"),
          ArgSpec.str("insertbefore"),
          ArgSpec.bool("backrefs").defaultsTo(false),
          ArgSpec.bool("create").defaultsTo(false),
          ArgSpec.bool("firstmatch").defaultsTo(false))).inCollection("ansible.builtin")
      .describedAs("Ensures one line is in a file (or absent), matched by a regexp, keeping every other byte.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String problem = problem(args);
    if (problem != null) {
      return Plan.failed(problem);
    }
    String path = args.str("path");
    FileState current = Links.read(call.host(), path);
    if (current.isDirectory()) {
      return Plan.failed("Path " + path + " is a directory !");
    }
    var write = FileWrite.of(current, null, args);
    if (args.str("state").equals("absent")) {
      return current.exists() ? absent(args, write) : Plan.unchanged("file not present", Map.of("msg", "file not present"));
    }
    if (!current.exists()) {
      if (!args.bool("create")) {
        return Plan.failed("Destination " + path + " does not exist !");
      }
      write = write.creatingMissingParent(call.host());
    }
    return present(args, write);
  }

  private static String problem(Args args) {
    boolean present = args.str("state").equals("present");
    if (args.has("regexp") && args.has("search_string")) {
      return "parameters are mutually exclusive: regexp|search_string";
    }
    if (args.has("insertafter") && args.has("insertbefore")) {
      return "parameters are mutually exclusive: insertafter|insertbefore";
    }
    if (present && !args.has("line")) {
      return "line is required with state=present";
    }
    if (present && args.bool("backrefs") && !args.has("regexp")) {
      return "regexp is required with backrefs=true";
    }
    if (!present && !args.has("regexp") && !args.has("search_string") && !args.has("line")) {
      return "one of line, search_string, or regexp is required with state=absent";
    }
    var regexp = PyRegex.problem("regexp", args.str("regexp"));
    if (regexp.isPresent()) {
      return regexp.get();
    }
    return Stream.of("insertafter", "insertbefore")
        .filter(name -> !List.of("BOF", "EOF").contains(String.valueOf(args.str(name))))
        .flatMap(name -> PyRegex.problem(name, args.str(name)).stream())
        .findFirst()
        .orElse(null);
  }

  private static Plan present(Args args, FileWrite write) {
    String regexp = args.str("regexp");
    String search = args.str("search_string");
    String line = args.str("line");
    String after = args.str("insertafter");
    String before = args.str("insertbefore");
    boolean firstmatch = args.bool("firstmatch");
    var lines = new ArrayList<>(Text.lines(RawText.decode(write.current().content())));
    PyRegex re = regexp == null ? null : PyRegex.compile(regexp, 0);
    PyRegex insert = after != null && !after.equals("BOF") && !after.equals("EOF")
        ? PyRegex.compile(after, 0)
        : before != null && !before.equals("BOF") ? PyRegex.compile(before, 0) : null;

    int found = -1;
    int insertAt = -1;
    Matcher match = null;
    boolean searchMatched = false;
    boolean exactLine = false;
    if (re != null) {
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = re.matcher(lines.get(i));
        if (m.find()) {
          found = i;
          match = m;
          if (firstmatch) {
            break;
          }
        }
      }
    }
    if (search != null) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(search)) {
          found = i;
          searchMatched = true;
          if (firstmatch) {
            break;
          }
        }
      }
    }
    if (match == null && !searchMatched) {
      for (int i = 0; i < lines.size(); i++) {
        if (line.equals(stripEnd(lines.get(i)))) {
          found = i;
          exactLine = true;
        } else if (insert != null && insert.search(lines.get(i))) {
          insertAt = after != null ? i + 1 : i;
          if (firstmatch) {
            break;
          }
        }
      }
    }

    String msg = "";
    if (found != -1) {
      String newLine;
      try {
        newLine = args.bool("backrefs") && match != null ? re.expand(match, line) : line;
      } catch (IllegalArgumentException e) {
        return Plan.failed("The line '" + line + "' refers to a group the regexp does not have: " + e.getMessage() + ".");
      }
      if (!newLine.endsWith("\n")) {
        newLine += "\n";
      }
      if (!lines.get(found).equals(newLine)) {
        lines.set(found, newLine);
        msg = "line replaced";
      }
      // Ansible's branch for "no regexp and no exact match" cannot be reached once a line was found.
    } else if (args.bool("backrefs")) {
      // Without a match there is nothing to fill the backreferences with: Ansible leaves the file alone.
      msg = "";
    } else if ("BOF".equals(before) || "BOF".equals(after)) {
      lines.add(0, line + "\n");
      msg = "line added";
    } else if ("EOF".equals(after) || insertAt == -1) {
      if (!lines.isEmpty() && !lines.get(lines.size() - 1).endsWith("\n")) {
        lines.add("\n");
      }
      lines.add(line + "\n");
      msg = "line added";
    } else if (after != null) {
      if (lines.size() == insertAt) {
        if (!stripEnd(lines.get(insertAt - 1)).equals(line)) {
          lines.add(line + "\n");
          msg = "line added";
        }
      } else if (!line.equals(stripEnd(lines.get(insertAt)))) {
        lines.add(insertAt, line + "\n");
        msg = "line added";
      }
    } else {
      lines.add(insertAt, line + "\n");
      msg = "line added";
    }
    return finish(write, lines, msg, Map.of());
  }

  private static Plan absent(Args args, FileWrite write) {
    String regexp = args.str("regexp");
    String search = args.str("search_string");
    String line = args.str("line");
    PyRegex re = regexp == null ? null : PyRegex.compile(regexp, 0);
    var kept = new ArrayList<String>();
    int removed = 0;
    for (String current : Text.lines(RawText.decode(write.current().content()))) {
      boolean matches = re != null ? re.search(current) : search != null ? current.contains(search) : line.equals(stripEnd(current));
      if (matches) {
        removed++;
      } else {
        kept.add(current);
      }
    }
    return finish(write, kept, removed > 0 ? removed + " line(s) removed" : "", Map.of("found", removed));
  }

  private static Plan finish(FileWrite write, List<String> lines, String msg, Map<String, Object> extra) {
    String path = write.current().path();
    if (!write.current().exists() && msg.isEmpty()) {
      return Plan.unchanged("nothing to write, so " + path + " is not created", Map.of("msg", msg));
    }
    byte[] content = RawText.encode(String.join("", lines));
    var data = new LinkedHashMap<String, Object>(extra);
    data.put("msg", msg);
    var plan = write.withContent(content).plan(msg.isEmpty() ? "file " + path + " changed" : msg, "line already as wanted in " + path, data);
    if (plan instanceof Plan.Change change && msg.isEmpty()) {
      // Only the attributes changed; Ansible reports it in its own words.
      return change.withData(Map.of("msg", "ownership, perms or SE linux context changed"));
    }
    return plan;
  }

  /** A line without its end, as Python's rstrip(b'\r\n') gives it. */
  private static String stripEnd(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    return line.substring(0, end);
  }
}
