package runbook.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ansible's lookup plugins, as the Jinja functions {@code lookup} (one value: a list of one is its
 * item, a longer one is joined with commas, unless {@code wantlist=True}) and {@code query}/{@code q}
 * (always a list), and for the {@code with_<lookup>} loops. Files are found on the controller as
 * Ansible finds them: in the role's {@code files/} (or {@code templates/} for template), the role,
 * then the runbook's {@code files/} and directory. {@code errors='ignore'} (or {@code 'warn'}) gives
 * None (or an empty list) instead of failing.
 */
final class Lookups {
  static final Set<String> NAMES = Set.of("file", "template", "env", "pipe", "vars", "varnames", "first_found", "fileglob", "items",
      "list", "dict", "sequence", "subelements", "together", "nested", "indexed_items", "password", "ini", "csvfile", "lines");
  private static final String PASSWORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,:-_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Lookups() {}

  static void register(Context context) {
    for (String name : List.of("lookup", "query", "q")) {
      context.registerFunction(new ELFunctionDefinition("", name, Lookups.class, name.equals("lookup") ? "lookup" : "query", String.class,
          Object[].class));
    }
  }

  public static Object lookup(String name, Object... args) {
    Args a = Args.of(args, Map.of());
    Optional<List<Object>> found = ran(name, a);
    if (found.isEmpty()) {
      return null;
    }
    List<Object> values = found.get();
    if (Python.truthy(a.named().getOrDefault("wantlist", false))) {
      return values;
    }
    // Python's ",".join refuses anything but strings, and Ansible then keeps the list
    boolean strings = values.stream().allMatch(v -> v instanceof String);
    return values.size() == 1 ? values.get(0) : strings ? String.join(",", values.stream().map(String.class::cast).toList()) : values;
  }

  public static Object query(String name, Object... args) {
    return ran(name, Args.of(args, Map.of())).orElse(List.of());
  }

  /** The lookup's values, or empty when it failed and errors= says to go on. */
  private static Optional<List<Object>> ran(String name, Args a) {
    Scope scope = Scope.current().orElseThrow(() -> new IllegalStateException("a lookup outside a render call"));
    String errors = Python.str(a.named().getOrDefault("errors", "strict"));
    try {
      Map<String, Object> options = new LinkedHashMap<>(a.named());
      options.remove("wantlist");
      options.remove("errors");
      return Optional.of(run(name, a.positional(), options, scope));
    } catch (TemplateError e) {
      if (errors.equals("ignore") || errors.equals("warn")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Runs lookup {@code name} on its terms, with its options; for with_NAME too. */
  static List<Object> run(String name, List<Object> terms, Map<String, Object> options, Scope scope) {
    return switch (name) {
      case "items" -> flattened(terms);
      case "list" -> new ArrayList<>(terms);
      case "env" -> strings(terms).stream().map(v -> (Object) Optional.ofNullable(System.getenv(v)).orElse(
          Python.str(options.getOrDefault("default", "")))).toList();
      case "vars" -> strings(terms).stream().map(v -> variable(scope, v, options)).toList();
      case "varnames" -> varnames(terms, scope);
      case "file" -> strings(terms).stream().map(t -> (Object) fileText(scope.find("files", t), options)).toList();
      case "lines" -> strings(terms).stream().flatMap(c -> pipe(c).lines()).map(Object.class::cast).toList();
      case "template" -> strings(terms).stream().map(t -> (Object) scope.renderText(read(scope.find("templates", t)))).toList();
      case "pipe" -> strings(terms).stream().map(c -> (Object) pipe(c).stripTrailing()).toList();
      case "fileglob" -> fileglob(terms, scope);
      case "first_found" -> firstFound(terms, options, scope);
      case "dict" -> dict(terms);
      case "indexed_items" -> indexed(terms);
      case "together" -> together(terms);
      case "nested" -> nested(terms);
      case "subelements" -> subelements(terms, options);
      case "sequence" -> strings(terms).stream().flatMap(t -> sequence(t).stream()).toList();
      case "password" -> strings(terms).stream().map(t -> (Object) password(t, scope)).toList();
      case "ini" -> strings(terms).stream().map(t -> ini(t, scope)).toList();
      case "csvfile" -> strings(terms).stream().map(t -> csv(t, scope)).toList();
      default -> throw new TemplateError("lookup plugin '" + name + "' not found (runbook has: " + String.join(", ", NAMES.stream().sorted().toList()) + ")");
    };
  }

  private static List<String> strings(List<Object> terms) {
    return flattened(terms).stream().map(Python::str).toList();
  }

  private static List<Object> flattened(List<Object> terms) {
    List<Object> flat = new ArrayList<>();
    for (Object term : terms) {
      if (term instanceof List<?> list) {
        flat.addAll(list);
      } else {
        flat.add(term);
      }
    }
    return flat;
  }

  private static Object variable(Scope scope, String name, Map<String, Object> options) {
    Object value = scope.variable(name);
    if (value instanceof Undefined) {
      if (options.containsKey("default")) {
        return options.get("default");
      }
      throw new TemplateError("No variable found with this name: " + name);
    }
    return value;
  }

  private static List<Object> varnames(List<Object> terms, Scope scope) {
    Set<String> found = new LinkedHashSet<>();
    for (String term : strings(terms)) {
      Pattern pattern = Pattern.compile(term);
      scope.names().stream().filter(n -> pattern.matcher(n).lookingAt()).forEach(found::add);
    }
    return new ArrayList<>(found);
  }

  /** Ansible's file lookup strips the end of the content (rstrip=True), and the start only when asked. */
  private static String fileText(Path path, Map<String, Object> options) {
    String text = read(path);
    if (Python.truthy(options.getOrDefault("rstrip", true))) {
      text = text.stripTrailing();
    }
    return Python.truthy(options.getOrDefault("lstrip", false)) ? text.stripLeading() : text;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new TemplateError("could not read " + path + ": " + e.getMessage());
    }
  }

  /** A command on the controller, through sh as Ansible's pipe runs it; a non-zero status fails. */
  private static String pipe(String command) {
    try {
      Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      process.getErrorStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new TemplateError("lookup_plugin.pipe(" + command + ") returned " + process.exitValue());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TemplateError("lookup_plugin.pipe(" + command + ") could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TemplateError("lookup_plugin.pipe(" + command + ") was interrupted");
    }
  }

  private static List<Object> fileglob(List<Object> terms, Scope scope) {
    List<Object> found = new ArrayList<>();
    for (String term : strings(terms)) {
      Path pattern = Path.of(term);
      for (Path dir : pattern.isAbsolute() ? List.of(Path.of("/")) : scope.searchDirs("files")) {
        List<Object> here = glob(dir.resolve(term).normalize());
        if (!here.isEmpty()) {
          found.addAll(here);
          break;
        }
      }
    }
    return found;
  }

  /** The regular files that a pattern (wildcards in its last part) matches, sorted. */
  static List<Object> glob(Path pattern) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    Path parent = pattern.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(parent)) {
      return files.filter(p -> Files.isRegularFile(p) && matcher.matches(p)).sorted().map(p -> (Object) p.toString()).toList();
    } catch (IOException e) {
      throw new TemplateError("could not list " + parent + ": " + e.getMessage());
    }
  }

  /** The first file found of the names given (strings, or {files, paths, skip} mappings); with skip, none is no error. */
  private static List<Object> firstFound(List<Object> terms, Map<String, Object> options, Scope scope) {
    List<String> files = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    boolean skip = Python.truthy(options.getOrDefault("skip", false));
    for (Object term : flattened(terms)) {
      if (term instanceof Map<?, ?> spec) {
        files.addAll(splitList(spec.get("files")));
        paths.addAll(splitList(spec.get("paths")));
        skip |= Python.truthy(spec.get("skip") == null ? false : spec.get("skip"));
      } else {
        files.add(Python.str(term));
      }
    }
    files.addAll(splitList(options.get("files")));
    paths.addAll(splitList(options.get("paths")));
    for (String file : files) {
      List<Path> candidates = new ArrayList<>();
      if (paths.isEmpty()) {
        candidates.addAll(Path.of(file).isAbsolute() ? List.of(Path.of(file)) : scope.searchDirs("files").stream().map(d -> d.resolve(file)).toList());
      } else {
        for (String path : paths) {
          Path base = Path.of(path).isAbsolute() ? Path.of(path) : scope.searchDirs("files").get(0).resolve(path);
          candidates.add(base.resolve(file));
        }
      }
      Optional<Path> hit = candidates.stream().map(Path::normalize).filter(Files::isRegularFile).findFirst();
      if (hit.isPresent()) {
        return List.of(hit.get().toString());
      }
    }
    if (skip) {
      return List.of();
    }
    throw new TemplateError("No file was found when using first_found (looked for: " + String.join(", ", files) + ")");
  }

  private static List<String> splitList(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Python::str).toList();
    }
    return List.of(Python.str(value).split("[,;:]"));
  }

  private static List<Object> dict(List<Object> terms) {
    List<Object> items = new ArrayList<>();
    for (Object term : terms) {
      if (!(term instanceof Map<?, ?> map)) {
        throw new TemplateError("with_dict expects a dict, not " + Python.str(term));
      }
      map.forEach((k, v) -> {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("key", k);
        item.put("value", v);
        items.add(item);
      });
    }
    return items;
  }

  private static List<Object> indexed(List<Object> terms) {
    List<Object> flat = flattened(terms);
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < flat.size(); i++) {
      items.add(List.of(i, flat.get(i)));
    }
    return items;
  }

  private static List<List<?>> lists(List<Object> terms, String lookup) {
    List<List<?>> lists = new ArrayList<>();
    for (Object term : terms) {
      lists.add(term instanceof List<?> list ? list : List.of(term));
    }
    if (lists.isEmpty()) {
      throw new TemplateError("with_" + lookup + " requires at least one element in each of its lists");
    }
    return lists;
  }

  /** Python's zip_longest: None where a list is shorter. */
  private static List<Object> together(List<Object> terms) {
    List<List<?>> lists = lists(terms, "together");
    int most = lists.stream().mapToInt(List::size).max().orElse(0);
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < most; i++) {
      List<Object> row = new ArrayList<>();
      for (List<?> list : lists) {
        row.add(i < list.size() ? list.get(i) : null);
      }
      items.add(row);
    }
    return items;
  }

  private static List<Object> nested(List<Object> terms) {
    List<List<Object>> rows = List.of(List.of());
    for (List<?> list : lists(terms, "nested")) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> row : rows) {
        for (Object item : list) {
          List<Object> longer = new ArrayList<>(row);
          longer.add(item);
          next.add(longer);
        }
      }
      rows = next;
    }
    return new ArrayList<>(rows);
  }

  /** [list of mappings, 'key.subkey', {skip_missing}] -> [mapping, each element of its key]. */
  private static List<Object> subelements(List<Object> terms, Map<String, Object> options) {
    if (terms.size() < 2 || !(terms.get(0) instanceof List<?> elements) || !(terms.get(1) instanceof String key)) {
      throw new TemplateError("subelements lookup expects a list, a key, and optionally a dict of flags");
    }
    Map<?, ?> flags = terms.size() > 2 && terms.get(2) instanceof Map<?, ?> m ? m : options;
    boolean skipMissing = Python.truthy(flags.get("skip_missing") == null ? false : flags.get("skip_missing"));
    List<Object> items = new ArrayList<>();
    for (Object element : elements) {
      Object sub = element;
      for (String part : key.split("\\.")) {
        sub = sub instanceof Map<?, ?> map && map.containsKey(part) ? map.get(part) : null;
      }
      if (sub == null) {
        if (skipMissing) {
          continue;
        }
        throw new TemplateError("could not find '" + key + "' key in iterated item '" + Python.str(element) + "'");
      }
      if (!(sub instanceof List<?> list)) {
        throw new TemplateError("the key " + key + " should point to a list, got '" + Python.str(sub) + "'");
      }
      list.forEach(item -> items.add(List.of(element, item)));
    }
    return items;
  }

  /** "start=1 end=10 stride=2 format=x%02d" or the short form "[start-]end[/stride][:format]", as strings. */
  private static List<Object> sequence(String term) {
    Map<String, String> kv = keyValues(term);
    String positional = kv.remove("");
    int start = 1;
    Integer end = null;
    int stride = 1;
    String format = kv.getOrDefault("format", "%d");
    if (positional != null) {
      var m = Pattern.compile("(?:(-?\\d+)-)?(-?\\d+)(?:/(-?\\d+))?(?::(.+))?").matcher(positional);
      if (!m.matches()) {
        throw new TemplateError("can't parse arg=" + positional + " as a sequence");
      }
      start = m.group(1) != null ? Integer.decode(m.group(1)) : 1;
      end = Integer.decode(m.group(2));
      stride = m.group(3) != null ? Integer.decode(m.group(3)) : 1;
      format = m.group(4) != null ? m.group(4) : format;
    }
    try {
      start = kv.containsKey("start") ? Integer.decode(kv.get("start")) : start;
      stride = kv.containsKey("stride") ? Integer.decode(kv.get("stride")) : stride;
      if (kv.containsKey("count")) {
        end = start + (Integer.decode(kv.get("count")) - 1) * stride;
      } else if (kv.containsKey("end")) {
        end = Integer.decode(kv.get("end"));
      }
    } catch (NumberFormatException e) {
      throw new TemplateError("a sequence needs whole numbers: " + term);
    }
    if (end == null) {
      throw new TemplateError("a sequence needs an end or a count: " + term);
    }
    List<Object> out = new ArrayList<>();
    if (stride > 0 && end < start || stride < 0 && end > start) {
      throw new TemplateError("to count backwards make stride negative: " + term);
    }
    for (int i = start; stride > 0 ? i <= end : i >= end; i += stride == 0 ? 1 : stride) {
      out.add(String.format(format, i));
      if (stride == 0) {
        break;
      }
    }
    return out;
  }

  /** "first k=v k2=v2": the first word under "" (when it has no '='), then the options. */
  private static Map<String, String> keyValues(String term) {
    Map<String, String> kv = new LinkedHashMap<>();
    List<String> words = runbook.spi.ShellWords.split(term).orElseThrow(() -> new TemplateError("unclosed quote in '" + term + "'"));
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      int eq = word.indexOf('=');
      if (eq > 0) {
        kv.put(word.substring(0, eq), word.substring(eq + 1));
      } else if (i == 0) {
        kv.put("", word);
      } else {
        throw new TemplateError("'" + word + "' is not key=value in '" + term + "'");
      }
    }
    return kv;
  }

  /**
   * Ansible's password lookup: the password kept in the file (a relative path from the runbook's
   * directory), made when there is none: random, {@code length} (20) characters of {@code chars}
   * (letters, digits and ".,:-_"), written with mode 0600 in a directory made as needed. A password
   * is a secret; /dev/null gives a new one each time and keeps none.
   */
  private static String password(String term, Scope scope) {
    Map<String, String> kv = keyValues(term);
    String file = kv.getOrDefault("", "");
    int length = Integer.parseInt(kv.getOrDefault("length", "20"));
    String chars = characters(kv.get("chars"));
    Path path = scope.searchDirs("files").get(scope.searchDirs("files").size() - 1).resolve(file).normalize();
    String password;
    try {
      if (!file.equals("/dev/null") && Files.isRegularFile(path)) {
        password = Files.readString(path).lines().findFirst().orElse("").replaceFirst(" salt=.*$", "");
      } else {
        StringBuilder made = new StringBuilder();
        for (int i = 0; i < length; i++) {
          made.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        password = made.toString();
        if (!file.equals("/dev/null")) {
          Files.createDirectories(path.getParent());
          Path temp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------")));
          Files.writeString(temp, password + "\n");
          Files.move(temp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new TemplateError("could not keep the password in " + path + ": " + e.getMessage());
    }
    scope.secrets().add(password);
    return password;
  }

  /** Ansible's chars: comma-separated names of Python's string constants, or literal characters. */
  private static String characters(String spec) {
    if (spec == null) {
      return PASSWORD_CHARS;
    }
    StringBuilder out = new StringBuilder();
    for (String part : spec.split(",")) {
      out.append(switch (part) {
        case "ascii_letters" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        case "ascii_lowercase" -> "abcdefghijklmnopqrstuvwxyz";
        case "ascii_uppercase" -> "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        case "digits" -> "0123456789";
        case "hexdigits" -> "0123456789abcdefABCDEF";
        case "octdigits" -> "01234567";
        case "punctuation" -> "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        default -> part;
      });
    }
    return out.toString();
  }

  /** "key section=global file=ansible.ini default= re=False type=ini" (type=properties: no sections). */
  private static Object ini(String term, Scope scope) {
    Map<String, String> kv = keyValues(term);
    String key = kv.getOrDefault("", "");
    boolean properties = "properties".equals(kv.get("type"));
    String section = kv.getOrDefault("section", "global");
    Path file = scope.find("files", kv.getOrDefault("file", properties ? "user.properties" : "ansible.ini"));
    boolean regex = Python.truthy(Python.toBool(kv.getOrDefault("re", "False")));
    List<Object> values = new ArrayList<>();
    String current = properties ? section : null;
    for (String raw : read(file).lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (!properties && line.startsWith("[") && line.endsWith("]")) {
        current = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int sep = properties ? line.indexOf('=') : line.replace(':', '=').indexOf('=');
      if (sep > 0 && section.equals(current)) {
        String name = line.substring(0, sep).strip();
        if (regex ? name.matches(key) : name.equals(key)) {
          values.add(line.substring(sep + 1).strip());
        }
      }
    }
    if (values.isEmpty()) {
      return kv.getOrDefault("default", "");
    }
    return regex ? values : values.get(0);
  }

  /** "key file=ansible.csv delimiter=TAB col=1 default=": the col-th field of the row whose first field is key. */
  private static Object csv(String term, Scope scope) {
    Map<String, String> kv = keyValues(term);
    String key = kv.getOrDefault("", "");
    String delimiter = kv.getOrDefault("delimiter", "TAB");
    String split = delimiter.equals("TAB") || delimiter.equals("\\t") ? "\t" : delimiter;
    int col = Integer.parseInt(kv.getOrDefault("col", "1"));
    Path file = scope.find("files", kv.getOrDefault("file", "ansible.csv"));
    for (String line : read(file).lines().toList()) {
      String[] fields = line.split(Pattern.quote(split), -1);
      if (fields.length > col && fields[0].strip().equals(key)) {
        return fields[col];
      }
    }
    return kv.containsKey("default") ? kv.get("default") : null;
  }
}
