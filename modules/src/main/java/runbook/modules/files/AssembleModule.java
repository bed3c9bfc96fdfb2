package runbook.modules.files;

import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.PyRegex;

/**
 * Ansible's assemble: the regular files of a directory on the host, in name order, joined into
 * {@code dest} (a newline after a fragment that lacks one; the delimiter, its escapes decoded, and
 * a newline after it unless it ends with one, between fragments). Planned from the fragments' bytes,
 * written as copy writes: atomically, with a diff, validate, backup and attributes.
 */
public final class AssembleModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "assemble",
          FileWrite.specs(
              ArgSpec.str("src").required(),
              ArgSpec.str("dest").required(),
              ArgSpec.str("delimiter"),
              ArgSpec.bool("remote_src").defaultsTo(true),
              ArgSpec.str("regexp"),
              ArgSpec.bool("ignore_hidden").defaultsTo(false)))
      .inCollection("ansible.builtin")
      .describedAs("Joins the files of a directory on the host, in name order, into one file.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String src = args.str("src");
    if (!args.bool("remote_src")) {
      return Plan.failed("assemble with remote_src: false (fragments on the controller) is not supported; copy them to the host first");
    }
    var problem = PyRegex.problem("regexp", args.str("regexp"));
    if (problem.isPresent()) {
      return Plan.failed(problem.get());
    }
    HostView host = call.host();
    FileState dir = Links.through(host, host.stat(src));
    if (!dir.exists()) {
      return Plan.failed("Source (" + src + ") does not exist");
    }
    if (!dir.isDirectory()) {
      return Plan.failed("Source (" + src + ") is not a directory");
    }
    byte[] content = assemble(host, src, args);
    String dest = args.str("dest");
    var data = new LinkedHashMap<String, Object>();
    data.put("src", src);
    data.put("dest", dest);
    data.put("checksum", Text.sha1(content));
    data.put("md5sum", Text.md5(content));
    data.put("msg", "OK");
    return FileWrite.of(host.read(dest), content, args).plan(dest + " assembled from " + src, dest + " is up to date", data);
  }

  private static byte[] assemble(HostView host, String src, Args args) {
    String dir = src.endsWith("/") ? src.substring(0, src.length() - 1) : src;
    PyRegex regexp = args.has("regexp") ? PyRegex.compile(args.str("regexp"), 0) : null;
    byte[] delimiter = args.has("delimiter") ? unescape(args.str("delimiter")) : new byte[0];
    var out = new ByteArrayOutputStream();
    boolean first = true;
    boolean lastHadNewline = true;
    List<FileState> entries = host.tree(dir).stream()
        .filter(e -> Text.dirname(e.path()).equals(dir) && !e.path().equals(dir))
        .sorted(Comparator.comparing(e -> Text.basename(e.path())))
        .toList();
    for (FileState entry : entries) {
      String name = Text.basename(entry.path());
      if ((regexp != null && !regexp.search(name)) || (args.bool("ignore_hidden") && name.startsWith("."))) {
        continue;
      }
      byte[] fragment = entry.isFile() || entry.isLink() ? host.read(entry.path()).content() : null;
      if (fragment == null) {
        continue; // not a regular file, nor a link to one
      }
      if (!lastHadNewline) {
        out.write('\n');
      }
      if (!first && delimiter.length > 0) {
        out.writeBytes(delimiter);
        if (delimiter[delimiter.length - 1] != '\n') {
          out.write('\n');
        }
      }
      out.writeBytes(fragment);
      first = false;
      lastHadNewline = fragment.length > 0 && fragment[fragment.length - 1] == '\n';
    }
    return out.toByteArray();
  }

  /** Python's escape_decode, as Ansible reads the delimiter: \n, \t, \r, \\, \', \", \xHH; other bytes as they are. */
  static byte[] unescape(String text) {
    byte[] raw = runbook.spi.RawText.encode(text);
    var out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '\\' || i + 1 == raw.length) {
        out.write(raw[i]);
        continue;
      }
      char c = (char) raw[++i];
      if (c == 'x' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
        out.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        i += 2;
      } else {
        int decoded = "ntr\\'\"".indexOf(c);
        if (decoded >= 0) {
          out.write("\n\t\r\\'\"".charAt(decoded));
        } else {
          out.write('\\');
          out.write(c);
        }
      }
    }
    return out.toByteArray();
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }
}
