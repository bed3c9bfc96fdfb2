package runbook.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's path filters and tests, with Python's os.path semantics. Like Ansible's, they run on
 * the controller: {@code expanduser} and {@code expandvars} read the controller's home and
 * environment, and the file tests look at the controller's files.
 */
final class Paths {
  private Paths() {}

  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+|\\{[^}]*\\})", Pattern.UNICODE_CHARACTER_CLASS);

  static void into(Map<String, Filters.Body> ours) {
    ours.put("expanduser", (v, a) -> expanduser(Python.str(v)));
    ours.put("expandvars", (v, a) -> expandvars(Python.str(v)));
    ours.put("path_join", Paths::pathJoin);
    ours.put("realpath", (v, a) -> realpath(Python.str(v)));
    ours.put("relpath", (v, a) -> relpath(Python.str(v), a.string(0, "start", ".")));
    ours.put("splitext", (v, a) -> splitext(Python.str(v)));
    ours.put("win_splitdrive", (v, a) -> List.of(winDrive(Python.str(v)), Python.str(v).substring(winDrive(Python.str(v)).length())));
    ours.put("win_basename", (v, a) -> winSplit(Python.str(v)).get(1));
    ours.put("win_dirname", (v, a) -> winSplit(Python.str(v)).get(0));
    ours.put("fileglob", (v, a) -> Lookups.glob(absolute(Python.str(v))));
  }

  static void tests(Map<String, Tests.Body> ours) {
    for (String name : List.of("abs", "is_abs")) {
      ours.put(name, (v, a) -> Python.str(v).startsWith("/"));
    }
    for (String name : List.of("directory", "is_dir")) {
      ours.put(name, (v, a) -> Files.isDirectory(absolute(Python.str(v))));
    }
    for (String name : List.of("file", "is_file")) {
      ours.put(name, (v, a) -> Files.isRegularFile(absolute(Python.str(v))));
    }
    for (String name : List.of("link", "is_link")) {
      ours.put(name, (v, a) -> Files.isSymbolicLink(absolute(Python.str(v))));
    }
    ours.put("exists", (v, a) -> Files.exists(absolute(Python.str(v))));
    ours.put("link_exists", (v, a) -> Files.exists(absolute(Python.str(v)), LinkOption.NOFOLLOW_LINKS));
    for (String name : List.of("same_file", "is_same_file")) {
      ours.put(name, (v, a) -> sameFile(Python.str(v), a.string(0, "b", "")));
    }
    for (String name : List.of("mount", "is_mount")) {
      ours.put(name, (v, a) -> mount(absolute(Python.str(v))));
    }
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath();
  }

  /** os.path.expanduser: ~ is $HOME (else the account's home), ~name that account's home from /etc/passwd. */
  static String expanduser(String path) {
    if (!path.startsWith("~")) {
      return path;
    }
    int slash = path.indexOf('/');
    String user = path.substring(1, slash < 0 ? path.length() : slash);
    String home = user.isEmpty() ? System.getenv().getOrDefault("HOME", System.getProperty("user.home")) : passwdHome(user);
    if (home == null) {
      return path;
    }
    String rest = slash < 0 ? "" : path.substring(slash);
    home = home.equals("/") ? "/" : home.replaceAll("/+$", "");
    return (home + rest).replaceFirst("^//", "/");
  }

  private static String passwdHome(String user) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] fields = line.split(":", -1);
        if (fields.length > 5 && fields[0].equals(user)) {
          return fields[5];
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** os.path.expandvars: $name and ${name} of the controller's environment; unknown ones stay. */
  static String expandvars(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).startsWith("{") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
      String value = System.getenv(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    return m.appendTail(out).toString();
  }

  /** os.path.join: an absolute part starts over; a '/' between parts unless one is there. */
  private static Object pathJoin(Object value, Args args) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    if (!(value instanceof List<?> parts)) {
      throw new TemplateError("|path_join expects string or sequence, got " + Numbers.typeName(value) + " instead.");
    }
    StringBuilder path = new StringBuilder();
    for (Object part : parts) {
      String text = Python.str(part);
      if (text.startsWith("/")) {
        path.setLength(0);
      } else if (path.length() > 0 && path.charAt(path.length() - 1) != '/') {
        path.append('/');
      }
      path.append(text);
    }
    return path.toString();
  }

  /** os.path.realpath: links resolved as far as the path exists, the rest normalized. */
  static String realpath(String path) {
    Path full = Path.of(normalize(absolute(path).toString()));
    Path existing = full;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return full.toString();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(full)).normalize().toString();
    } catch (IOException e) {
      return full.toString();
    }
  }

  /** os.path.normpath of an absolute path: '.', '..' and doubled slashes folded, lexically. */
  private static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static String relpath(String path, String start) {
    if (path.isEmpty()) {
      throw new TemplateError("relpath: no path specified");
    }
    Path from = Path.of(normalize(absolute(start).toString()));
    Path to = Path.of(normalize(absolute(path).toString()));
    String relative = from.relativize(to).toString();
    return relative.isEmpty() ? "." : relative;
  }

  /** os.path.splitext: the extension from the basename's last dot, unless the name only starts with dots. */
  private static List<Object> splitext(String path) {
    int base = path.lastIndexOf('/') + 1;
    int dot = path.lastIndexOf('.');
    if (dot > base) {
      for (int i = base; i < dot; i++) {
        if (path.charAt(i) != '.') {
          return List.of(path.substring(0, dot), path.substring(dot));
        }
      }
    }
    return List.of(path, "");
  }

  /** ntpath.splitdrive: "c:" or a UNC "\\server\share". */
  private static String winDrive(String path) {
    String p = path.replace('/', '\\');
    if (p.startsWith("\\\\") && !p.startsWith("\\\\\\")) {
      int server = p.indexOf('\\', 2);
      if (server < 0) {
        return "";
      }
      int share = p.indexOf('\\', server + 1);
      if (share == server + 1) {
        return "";
      }
      return path.substring(0, share < 0 ? p.length() : share);
    }
    return p.length() >= 2 && p.charAt(1) == ':' ? path.substring(0, 2) : "";
  }

  /** ntpath.split: head (trailing separators removed unless only those) and tail. */
  private static List<Object> winSplit(String path) {
    String drive = winDrive(path);
    String rest = path.substring(drive.length());
    int i = rest.length();
    while (i > 0 && "\\/".indexOf(rest.charAt(i - 1)) < 0) {
      i--;
    }
    String head = rest.substring(0, i);
    String stripped = head.replaceAll("[\\\\/]+$", "");
    return List.of(drive + (stripped.isEmpty() ? head : stripped), rest.substring(i));
  }

  private static boolean sameFile(String a, String b) {
    try {
      return Files.isSameFile(absolute(a), absolute(b));
    } catch (IOException e) {
      throw new TemplateError("same_file: " + e.getMessage());
    }
  }

  /** os.path.ismount: not a link, and on another device than its parent, or its own parent (/). */
  private static boolean mount(Path path) {
    try {
      if (Files.isSymbolicLink(path) || !Files.isDirectory(path)) {
        return false;
      }
      Path parent = path.resolve("..");
      Object dev = Files.getAttribute(path, "unix:dev");
      Object parentDev = Files.getAttribute(parent, "unix:dev");
      return !dev.equals(parentDev) || Files.getAttribute(path, "unix:ino").equals(Files.getAttribute(parent, "unix:ino"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
