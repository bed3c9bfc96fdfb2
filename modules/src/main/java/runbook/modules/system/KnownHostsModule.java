package runbook.modules.system;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.KnownHostNames;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's known_hosts, planned from one read of the file instead of ssh-keygen's {@code -F} and
 * {@code -R}: a line is the host's when ssh-keygen would find it there (a name or pattern of its
 * list, or a hashed {@code |1|salt|hash} name, HMAC-SHA1 of the name). As Ansible decides: the
 * first of the host's lines with the key's type is kept when it is the key, else replaced (the new
 * line goes at the end); {@code absent} with a key removes that line, without a key every line of
 * the host. Every other byte of the file is kept, and the file is written atomically.
 */
public final class KnownHostsModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "known_hosts",
          ArgSpec.str("name").required().alias("host"),
          ArgSpec.str("key"),
          ArgSpec.str("path").defaultsTo("~/.ssh/known_hosts"),
          ArgSpec.bool("hash_host").defaultsTo(false),
          ArgSpec.str("state").choices("present", "absent").defaultsTo("present"))
      .inCollection("ansible.builtin")
      .describedAs("Adds or removes a host's key in an SSH known_hosts file, editing only that host's lines.");

  /** Ansible's own test for a list of names, which it refuses. */
  private static final Pattern NAME_LIST = Pattern.compile("\\S+(\\s+)?,(\\s+)?");

  private final Supplier<byte[]> salts;

  public KnownHostsModule() {
    this(() -> {
      byte[] salt = new byte[20];
      new SecureRandom().nextBytes(salt);
      return salt;
    });
  }

  /** @param salts the salt of each hashed name (random, as ssh-keygen's and Ansible's) */
  KnownHostsModule(Supplier<byte[]> salts) {
    this.salts = salts;
  }

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** One line of the file, split as ssh-keygen splits it; {@code hosts} is null for a comment, a blank or a broken line. */
  private record Entry(String marker, String hosts, String type, String key) {
    static Entry parse(String line) {
      String[] f = line.strip().split("[ \t]+");
      if (f[0].isEmpty() || f[0].startsWith("#")) {
        return new Entry(null, null, null, null);
      }
      int i = f[0].startsWith("@") ? 1 : 0;
      return f.length < i + 3 ? new Entry(null, null, null, null) : new Entry(i == 1 ? f[0] : null, f[i], f[i + 1], f[i + 2]);
    }

    /** As ssh-keygen -F finds a host's lines. */
    boolean names(String host) {
      return hosts != null && KnownHostNames.match(hosts, host);
    }

    /** Ansible compares lines as these four fields, the names too, except that two hashed names are taken as equal. */
    boolean sameAs(Entry other) {
      boolean hashed = hosts.startsWith("|1|") && other.hosts.startsWith("|1|");
      return Objects.equals(marker, other.marker) && (hashed || hosts.equals(other.hosts)) && type.equals(other.type) && key.equals(other.key);
    }
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String host = args.str("name").toLowerCase(java.util.Locale.ROOT);
    boolean present = args.str("state").equals("present");
    String key = args.optional("key").filter(k -> !k.isEmpty()).orElse(null);
    if (key == null && present) {
      return Plan.failed("No key specified when adding a host");
    }
    String path = home(call, args.str("path"));
    if (path == null) {
      return Plan.failed("the home directory of the remote user cannot be found for " + args.str("path"));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", args.str("name"));
    if (key != null) {
      data.put("key", key);
    }
    data.put("path", path);
    data.put("hash_host", args.bool("hash_host"));
    data.put("state", args.str("state"));
    String line = null;
    Entry wanted = null;
    if (key != null) {
      if (NAME_LIST.matcher(host).find()) {
        return Plan.failed("Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.", data);
      }
      line = latin1(key.strip());
      if (args.bool("hash_host")) {
        line = hashed(line, host);
      }
      line += "\n";
      wanted = Entry.parse(line);
      if (!wanted.names(host)) {
        return Plan.failed("Host parameter does not match hashed host field in supplied key", data);
      }
    }
    FileState file = call.host().read(path);
    if (file.exists() && file.content() == null) {
      return Plan.failed(path + " is not a regular file", data);
    }
    String before = file.content() == null ? "" : new String(file.content(), StandardCharsets.ISO_8859_1);
    List<String> lines = lines(before);
    List<Integer> mine = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (Entry.parse(lines.get(i)).names(host)) {
        mine.add(i);
      }
    }
    Integer sameType = null;
    boolean same = false;
    if (wanted != null) {
      for (int i : mine) {
        Entry e = Entry.parse(lines.get(i));
        if (e.type.equals(wanted.type)) {
          sameType = i;
          same = e.sameAs(wanted);
          break;
        }
      }
    }
    List<Integer> remove = new ArrayList<>();
    String summary;
    if (!present) {
      if (key == null) {
        remove.addAll(mine);
      } else if (sameType != null) {
        remove.add(sameType);
      }
      if (remove.isEmpty()) {
        return Plan.unchanged((key == null ? host : "the " + wanted.type + " key of " + host) + " is not in " + path, data);
      }
      summary = "remove " + (key == null ? host : "the " + wanted.type + " key of " + host) + " from " + path;
    } else {
      if (same) {
        return Plan.unchanged("the " + wanted.type + " key of " + host + " is in " + path, data);
      }
      if (sameType != null) {
        remove.add(sameType);
      }
      summary = (sameType != null ? "replace" : "add") + " the " + wanted.type + " key of " + host + " in " + path;
    }
    if (!file.exists()) {
      FileState dir = call.host().stat(path.substring(0, Math.max(path.lastIndexOf('/'), 1)));
      if (!dir.isDirectory()) {
        return Plan.failed("cannot write " + path + ": its directory does not exist", data);
      }
    }
    StringBuilder after = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (!remove.contains(i)) {
        after.append(lines.get(i));
      }
    }
    if (present) {
      if (after.length() > 0 && after.charAt(after.length() - 1) != '\n') {
        after.append('\n'); // Ansible would join the new line to an unterminated last one
      }
      after.append(line);
    }
    byte[] content = after.toString().getBytes(StandardCharsets.ISO_8859_1);
    return Plan.change(summary, List.of(new Action.WriteFile(path, content, null, null, null, false)),
        List.of(FileDiff.of(path, file.content(), content))).withData(data);
  }

  /** {@code ~} as the remote user's home, as Ansible's path type expands it there; null when the host has none. */
  private static String home(ModuleCall call, String path) {
    if (!path.equals("~") && !path.startsWith("~/")) {
      return path;
    }
    CommandResult home = call.host().state(Command.script("printf %s \"$HOME\""));
    String dir = home.stdout().strip();
    return !home.ok() || !dir.startsWith("/") ? null : dir + path.substring(1);
  }

  /** The file's lines, each with its newline (the last may have none). */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }

  /** The key's names replaced by the hashed host, as ssh-keygen -H writes it. */
  private String hashed(String line, String host) {
    String[] f = line.split("\\s+");
    int i = f[0].startsWith("@") ? 1 : 0;
    f[i] = KnownHostNames.hashed(salts.get(), host);
    return String.join(" ", f);
  }

  /** Bytes as chars one to one, so that every byte of the file is written back as it was. */
  private static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
