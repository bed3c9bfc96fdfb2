package runbook.modules.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.modules.facts.Fnmatch;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.PyRegex;
import runbook.spi.Shell;

/**
 * Ansible's find: the files under {@code paths} that pass every filter, each as a stat, plus
 * {@code matched} and {@code examined}. One {@code find -printf} per path lists every entry with
 * its lstat; the filters are Ansible's own, applied here (patterns on the base name, age against
 * the host's clock, size for regular files, contains per line with Python's re.match or over the
 * whole file with re.search). Read-only, so it runs in check mode too.
 */
public final class FindModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "find",
          ArgSpec.list("paths").required().alias("name", "path"),
          ArgSpec.list("patterns").alias("pattern"),
          ArgSpec.list("excludes").alias("exclude"),
          ArgSpec.str("contains"),
          ArgSpec.bool("read_whole_file").defaultsTo(false),
          ArgSpec.str("file_type").choices("any", "directory", "file", "link").defaultsTo("file"),
          ArgSpec.str("age"),
          ArgSpec.str("age_stamp").choices("atime", "ctime", "mtime").defaultsTo("mtime"),
          ArgSpec.str("size"),
          ArgSpec.bool("recurse").defaultsTo(false),
          ArgSpec.bool("hidden").defaultsTo(false),
          ArgSpec.bool("follow").defaultsTo(false),
          ArgSpec.bool("get_checksum").defaultsTo(false),
          ArgSpec.bool("use_regex").defaultsTo(false),
          ArgSpec.integer("depth"))
      .inCollection("ansible.builtin")
      .describedAs("Registers the files under paths that match patterns, age, size and content, each with its stat.");

  private static final Pattern AGE = Pattern.compile("(-?\\d+)([smhdw])?");
  private static final Pattern SIZE = Pattern.compile("(-?\\d+)([bkmgt])?");

  /** One entry per record, NUL-terminated, the path last so that it may hold tabs and newlines. */
  private static final String FORMAT = "%y\\t%d\\t%s\\t%T@\\t%A@\\t%C@\\t%m\\t%U\\t%G\\t%u\\t%g\\t%i\\t%n\\t%D\\t%p\\0";

  /** Exit status of the listing when a path is not a directory. */
  private static final int NOT_A_DIRECTORY = 3;

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    Long age = amount(args.str("age"), AGE, Map.of("s", 1L, "m", 60L, "h", 3600L, "d", 86400L, "w", 604800L));
    if (args.has("age") && age == null) {
      return Plan.failed("failed to process age", Map.of("age", args.str("age")));
    }
    Long size = amount(args.str("size"), SIZE, Map.of("b", 1L, "k", 1L << 10, "m", 1L << 20, "g", 1L << 30, "t", 1L << 40));
    if (args.has("size") && size == null) {
      return Plan.failed("failed to process size", Map.of("size", args.str("size")));
    }
    boolean regex = args.bool("use_regex");
    for (String arg : List.of("patterns", "excludes")) {
      for (Object p : args.list(arg)) {
        var problem = regex ? PyRegex.problem(arg, p.toString()) : java.util.Optional.<String>empty();
        if (problem.isPresent()) {
          return Plan.failed(problem.get());
        }
      }
    }
    var problem = PyRegex.problem("contains", args.str("contains"));
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    Predicate<String> names = names(strings(args.list("patterns")), strings(args.list("excludes")), regex);
    String type = args.str("file_type");
    boolean recurse = args.bool("recurse");
    Integer depth = recurse && args.has("depth") && args.integer("depth") > 0 ? args.integer("depth") : null;

    HostView host = call.host();
    List<Map<String, Object>> files = new ArrayList<>();
    Map<String, Object> skipped = new LinkedHashMap<>();
    int examined = 0;
    for (Object p : args.list("paths")) {
      String path = p.toString();
      CommandResult listing = host.probe(listing(path, args.bool("follow"), recurse ? (depth != null ? depth + 1 : null) : Integer.valueOf(1)));
      if (!listing.ok()) {
        skipped.put(path, listing.rc() == NOT_A_DIRECTORY ? "'" + path + "' is not a directory" : listing.stderr().strip());
        continue;
      }
      String[] records = listing.stdout().split("\0");
      double now = Double.parseDouble(records[0].strip());
      for (int i = 1; i < records.length; i++) {
        examined++;
        Entry e = Entry.of(records[i]);
        String name = e.path().substring(e.path().lastIndexOf('/') + 1);
        if ((depth != null && e.depth() > depth) || (name.startsWith(".") && !args.bool("hidden"))) {
          continue;
        }
        boolean wanted = type.equals("any") || type.equals(e.type());
        if (!wanted || !names.test(name) || !aged(e.stamp(args.str("age_stamp")), now, age)) {
          continue;
        }
        boolean file = e.type().equals("file");
        if (file && !(sized(e.size(), size) && (type.equals("any") || contains(host, e.path(), args.str("contains"), args.bool("read_whole_file"))))) {
          continue;
        }
        Map<String, Object> stat = e.stat();
        if (file && args.bool("get_checksum")) {
          byte[] content = host.read(e.path()).content();
          if (content != null) {
            stat.put("checksum", Text.sha1(content));
          }
        }
        files.add(stat);
      }
    }
    String msg = skipped.isEmpty() ? "All paths examined" : "Not all paths examined, check warnings for details";
    var data = new LinkedHashMap<String, Object>();
    data.put("files", files);
    data.put("matched", files.size());
    data.put("examined", examined);
    data.put("skipped_paths", skipped);
    data.put("msg", msg);
    if (!skipped.isEmpty()) {
      data.put("warnings", skipped.entrySet().stream().map(s -> "Skipped '" + s.getKey() + "' path due to this access issue: " + s.getValue()).toList());
    }
    return Plan.unchanged(files.size() + " of " + examined + " examined " + (files.size() == 1 ? "matches" : "match"), data);
  }

  /** Ansible's pfilter: some pattern matches the base name and, if one did, no exclude does. */
  static Predicate<String> names(List<String> patterns, List<String> excludes, boolean regex) {
    List<String> all = patterns.isEmpty() ? List.of(regex ? ".*" : "*") : patterns;
    Predicate<String> any = name -> all.stream().anyMatch(p -> matches(name, p, regex));
    return any.and(name -> excludes.stream().noneMatch(e -> matches(name, e, regex)));
  }

  private static boolean matches(String name, String pattern, boolean regex) {
    return regex ? PyRegex.compile(pattern, 0).matcher(name).lookingAt() : Fnmatch.matches(name, pattern);
  }

  private static boolean aged(double stamp, double now, Long age) {
    return age == null || (age >= 0 ? now - stamp >= age : now - stamp <= -age);
  }

  private static boolean sized(long bytes, Long size) {
    return size == null || (size >= 0 ? bytes >= size : bytes <= -size);
  }

  /** Ansible's contentfilter: re.match on some line, or re.search over the whole file; unreadable files do not match. */
  private static boolean contains(HostView host, String path, String regex, boolean whole) {
    if (regex == null) {
      return true;
    }
    byte[] content = host.read(path).content();
    if (content == null) {
      return false;
    }
    String text = runbook.spi.RawText.decode(content);
    PyRegex rx = PyRegex.compile(regex, 0);
    if (whole) {
      return rx.search(text);
    }
    Matcher lines = Pattern.compile("[^\n]*\n?").matcher(text);
    while (lines.find() && lines.end() > lines.start()) {
      if (rx.matcher(lines.group()).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  /** The host's time, then each entry under {@code path}; "~" is the login user's home, as Python's expanduser. */
  private static String listing(String path, boolean follow, Integer maxDepth) {
    String quoted = path.equals("~") ? "\"$HOME\"" : path.startsWith("~/") ? "\"$HOME\"/" + Shell.quote(path.substring(2)) : Shell.quote(path);
    return "[ -d " + quoted + " ] || exit " + NOT_A_DIRECTORY + "\ndate +%s.%N | tr '\\n' '\\0'\nfind " + (follow ? "-L " : "") + quoted
        + " -mindepth 1" + (maxDepth != null ? " -maxdepth " + maxDepth : "") + " -printf '" + FORMAT + "'";
  }

  private static Long amount(String text, Pattern pattern, Map<String, Long> units) {
    if (text == null) {
      return null;
    }
    Matcher m = pattern.matcher(text.toLowerCase(java.util.Locale.ROOT));
    return m.matches() ? Long.parseLong(m.group(1)) * (m.group(2) == null ? 1 : units.get(m.group(2))) : null;
  }

  private static List<String> strings(List<Object> values) {
    return values.stream().map(Object::toString).toList();
  }

  /** One line of the listing. */
  record Entry(String type, int depth, long size, double mtime, double atime, double ctime, int mode, long uid, long gid, String owner,
      String group, long inode, long nlink, long dev, String path) {
    static Entry of(String record) {
      String[] f = record.split("\t", 15);
      String type = switch (f[0]) {
        case "f" -> "file";
        case "d" -> "directory";
        case "l" -> "link";
        default -> f[0];
      };
      return new Entry(type, Integer.parseInt(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          Double.parseDouble(f[5]), Integer.parseInt(f[6], 8), Long.parseLong(f[7]), Long.parseLong(f[8]), f[9], f[10],
          Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), java.nio.file.Path.of(f[14]).normalize().toString());
    }

    double stamp(String which) {
      return which.equals("atime") ? atime : which.equals("ctime") ? ctime : mtime;
    }

    /** As Ansible's statinfo: names empty where the id has none. */
    Map<String, Object> stat() {
      var s = new LinkedHashMap<String, Object>();
      s.put("path", path);
      s.put("mode", String.format("%04o", mode));
      s.put("isdir", type.equals("directory"));
      s.put("ischr", type.equals("c"));
      s.put("isblk", type.equals("b"));
      s.put("isreg", type.equals("file"));
      s.put("isfifo", type.equals("p"));
      s.put("islnk", type.equals("link"));
      s.put("issock", type.equals("s"));
      s.put("uid", uid);
      s.put("gid", gid);
      s.put("size", size);
      s.put("inode", inode);
      s.put("dev", dev);
      s.put("nlink", nlink);
      s.put("atime", atime);
      s.put("mtime", mtime);
      s.put("ctime", ctime);
      s.put("gr_name", group.equals(String.valueOf(gid)) ? "" : group);
      s.put("pw_name", owner.equals(String.valueOf(uid)) ? "" : owner);
      String[] bits = {"xoth", "woth", "roth", "xgrp", "wgrp", "rgrp", "xusr", "wusr", "rusr"};
      for (int i = bits.length - 1; i >= 0; i--) {
        s.put(bits[i], (mode & (1 << i)) != 0);
      }
      s.put("isuid", (mode & 04000) != 0);
      s.put("isgid", (mode & 02000) != 0);
      return s;
    }
  }
}
