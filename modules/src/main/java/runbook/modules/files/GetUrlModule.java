package runbook.modules.files;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import runbook.modules.probes.Request;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/**
 * Ansible's get_url: the host downloads url (with uri's clients: curl, wget or python3; the
 * request and its credentials on stdin) into a temporary file beside dest, or in tmp_dest, and
 * renames it over dest only when its bytes differ. An existing dest is kept without a download
 * unless force, or unless a checksum is given that it does not match. Check mode says "will
 * change" when it knows (dest missing, or a checksum dest does not match) and "cannot be predicted"
 * when only downloading can tell (force over an existing dest without a checksum). The download
 * touches {@code file:DEST}, for a later task that reads the file to ask whether a check run only
 * simulated it.
 */
public final class GetUrlModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "get_url",
          Attributes.specs(
              ArgSpec.str("url").required(),
              ArgSpec.str("dest").required(),
              ArgSpec.str("checksum").defaultsTo(""),
              ArgSpec.bool("force").defaultsTo(false),
              ArgSpec.dict("headers"),
              ArgSpec.str("url_username").alias("username"),
              ArgSpec.str("url_password").alias("password"),
              ArgSpec.bool("force_basic_auth").defaultsTo(false),
              ArgSpec.bool("validate_certs").defaultsTo(true),
              ArgSpec.integer("timeout").defaultsTo(10),
              ArgSpec.bool("backup").defaultsTo(false),
              ArgSpec.str("tmp_dest")))
      .inCollection("ansible.builtin")
      .describedAs("Downloads a file from HTTP, HTTPS or FTP on the host and puts it at dest when its content differs.");

  /** The algorithms Ansible's checksum takes that coreutils has a tool for, the tool being NAMEsum. */
  private static final Set<String> ALGORITHMS = Set.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512");

  /** After {@code fetch FILE > "$d/reply"}: fails unless the server answered 200 (any answer for a file: URL). */
  static final String ANSWERED = """
      status=$(sed -n 's/^status=//p' "$d/reply" | head -n 1)
      if [ "$status" = -1 ]; then sed -n 's/^error=//p' "$d/reply" >&2; exit 1; fi
      if [ "$status" != 200 ] && [ "$local" != yes ]; then echo "Request failed: HTTP $status" >&2; exit 1; fi
      """;

  /**
   * The download into {@code $t} beside dest, its checksum checked, then moved over dest when its
   * sha1 differs, with dest's attributes (or the umask's for a new file), then the task's. Prints
   * key=value lines for the result, {@code changed=no} when nothing differed.
   */
  private static final String DOWNLOAD = """
      start=$(date +%s)
      t=$(mktemp "$tmp/.get_url.XXXXXXXX") || exit 1
      trap 'rm -rf "$d" "$t"' EXIT
      fetch "$t" > "$d/reply" || exit
      """ + ANSWERED + """
      echo "status_code=$status"
      echo "msg=OK ($(sed -n 's/^[Cc]ontent-[Ll]ength: *//p' "$d/reply" | tr -d '\\r' | tail -n 1 | grep . || echo unknown) bytes)"
      src=$(sha1sum < "$t" | cut -d ' ' -f 1)
      echo "checksum_src=$src"
      echo "size=$(wc -c < "$t" | tr -d ' ')"
      if [ -n "$want" ]; then
        got=$("$sum" < "$t" | cut -d ' ' -f 1)
        if [ "$got" != "$want" ]; then echo "The checksum for $dest did not match $want; it was $got." >&2; exit 1; fi
      fi
      dsum=
      if [ -e "$dest" ]; then dsum=$(sha1sum < "$dest" | cut -d ' ' -f 1) || exit 1; echo "checksum_dest=$dsum"; fi
      attributes() {
        if [ -n "$mode" ]; then chmod "$mode" "$1" || exit 1; fi
        if [ -n "$owner" ]; then chown "$owner" "$1" || exit 1; fi
        if [ -n "$group" ]; then chgrp "$group" "$1" || exit 1; fi
      }
      if [ "$src" = "$dsum" ]; then
        before=$(stat -L -c '%a %U %G' "$dest")
        attributes "$dest"
        if [ "$(stat -L -c '%a %U %G' "$dest")" = "$before" ]; then echo changed=no; else echo changed=yes; fi
      else
        if [ -e "$dest" ]; then
          chmod --reference="$dest" "$t" || exit 1
          chown --reference="$dest" "$t" 2>/dev/null
          if [ "$backup" = yes ]; then
            b="$dest.$$.$(date +%Y-%m-%d@%H:%M:%S)~"
            cp -p "$dest" "$b" || exit 1
            echo "backup_file=$b"
          fi
        else
          chmod "$(printf '%o' $((0666 & ~0$umask_was)))" "$t" || exit 1
        fi
        attributes "$t"
        mv -f "$t" "$dest" || exit 1
        echo changed=yes
      fi
      echo "elapsed=$(($(date +%s) - start))"
      """;

  /** The checksum file's text on stdout. */
  private static final String CHECKSUM_FILE = """
      fetch "$d/body" > "$d/reply" || exit
      """ + ANSWERED + """
      cat "$d/body"
      """;

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String url = args.str("url");
    Attributes attributes = Attributes.from(args);
    Optional<String> bad = attributes.problem();
    if (bad.isPresent()) {
      return Plan.failed(bad.get());
    }
    Request request;
    Checksum checksum;
    try {
      request = Request.get(args, url);
      checksum = Checksum.of(call, args, url);
    } catch (IllegalArgumentException e) {
      return Plan.failed(e.getMessage());
    }
    String dest = args.str("dest");
    FileState given = call.host().stat(dest);
    if (given.isDirectory()) {
      String name = filename(url);
      if (name.isEmpty()) {
        return Plan.failed("no file name in " + url + " to put in the directory " + dest + ": give dest as a file");
      }
      dest = dest.replaceAll("/+$", "") + "/" + name;
    }
    var data = new LinkedHashMap<String, Object>();
    data.put("url", url);
    data.put("dest", dest);
    FileState current = given.isDirectory() ? call.host().stat(dest) : given;
    if (current.isDirectory()) {
      return Plan.failed(dest + " is a directory", data);
    }
    boolean exists = current.type() != runbook.spi.FileType.ABSENT;
    boolean matches = false;
    if (exists && checksum != null) {
      CommandResult digest = call.host().state(Command.of(checksum.algorithm() + "sum", "--", dest));
      if (digest.rc() != 0) {
        return Plan.failed("cannot read the checksum of " + dest + ": " + digest.stderr().strip(), data);
      }
      matches = digest.stdout().strip().split("\\s+", 2)[0].equalsIgnoreCase(checksum.digest());
    }
    if (exists && (matches || (!args.bool("force") && checksum == null))) {
      // As Ansible: dest is kept; only the attributes the task gives may change.
      Attributes.Delta delta = attributes.against(call.host().stat(dest).isLink() ? followed(call, dest) : current);
      if (delta.isEmpty()) {
        return Plan.unchanged("file already exists", data);
      }
      return Plan.change("file already exists but file attributes changed", List.of(delta.action(false, true)), List.of(delta.diff()))
          .withData(data);
    }
    String parent = dest.contains("/") ? dest.substring(0, Math.max(1, dest.lastIndexOf('/'))) : ".";
    if (!exists && !call.host().stat(parent).isDirectory()) {
      return Plan.failed("Destination " + parent + " does not exist", data);
    }
    String tmp = args.optional("tmp_dest").orElse(parent);
    if (args.has("tmp_dest")) {
      FileState dir = call.host().stat(tmp);
      if (!dir.isDirectory()) {
        return Plan.failed(tmp + (dir.type() == runbook.spi.FileType.ABSENT ? " directory does not exist." : " is a file but should be a directory."), data);
      }
    }
    String vars = assign("dest", dest) + assign("tmp", tmp) + assign("local", url.startsWith("file:") ? "yes" : "")
        + assign("want", checksum == null ? "" : checksum.digest()) + assign("sum", checksum == null ? "" : checksum.algorithm() + "sum")
        + assign("mode", attributes.mode()) + assign("owner", attributes.owner()) + assign("group", attributes.group())
        + assign("backup", args.bool("backup") ? "yes" : "");
    var download = new Action.Run(request.script("get_url", vars + DOWNLOAD));
    String summary = "download " + url + " to " + dest;
    if (!exists || checksum != null) {
      // What dest will hold is known: new bytes, or those the checksum names (else the task fails).
      return Plan.change(summary, List.of(download), List.of()).touching("file:" + dest).withData(data);
    }
    return Plan.unpredictable(summary + " (only the download tells whether its content differs)", List.of(download))
        .touching("file:" + dest).withData(data);
  }

  /** What a link at dest points to, whose attributes chmod and chown change. */
  private static FileState followed(ModuleCall call, String dest) {
    CommandResult real = call.host().state(Command.of("readlink", "-f", "--", dest));
    return real.rc() == 0 ? call.host().stat(real.stdout().strip()) : call.host().stat(dest);
  }

  private static String assign(String name, String value) {
    return name + "=" + Shell.quote(value == null ? "" : value) + "\n";
  }

  /** The last part of the URL's path, as Ansible's url_filename (which says index.html for none). */
  static String filename(String url) {
    try {
      String path = new URI(url).getPath();
      String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
      return name.isEmpty() ? "index.html" : name;
    } catch (URISyntaxException e) {
      return "";
    }
  }

  /** The download's printed key=value lines as Ansible's result: status_code, checksum_src and _dest, size, msg, backup_file. */
  @Override
  public Map<String, Object> performed(Map<String, Object> values) {
    Map<String, Object> data = CommandValues.without(values);
    for (String line : String.valueOf(values.get("stdout")).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        String key = line.substring(0, eq);
        String value = line.substring(eq + 1);
        switch (key) {
          case "status_code", "size", "elapsed" -> data.put(key, Long.parseLong(value.isEmpty() ? "0" : value));
          case "changed" -> data.put(key, value.equals("yes"));
          default -> data.put(key, value);
        }
      }
    }
    return data;
  }

  /** An expected digest, given as {@code algorithm:hex} or {@code algorithm:URL} of a checksum file. */
  record Checksum(String algorithm, String digest) {
    /** Null without a checksum. */
    static Checksum of(ModuleCall call, Args args, String url) {
      String given = args.str("checksum");
      if (given.isEmpty()) {
        return null;
      }
      int colon = given.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("The checksum parameter has to be in format <algorithm>:<checksum>");
      }
      String algorithm = given.substring(0, colon).toLowerCase(Locale.ROOT);
      if (!ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException("checksum algorithm " + algorithm + " is not one of " + new java.util.TreeSet<>(ALGORITHMS));
      }
      String value = given.substring(colon + 1);
      if (value.matches("(?i)(https?|ftp|file)://.*")) {
        CommandResult file = call.host().probe(Request.get(args, value).script("get_url", assign("local", value.startsWith("file:") ? "yes" : "") + CHECKSUM_FILE));
        if (file.rc() != 0) {
          throw new IllegalArgumentException("cannot fetch the checksum file " + value + ": " + file.stderr().strip());
        }
        value = find(file.stdout(), filename(url));
        if (value == null) {
          throw new IllegalArgumentException("Unable to find a checksum for file '" + filename(url) + "' in '" + given.substring(colon + 1) + "'");
        }
      }
      // As Ansible: anything not a word character goes (the infamous zero-width space), then it must be hex.
      String digest = value.replaceAll("\\W+", "").toLowerCase(Locale.ROOT);
      if (digest.isEmpty() || !digest.matches("[0-9a-f]+")) {
        throw new IllegalArgumentException("The checksum format is invalid");
      }
      return new Checksum(algorithm, digest);
    }

    /** The checksum of {@code name} in a checksum file (sha256sum's output): a lone digest, or the line naming it. */
    static String find(String text, String name) {
      List<String> lines = text.lines().toList();
      if (lines.size() == 1 && lines.get(0).strip().split("\\s+").length == 1) {
        return lines.get(0).strip();
      }
      for (String line : lines) {
        String[] parts = line.split(" ", 2);
        if (parts.length == 2) {
          String file = parts[1].startsWith(" ") || parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
          if (file.replaceAll("^[./]+", "").equals(name)) {
            return parts[0];
          }
        }
      }
      return null;
    }
  }
}
