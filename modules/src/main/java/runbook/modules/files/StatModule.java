package runbook.modules.files;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's stat: facts about one path, registered as {@code stat} with every field Ansible's has;
 * never changes anything. The kind, mode, owner, group and size come from the host's (in a check
 * run, predicted) state; the rest from one read-only probe, which sees the real host.
 */
public final class StatModule implements Module {
  private static final Map<String, String> CHECKSUM_TOOLS =
      Map.of("sha1", "sha1sum", "sha224", "sha224sum", "sha256", "sha256sum", "sha384", "sha384sum", "sha512", "sha512sum", "md5", "md5sum");

  /** Ansible's names of lsattr's flags (module_utils' FILE_ATTRIBUTES). */
  private static final Map<Character, String> ATTRIBUTE_NAMES = Map.ofEntries(
      Map.entry('A', "noatime"), Map.entry('a', "append"), Map.entry('c', "compressed"), Map.entry('C', "nocow"),
      Map.entry('d', "nodump"), Map.entry('D', "dirsync"), Map.entry('e', "extents"), Map.entry('E', "encrypted"),
      Map.entry('h', "blocksize"), Map.entry('i', "immutable"), Map.entry('I', "indexed"), Map.entry('j', "journalled"),
      Map.entry('N', "inline"), Map.entry('s', "zero"), Map.entry('S', "synchronous"), Map.entry('t', "notail"),
      Map.entry('T', "blockroot"), Map.entry('u', "undelete"), Map.entry('X', "compressedraw"), Map.entry('Z', "compresseddirty"));

  /**
   * The probe: the path and the choices are its arguments ($1 path, $2 "follow", $3 the checksum
   * tool or "", $4 "mime", $5 "attributes"), never part of the script. One "key=value" line each; the
   * link's target comes last and runs to the end, so it may hold any byte but NUL.
   */
  private static final String LOOK = String.join("\n",
      "p=$1; L=; [ \"$2\" = follow ] && L=-L",
      "s=$(stat $L -c '%f %i %d %h %u %g %s %b %o %t %T %.9X %.9Y %.9Z' -- \"$p\") || { [ -e \"$p\" ] || [ -L \"$p\" ] || echo missing; exit 0; }",
      "echo \"stat=$s\"",
      "a=; [ -r \"$p\" ] && a=r; [ -w \"$p\" ] && a=${a}w; [ -x \"$p\" ] && a=${a}x; echo \"access=$a\"",
      "if [ -n \"$3\" ] && [ -f \"$p\" ] && [ -r \"$p\" ] && { [ -n \"$L\" ] || [ ! -L \"$p\" ]; }; then echo \"sum=$(\"$3\" < \"$p\")\"; fi",
      "if [ \"$4\" = mime ] && command -v file >/dev/null; then echo \"mime=$(file -b --mime-type --mime-encoding \"$p\" 2>/dev/null)\"; fi",
      "if [ \"$5\" = attributes ] && command -v lsattr >/dev/null; then lsattr -vd \"$p\" 2>/dev/null | { read -r v f rest && echo \"attr=$v $f\"; }; fi",
      "if [ -z \"$L\" ] && [ -L \"$p\" ]; then echo \"source=$(readlink -m -- \"$p\")\"; printf 'target=%s' \"$(readlink -- \"$p\")\"; fi");

  private static final ModuleSpec SPEC = ModuleSpec.of(
      "stat",
      ArgSpec.str("path").required().alias("dest", "name"),
      ArgSpec.bool("follow").defaultsTo(false),
      ArgSpec.bool("get_checksum").defaultsTo(true),
      ArgSpec.str("checksum_algorithm").alias("checksum", "checksum_algo")
          .choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512").defaultsTo("sha1"),
      ArgSpec.bool("get_mime").defaultsTo(true).alias("mime", "mime_type", "mime-type"),
      ArgSpec.bool("get_attributes").defaultsTo(true).alias("attr", "attributes")).inCollection("ansible.builtin")
      .describedAs("Registers facts about a path on the host: Ansible's stat result, field by field.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** The probe; tests name it to answer it. @param tool the checksum tool, or "" for none */
  static Command look(String path, boolean follow, String tool, boolean mime, boolean attributes) {
    return Command.of("sh", "-c", LOOK, "stat", path, follow ? "follow" : "", tool, mime ? "mime" : "", attributes ? "attributes" : "");
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String path = args.str("path");
    HostView host = call.host();
    FileState state = host.stat(path);
    if (args.bool("follow")) {
      state = Links.through(host, state);
    }
    if (!state.exists()) {
      return Plan.unchanged(path + " does not exist", Map.of("stat", Map.of("exists", false)));
    }
    CommandResult probe = host.probe(look(path, args.bool("follow"),
        args.bool("get_checksum") ? CHECKSUM_TOOLS.get(args.str("checksum_algorithm")) : "", args.bool("get_mime"), args.bool("get_attributes")));
    if (!probe.ok()) {
      return Plan.failed("cannot stat " + path + ": " + probe.stderr().strip());
    }
    var answers = answers(probe.stdout());
    var stat = new TreeMap<String, Object>();
    stat.put("exists", true);
    stat.put("path", path);
    String raw = answers.get("stat");
    if (raw != null) {
      fromStat(stat, raw.split(" "));
      access(stat, answers.getOrDefault("access", ""));
    }
    // The kind, mode, owner, group and size as the run sees them: predicted in a check run.
    int mode = state.mode() & 07777;
    stat.put("mode", String.format("%04o", mode)); // Ansible's "%04o": 4755, not 04755
    stat.put("isdir", state.isDirectory());
    stat.put("isreg", state.isFile());
    stat.put("islnk", state.isLink());
    put(stat, "pw_name", state.owner());
    put(stat, "gr_name", state.group());
    stat.put("size", state.size());
    permissions(stat, mode);
    if (state.isLink()) {
      stat.put("lnk_target", answers.getOrDefault("target", state.linkTarget()));
      stat.put("lnk_source", answers.getOrDefault("source", Text.resolve(path, state.linkTarget())));
    }
    String sum = answers.get("sum");
    if (sum != null && !sum.isBlank()) {
      stat.put("checksum", sum.strip().split("\\s+")[0]);
    }
    if (args.bool("get_mime")) {
      mime(stat, answers.get("mime"));
    }
    if (args.bool("get_attributes")) {
      attributes(stat, answers.get("attr"));
    }
    return Plan.unchanged(path + " is a " + state.type().ansibleName(), Map.of("stat", stat));
  }

  /** The probe's answer: one value a key, the link target running to the end. */
  private static Map<String, String> answers(String stdout) {
    var answers = new HashMap<String, String>();
    int target = stdout.startsWith("target=") ? 0 : stdout.indexOf("\ntarget=");
    String lines = target < 0 ? stdout : stdout.substring(0, target);
    if (target >= 0) {
      answers.put("target", stdout.substring(target + (target == 0 ? 7 : 8)));
    }
    for (String line : lines.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        answers.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return answers;
  }

  /** stat -c '%f %i %d %h %u %g %s %b %o %t %T %.9X %.9Y %.9Z', as Python's os.stat gives them. */
  private static void fromStat(Map<String, Object> stat, String[] f) {
    int rawMode = Integer.parseInt(f[0], 16);
    int type = rawMode & 0170000;
    stat.put("ischr", type == 0020000);
    stat.put("isblk", type == 0060000);
    stat.put("isfifo", type == 0010000);
    stat.put("issock", type == 0140000);
    stat.put("isuid", (rawMode & 04000) != 0);
    stat.put("isgid", (rawMode & 02000) != 0);
    stat.put("inode", Long.parseLong(f[1]));
    stat.put("dev", Long.parseLong(f[2]));
    stat.put("nlink", Long.parseLong(f[3]));
    stat.put("uid", Long.parseLong(f[4]));
    stat.put("gid", Long.parseLong(f[5]));
    stat.put("blocks", Long.parseLong(f[7]));
    stat.put("block_size", Long.parseLong(f[8]));
    stat.put("device_type", makedev(Long.parseLong(f[9], 16), Long.parseLong(f[10], 16)));
    stat.put("atime", seconds(f[11]));
    stat.put("mtime", seconds(f[12]));
    stat.put("ctime", seconds(f[13]));
  }

  /** glibc's makedev, which Python's st_rdev is. */
  private static long makedev(long major, long minor) {
    return ((major & 0xfffL) << 8) | (minor & 0xffL) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
  }

  /** SECONDS.NANOS as Python's float st_mtime is: seconds + nanoseconds * 1e-9. */
  private static double seconds(String text) {
    int dot = text.indexOf('.');
    return dot < 0 ? Long.parseLong(text) : Long.parseLong(text.substring(0, dot)) + Long.parseLong(text.substring(dot + 1)) * 1e-9;
  }

  /** readable, writeable, executable: os.access for the user the task runs as. */
  private static void access(Map<String, Object> stat, String access) {
    stat.put("readable", access.contains("r"));
    stat.put("writeable", access.contains("w"));
    stat.put("executable", access.contains("x"));
  }

  private static void permissions(Map<String, Object> stat, int mode) {
    String[] names = {"xoth", "woth", "roth", "xgrp", "wgrp", "rgrp", "xusr", "wusr", "rusr"};
    for (int bit = 0; bit < names.length; bit++) {
      stat.put(names[bit], (mode & (1 << bit)) != 0);
    }
  }

  /** file --mime-type --mime-encoding, or "unknown" without the file command, as Ansible's. */
  private static void mime(Map<String, Object> stat, String answer) {
    String mimetype = "unknown";
    String charset = "unknown";
    if (answer != null && answer.contains(";") && answer.contains("=")) {
      mimetype = answer.substring(0, answer.indexOf(';')).strip();
      charset = answer.substring(answer.indexOf('=') + 1).strip();
    }
    stat.put("mimetype", mimetype);
    stat.put("charset", charset);
  }

  /** lsattr -vd: version and flags; none where lsattr cannot tell (a link, a tmpfs), as Ansible's. */
  private static void attributes(Map<String, Object> stat, String answer) {
    String[] words = answer == null ? new String[0] : answer.strip().split(" ");
    String flags = words.length > 1 ? words[1].replace("-", "") : "";
    var names = new ArrayList<String>();
    flags.chars().mapToObj(c -> ATTRIBUTE_NAMES.get((char) c)).filter(n -> n != null).forEach(names::add);
    stat.put("version", words.length > 1 ? words[0] : null);
    stat.put("attr_flags", flags);
    stat.put("attributes", List.copyOf(names));
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
