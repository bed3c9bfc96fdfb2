package runbook.modules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gathering script's output cut into its sections (see {@link Collector}): each a name line, a
 * body and a NUL; the {@code env} section's body is NUL-terminated entries to the end.
 *
 * @param sections each section's body by name
 * @param env the environment's {@code NAME=value} entries
 */
record Output(Map<String, String> sections, List<String> env) {
  static Output parse(String out) {
    Map<String, String> sections = new LinkedHashMap<>();
    List<String> env = new ArrayList<>();
    int at = 0;
    while (at < out.length()) {
      int eol = out.indexOf('\n', at);
      if (eol < 0) {
        break;
      }
      String name = out.substring(at, eol);
      if (name.equals("env")) {
        for (String entry : out.substring(eol + 1).split("\0")) {
          if (!entry.isEmpty()) {
            env.add(entry);
          }
        }
        break;
      }
      int end = out.indexOf('\0', eol + 1);
      end = end < 0 ? out.length() : end;
      sections.put(name, out.substring(eol + 1, end));
      at = end + 1;
    }
    return new Output(sections, env);
  }

  /** A section's lines; none when the section is absent or empty. */
  List<String> lines(String section) {
    String body = sections.getOrDefault(section, "");
    return body.isEmpty() ? List.of() : List.of(body.split("\n"));
  }

  /** A section of {@code key=value} lines (a value may hold '='); the first of a repeated key wins. */
  Map<String, String> pairs(String section) {
    return pairs(lines(section), '=');
  }

  static Map<String, String> pairs(List<String> lines, char separator) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String line : lines) {
      int sep = line.indexOf(separator);
      if (sep > 0) {
        pairs.putIfAbsent(line.substring(0, sep).strip(), line.substring(sep + 1));
      }
    }
    return pairs;
  }

  /** The environment as Ansible's env fact: name to value. */
  Map<String, Object> environment() {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String entry : env) {
      int sep = entry.indexOf('=');
      if (sep > 0) {
        vars.put(entry.substring(0, sep), entry.substring(sep + 1));
      }
    }
    return vars;
  }
}
