package runbook.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.load.Words.Word;
import runbook.model.SourceLocation;

/**
 * Ansible's INI inventory format, read as ansible-inventory reads it: {@code [group]} sections of
 * host lines ({@code web[01:20].example.org:2222 k=v ...}, hosts before any section are ungrouped),
 * {@code [group:vars]} of {@code k=v} lines, {@code [group:children]} of group names; values are
 * Python literals ({@code 80} a number, {@code True} a boolean, {@code "a b"} a string), else text.
 * As in Ansible, a group named in {@code :children} or {@code :vars} must be a section of the same
 * file, above or below.
 */
final class IniInventory {
  private static final Pattern SECTION = Pattern.compile("\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:[#;].*)?");
  private static final Pattern GROUP_NAME = Pattern.compile("([^:\\]\\s]+)\\s*(?:[#;].*)?");
  private static final Pattern PORT = Pattern.compile("(.*[^:]):(\\d+)");

  /** A group named before (or without) its own section. */
  private record Pending(String group, String section, SourceLocation at) {}

  private final Path path;
  private final InventoryLoader into;
  private final Problems problems;
  private final Set<String> defined = new HashSet<>(Set.of("all", "ungrouped"));
  private final List<Pending> pending = new ArrayList<>();
  private String group = "ungrouped";
  private String kind = "hosts";

  private IniInventory(Path path, InventoryLoader into, Problems problems) {
    this.path = path;
    this.into = into;
    this.problems = problems;
  }

  static void parse(Path path, String text, InventoryLoader into, Problems problems) {
    IniInventory ini = new IniInventory(path, into, problems);
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      ini.line(i + 1, lines.get(i));
    }
    for (Pending p : ini.pending) {
      if (!ini.defined.contains(p.group())) {
        problems.add(p.at(), p.section().endsWith(":vars]")
            ? p.section() + " is for group '" + p.group() + "', which has no section in this file"
            : "group '" + p.group() + "' of " + p.section() + " has no section in this file");
      }
    }
  }

  private void line(int number, String raw) {
    String line = raw.strip();
    if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
      return;
    }
    int indent = raw.indexOf(line.charAt(0));
    SourceLocation at = new SourceLocation(path, number, indent + 1);
    if (line.startsWith("[")) {
      section(line, at);
      return;
    }
    switch (kind) {
      case "vars" -> variable(line, at);
      case "children" -> child(line, at);
      default -> host(line, number, indent);
    }
  }

  private void section(String line, SourceLocation at) {
    Matcher m = SECTION.matcher(line);
    if (!m.matches()) {
      problems.add(at, "invalid section " + line + ": a group name without spaces, then optionally :vars or :children");
      kind = "invalid"; // its lines would only add problems of their own
      return;
    }
    String type = m.group(2) == null ? "hosts" : m.group(2);
    if (!Set.of("hosts", "vars", "children").contains(type)) {
      problems.add(at, "section " + line + " has unknown type '" + type + "' (expected [" + m.group(1) + "], ["
          + m.group(1) + ":vars] or [" + m.group(1) + ":children])");
      kind = "invalid";
      return;
    }
    group = m.group(1);
    kind = type;
    if (type.equals("vars")) {
      if (!defined.contains(group)) {
        pending.add(new Pending(group, "[" + group + ":vars]", at));
      }
    } else {
      defined.add(group);
      into.defineGroup(group);
    }
  }

  private void variable(String line, SourceLocation at) {
    int equals = line.indexOf('=');
    if (equals < 0) {
      problems.add(at, "expected key=value in [" + group + ":vars], not '" + line + "'");
      return;
    }
    String key = line.substring(0, equals).strip();
    into.groupVar(group, key, PythonLiteral.value(line.substring(equals + 1).strip()), at);
  }

  private void child(String line, SourceLocation at) {
    Matcher m = GROUP_NAME.matcher(line);
    if (!m.matches()) {
      problems.add(at, "expected a group name in [" + group + ":children], not '" + line + "'");
      return;
    }
    String child = m.group(1);
    if (!defined.contains(child)) {
      pending.add(new Pending(child, "[" + group + ":children]", at));
    }
    into.link(group, child, at);
  }

  /** {@code HOST[:PORT] [k=v ...]}; a {@code #} that starts a word starts a comment. */
  private void host(String line, int number, int indent) {
    if (kind.equals("invalid")) {
      return;
    }
    Optional<List<Word>> split = Words.split(uncommented(line));
    if (split.isEmpty()) {
      problems.add(new SourceLocation(path, number, indent + 1), "unclosed quote on this host line");
      return;
    }
    List<Word> words = split.get();
    Word first = words.get(0);
    Map<String, Object> vars = new LinkedHashMap<>();
    String pattern = first.text();
    Matcher port = PORT.matcher(pattern);
    // a host:port, not an IPv6 address ([::1]:22 aside, an address without brackets takes no port)
    if (port.matches() && !outsideBrackets(port.group(1)).contains(":") && !outsideBrackets(port.group(1)).contains("[")) {
      pattern = port.group(1).startsWith("[") && port.group(1).endsWith("]") && port.group(1).contains(":")
          ? port.group(1).substring(1, port.group(1).length() - 1) : port.group(1);
      vars.put("ansible_port", Integer.valueOf(port.group(2)));
    }
    for (Word w : words.subList(1, words.size())) {
      SourceLocation at = new SourceLocation(path, number, indent + w.start() + 1);
      if (w.key() == null) {
        problems.add(at, "expected key=value host variables after the host, not '" + w.text() + "'");
      } else {
        vars.put(w.key(), PythonLiteral.value(w.value()));
      }
    }
    into.addHosts(group, pattern, vars, new SourceLocation(path, number, indent + first.start() + 1));
  }

  private static String uncommented(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** The text with every [...] removed: the colons of ranges are not a port's. */
  private static String outsideBrackets(String text) {
    return text.replaceAll("\\[[^\\]]*\\]", "");
  }
}
