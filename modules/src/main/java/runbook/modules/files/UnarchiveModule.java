package runbook.modules.files;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * Ansible's unarchive: a tar (plain, gzip, bzip2, xz) or zip archive unpacked into an existing
 * dest with GNU tar or unzip. The archive is a controller file sent on stdin, a file on the host
 * ({@code remote_src}), or a URL the host downloads. Whether it is unpacked already is a read-only
 * probe, in check mode too: {@code tar --diff}, read as Ansible reads it, or for a zip each
 * member's bytes compared with the file in dest.
 */
public final class UnarchiveModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "unarchive",
          Attributes.specs(
              ArgSpec.str("src").required(),
              ArgSpec.str("dest").required(),
              ArgSpec.bool("remote_src").defaultsTo(false),
              ArgSpec.bool("copy").defaultsTo(true),
              ArgSpec.str("creates"),
              ArgSpec.bool("list_files").defaultsTo(false),
              ArgSpec.bool("keep_newer").defaultsTo(false),
              ArgSpec.list("exclude"),
              ArgSpec.list("include"),
              ArgSpec.list("extra_opts"),
              ArgSpec.bool("validate_certs").defaultsTo(true),
              ArgSpec.integer("timeout").defaultsTo(10)))
      .inCollection("ansible.builtin")
      .controllerFile("src", ModuleSpec.ControllerFile.FILES, "remote_src")
      .describedAs("Unpacks a tar or zip archive (from the controller, the host or a URL) into a directory, when it is not unpacked there yet.");

  /** What tar --diff and the zip comparison say that means the archive is not unpacked, as Ansible's regular expressions (and a few more). */
  private static final Pattern DIFFERS = Pattern.compile(
      ": (Mod time differs|Size differs|Contents differ|Symlink differs|File type differs|Attributes differ|Invalid owner|Invalid group)$"
          + "|: Warning: Cannot stat: No such file or directory$");
  private static final Pattern REASON = Pattern.compile(": (Warning: Cannot stat: No such file or directory|[A-Z][a-z ]+|Invalid (owner|group).*)$");
  private static final Pattern EMPTY_NAME = Pattern.compile(": : Warning: Cannot stat: No such file or directory$");

  /** The archive at $a told apart by its first bytes, as handler; the tar flag for its compression as $z. */
  private static final String KIND = """
      [ -s "$a" ] || { echo "Invalid archive '$src', the file is 0 bytes" >&2; exit 1; }
      z=
      case $(od -An -tx1 -N6 "$a" | tr -d ' \\n') in
        504b0304*|504b0506*) kind=ZipArchive ;;
        1f8b*) kind=TgzArchive z=-z ;;
        425a68*) kind=TarBzipArchive z=-j ;;
        fd377a585a00*) kind=TarXzArchive z=-J ;;
        *) kind=TarArchive ;;
      esac
      echo "== handler"
      echo "$kind"
      list() {
        if [ "$kind" = ZipArchive ]; then unzip -Z1 "$a" %1$s; else tar --list $z %2$s -f "$a" %3$s; fi
      }
      list > "$d/files" || { echo "Unable to list files in the archive" >&2; exit 1; }
      """;

  /**
   * The listing and what differs from dest, a line each: tar's own words, or for a zip the member
   * missing or its bytes not the file's; then the members whose attributes are not the task's.
   */
  private static final String DIFF = """
      echo "== files"
      cat "$d/files"
      echo "== uid"
      id -u
      echo "== diff"
      if [ ! -d "$dest" ]; then
        # dest that a check run only predicts: every member is missing there
        sed 's/$/: Warning: Cannot stat: No such file or directory/' "$d/files"
      elif [ "$kind" = ZipArchive ]; then
        while IFS= read -r m; do
          p="$dest/$m"
          if [ ! -e "$p" ] && [ ! -L "$p" ]; then echo "$m: Warning: Cannot stat: No such file or directory"
          else case $m in
            */) ;;
            *) [ "$keep" = yes ] && [ "$p" -nt "$a" ] || unzip -p "$a" "$(printf '%%s' "$m" | sed 's/[][*?\\\\]/\\\\&/g')" | cmp -s - "$p" || echo "$m: Contents differ" ;;
          esac; fi
        done < "$d/files"
      else
        LC_ALL=C tar --diff -C "$dest" $z %1$s -f "$a" %2$s 2>&1 || :
      fi
      """;

  /** The members whose attributes are not the task's: %1$s are find's tests that such a member passes. */
  private static final String ATTRIBUTES = """
      while IFS= read -r m; do
        if [ -e "$dest/$m" ] && [ -n "$(find "$dest/$m" -prune \\( %1$s \\) -print)" ]; then echo "$m: Attributes differ"; fi
      done < "$d/files"
      """;

  /** The unpacking, then the task's attributes on every member. */
  private static final String EXTRACT = """
      if [ "$kind" = ZipArchive ]; then unzip -o ${keep:+-u} %1$s "$a" %2$s -d "$dest"; else tar --extract -C "$dest" $z %3$s -f "$a" %4$s; fi || exit
      while IFS= read -r m; do
        if [ -n "$mode" ]; then chmod "$mode" "$dest/$m" || exit 1; fi
        if [ -n "$owner" ]; then chown -h "$owner" "$dest/$m" || exit 1; fi
        if [ -n "$group" ]; then chgrp -h "$group" "$dest/$m" || exit 1; fi
      done < "$d/files"
      """;

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String src = args.str("src");
    String dest = args.str("dest");
    Attributes attributes = Attributes.from(args);
    Optional<String> bad = attributes.problem();
    if (bad.isPresent()) {
      return Plan.failed(bad.get());
    }
    if (!args.list("include").isEmpty() && !args.list("exclude").isEmpty()) {
      return Plan.failed("parameters are mutually exclusive: include|exclude");
    }
    if (args.has("creates") && call.host().stat(args.str("creates")).exists()) {
      return Plan.unchanged("skipped, since " + args.str("creates") + " exists");
    }
    var data = new LinkedHashMap<String, Object>();
    data.put("dest", dest);
    data.put("src", src);
    if (!call.host().stat(dest).isDirectory()) {
      return Plan.failed("dest '" + dest + "' must be an existing dir", data);
    }
    List<String> earlier = call.host().pending("file:" + src);
    if (!earlier.isEmpty() && !call.host().stat(src).exists()) {
      // A check run: the archive is what an earlier task would download, not there to look into yet.
      return Plan.change("unpack " + src + " into " + dest, List.of(), List.of()).dependingOn(earlier.get(0)).withData(data);
    }
    Source source;
    try {
      source = Source.of(call, args);
    } catch (IllegalArgumentException e) {
      return Plan.failed(e.getMessage(), data);
    }
    Script script = new Script(args, attributes);
    CommandResult probe = call.host().probe(source.command(script.vars(dest, src) + script.kind() + script.diff()));
    if (probe.rc() != 0) {
      return Plan.failed(probe.stderr().isBlank() ? "cannot read the archive " + src : probe.stderr().strip(), data);
    }
    Map<String, List<String>> sections = sections(probe.stdout());
    data.put("handler", String.join("", sections.getOrDefault("handler", List.of())));
    if (args.bool("list_files")) {
      data.put("files", sections.getOrDefault("files", List.of()));
    }
    boolean root = sections.getOrDefault("uid", List.of()).contains("0");
    List<String> differs = sections.getOrDefault("diff", List.of()).stream()
        .filter(line -> !EMPTY_NAME.matcher(line).find() && (DIFFERS.matcher(line).find()
            || (line.endsWith(": Mode differs") && attributes.mode() == null)
            || (line.endsWith(": Uid differs") && root && attributes.owner() == null)
            || (line.endsWith(": Gid differs") && root && attributes.group() == null)))
        .toList();
    if (differs.isEmpty()) {
      return Plan.unchanged(src + " is unpacked in " + dest + " already", data);
    }
    var action = new Action.Run(source.command(script.vars(dest, src) + script.kind() + script.extract()));
    String summary = "unpack " + src + " into " + dest + " (" + differs.size() + (differs.size() == 1 ? " member differs" : " members differ") + ": "
        + differs.stream().limit(3).map(UnarchiveModule::member).collect(Collectors.joining(", "))
        + (differs.size() > 3 ? ", ..." : "") + ")";
    return Plan.change(summary, List.of(action), List.of()).withData(data);
  }

  /** The unpacking's output as Ansible's extract_results. */
  @Override
  public Map<String, Object> performed(Map<String, Object> values) {
    Map<String, Object> data = CommandValues.without(values);
    var results = new LinkedHashMap<String, Object>();
    results.put("rc", values.get("rc"));
    results.put("out", String.valueOf(values.get("stdout")).lines().dropWhile(l -> !l.equals("== handler")).skip(2)
        .collect(Collectors.joining("\n")));
    results.put("err", values.get("stderr"));
    data.put("extract_results", results);
    return data;
  }

  /** The member a line of the comparison is about. */
  private static String member(String line) {
    return REASON.matcher(line.replaceFirst("^tar: ", "")).replaceFirst("");
  }

  private static Map<String, List<String>> sections(String text) {
    var sections = new LinkedHashMap<String, List<String>>();
    List<String> current = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("== ")) {
        current = sections.computeIfAbsent(line.substring(3), k -> new ArrayList<>());
      } else if (current != null && !line.isEmpty()) {
        current.add(line);
      }
    }
    return sections;
  }

  /** Where the archive comes from, as the first lines of a script that leave it at $a (in $d, a private directory removed at exit). */
  private record Source(String prelude, String stdin, Request request) {
    private static final String DIRECTORY = "d=$(mktemp -d) || exit 1\ntrap 'rm -rf \"$d\"' EXIT\n";

    static Source of(ModuleCall call, Args args) {
      String src = args.str("src");
      if (src.contains("://")) {
        String fetch = "umask \"$umask_was\"\nlocal=" + (src.startsWith("file:") ? "yes" : "") + "\nfetch \"$d/archive\" > \"$d/reply\" || exit\n"
            + GetUrlModule.ANSWERED + "a=\"$d/archive\"\n";
        return new Source(fetch, null, Request.get(args, src));
      }
      if (args.bool("remote_src") || !args.bool("copy")) {
        FileState file = call.host().stat(src);
        if (!file.exists()) {
          throw new IllegalArgumentException("Source '" + src + "' does not exist");
        }
        return new Source(DIRECTORY + "a=" + Shell.quote(src) + "\n", null, null);
      }
      byte[] archive = call.controller().readFile("files", src);
      return new Source(DIRECTORY + "base64 -d > \"$d/archive\" || exit 1\na=\"$d/archive\"\n", Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(archive) + "\n",
          null);
    }

    Command command(String script) {
      if (request != null) {
        return request.script("unarchive", prelude + script);
      }
      Command command = Command.script(prelude + script);
      return stdin == null ? command : command.withStdin(stdin);
    }
  }

  /** The script's parts, with the task's words quoted into them. */
  private record Script(Args args, Attributes attributes) {
    String vars(String dest, String src) {
      return "dest=" + Shell.quote(dest) + "\nsrc=" + Shell.quote(src) + "\nkeep=" + (args.bool("keep_newer") ? "yes" : "")
          + "\nmode=" + Shell.quote(orEmpty(attributes.mode())) + "\nowner=" + Shell.quote(orEmpty(attributes.owner()))
          + "\ngroup=" + Shell.quote(orEmpty(attributes.group())) + "\n";
    }

    String kind() {
      return KIND.formatted(zipFilter(), tarOptions(false), words("include"));
    }

    String diff() {
      String tests = check();
      return DIFF.formatted(tarOptions(true), words("include")) + (tests.isEmpty() ? "" : ATTRIBUTES.formatted(tests));
    }

    String extract() {
      return EXTRACT.formatted(words("extra_opts"), zipFilter(), tarOptions(true), words("include"));
    }

    /** The find tests a member fails when its attributes are not the task's (an octal mode only: find cannot weigh a symbolic one). */
    private String check() {
      var tests = new ArrayList<String>();
      if (attributes.mode() != null && attributes.mode().matches("[0-7]{3,4}")) {
        tests.add("! -perm " + attributes.mode());
      }
      if (attributes.owner() != null) {
        tests.add("! -user " + Shell.quote(attributes.owner()));
      }
      if (attributes.group() != null) {
        tests.add("! -group " + Shell.quote(attributes.group()));
      }
      return String.join(" -o ", tests);
    }

    /** unzip's member list and -x exclusions. */
    private String zipFilter() {
      String include = words("include");
      String exclude = words("exclude");
      return (include.isEmpty() ? "" : include) + (exclude.isEmpty() ? "" : (include.isEmpty() ? "" : " ") + "-x " + exclude);
    }

    /** tar's options: extra_opts, and with {@code owned} the owner, group and keep_newer; the exclusions. */
    private String tarOptions(boolean owned) {
      var words = new ArrayList<String>();
      List<Object> extra = args.list("extra_opts");
      if (!extra.isEmpty()) {
        words.add("--show-transformed-names");
        extra.forEach(o -> words.add(String.valueOf(o)));
      }
      if (owned && attributes.owner() != null) {
        words.add("--owner=" + attributes.owner());
      }
      if (owned && attributes.group() != null) {
        words.add("--group=" + attributes.group());
      }
      if (owned && args.bool("keep_newer")) {
        words.add("--keep-newer-files");
      }
      args.list("exclude").forEach(e -> words.add("--exclude=" + String.valueOf(e).replaceAll("/+$", "")));
      return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    private String words(String name) {
      return args.list(name).stream().map(String::valueOf).map(Shell::quote).collect(Collectors.joining(" "));
    }

    private static String orEmpty(String value) {
      return value == null ? "" : value;
    }
  }
}
