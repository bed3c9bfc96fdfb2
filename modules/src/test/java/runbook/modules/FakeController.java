package runbook.modules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.spi.Controller;
import runbook.spi.ModuleFailure;
import runbook.spi.RawText;

/**
 * A controller with files and links in maps (content as {@link RawText}, as in {@link FakeHost}), a
 * file that is "vaulted" read as its plain text unless decrypt is off, and variables in a map. Rendering replaces {{ name }}; an expression is a variable name; a condition
 * is "name" (truthy), "not name" or "name == 'value'".
 */
public final class FakeController implements Controller {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
  private final Map<String, byte[]> files = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private final Map<String, byte[]> vaulted = new HashMap<>();
  private final Set<String> dirs = new HashSet<>();
  private final Map<String, Object> vars = new HashMap<>();

  public static FakeController empty() {
    return new FakeController();
  }

  public FakeController file(String subdirAndPath, String content) {
    files.put(subdirAndPath, RawText.encode(content));
    return this;
  }

  /** A file held ansible-vault encrypted: {@code envelope} as it is, {@code plain} decrypted. */
  public FakeController vaulted(String subdirAndPath, String envelope, String plain) {
    vaulted.put(subdirAndPath, RawText.encode(plain));
    return file(subdirAndPath, envelope);
  }

  /** A symbolic link to a file beside it, by its name there: followed, it reads as that file. */
  public FakeController link(String subdirAndPath, String target) {
    links.put(subdirAndPath, target);
    return this;
  }

  /** An (empty) directory; those that hold files need not be named. */
  public FakeController dir(String subdirAndPath) {
    dirs.add(subdirAndPath);
    return this;
  }

  public FakeController var(String name, Object value) {
    vars.put(name, value);
    return this;
  }

  @Override
  public byte[] readFile(String subdir, String path, boolean decrypt) {
    String name = subdir + "/" + path;
    byte[] content = files.get(name);
    if (content == null) {
      throw new ModuleFailure("Could not find or access '" + path + "' in " + subdir + "/");
    }
    return decrypt && vaulted.containsKey(name) ? vaulted.get(name) : content;
  }

  @Override
  public Optional<List<SourceEntry>> readTree(String subdir, String path, boolean followLinks, boolean decrypt) {
    String top = subdir + "/" + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    String prefix = top + "/";
    var below = new TreeMap<String, byte[]>();
    dirs.stream().filter(d -> d.startsWith(prefix)).forEach(d -> below.put(d.substring(prefix.length()), null));
    var linked = new TreeMap<String, String>();
    links.forEach((name, target) -> {
      if (name.startsWith(prefix)) {
        linked.put(name.substring(prefix.length()), target);
      }
    });
    files.forEach((name, content) -> {
      if (name.startsWith(prefix)) {
        String rel = name.substring(prefix.length());
        below.put(rel, decrypt && vaulted.containsKey(name) ? vaulted.get(name) : content);
        for (int slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
          below.putIfAbsent(rel.substring(0, slash), null);
        }
      }
    });
    if (below.isEmpty() && !dirs.contains(top)) {
      return Optional.empty();
    }
    var entries = new TreeMap<String, SourceEntry>();
    below.forEach((rel, content) -> entries.put(rel, new SourceEntry(rel, content)));
    linked.forEach((rel, target) -> {
      String beside = top + "/" + (rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/') + 1) : "") + target;
      entries.put(rel, followLinks && files.containsKey(beside) ? new SourceEntry(rel, files.get(beside)) : new SourceEntry(rel, null, target));
    });
    return Optional.of(List.copyOf(entries.values()));
  }

  @Override
  public String render(String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    var out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(evaluate(m.group(1)))));
    }
    return m.appendTail(out).toString();
  }

  @Override
  public Object evaluate(String expression) {
    if (!vars.containsKey(expression)) {
      throw new ModuleFailure("'" + expression + "' is undefined");
    }
    return vars.get(expression);
  }

  @Override
  public boolean test(String condition) {
    if (condition.startsWith("not ")) {
      return !test(condition.substring(4));
    }
    String[] sides = condition.split("\\s*==\\s*");
    if (sides.length == 2) {
      return String.valueOf(evaluate(sides[0])).equals(sides[1].replace("'", ""));
    }
    return Boolean.TRUE.equals(evaluate(condition));
  }
}
