package runbook.modules.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.CommandResult;
import runbook.spi.FileDiff;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.ShellWords;

/**
 * ansible.posix.synchronize: rsync from the controller to the host (push), from the host to the
 * controller (pull), or, with delegate_to, between the delegate and the host (src on the delegate
 * in a push, dest on it in a pull), always relayed through the controller's own connections (see
 * {@link Rsync}). Planned from rsync's own dry run, so check mode names every file that would be
 * sent or deleted, and a tree in sync is "ok" without a real run.
 */
public final class SynchronizeModule implements runbook.spi.Module {
  /** rsync's status when files vanished while it ran (a live tree): a warning, not a failure. */
  static final int VANISHED = 24;
  /** Arguments that choose how OpenSSH runs between the hosts; the relay uses the controller's connections instead. */
  private static final List<String> SSH_ONLY = List.of("dest_port", "use_ssh_args", "verify_host", "private_key", "set_remote_user",
      "ssh_connection_multiplexing");
  private static final Set<String> CONTROLLER_NAMES = Set.of("localhost", "127.0.0.1", "::1");

  private static final ModuleSpec SPEC = ModuleSpec.of("synchronize", args()).inCollection("ansible.posix")
      .describedAs("Copies a tree with rsync between the controller and the host, or between two hosts, relayed through the controller.");

  private static List<ArgSpec> args() {
    List<ArgSpec> args = new ArrayList<>(List.of(
        ArgSpec.str("src").required(), ArgSpec.str("dest").required(), ArgSpec.str("mode").choices("push", "pull").defaultsTo("push"),
        ArgSpec.bool("archive").defaultsTo(true), ArgSpec.bool("checksum").defaultsTo(false), ArgSpec.bool("compress").defaultsTo(true),
        ArgSpec.bool("existing_only").defaultsTo(false), ArgSpec.bool("delete").defaultsTo(false), ArgSpec.bool("dirs").defaultsTo(false),
        ArgSpec.bool("recursive"), ArgSpec.bool("links"), ArgSpec.bool("copy_links").defaultsTo(false), ArgSpec.bool("perms"),
        ArgSpec.bool("times"), ArgSpec.bool("owner"), ArgSpec.bool("group"), ArgSpec.str("rsync_path"),
        ArgSpec.integer("rsync_timeout").defaultsTo(0), ArgSpec.list("rsync_opts"), ArgSpec.bool("partial").defaultsTo(false),
        ArgSpec.list("link_dest")));
    SSH_ONLY.forEach(name -> args.add(ArgSpec.raw(name)));
    return args;
  }

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    boolean recursive = flag(args, "recursive");
    if (args.bool("delete") && !recursive) {
      return Plan.failed("delete needs recursive (or archive): rsync deletes only below directories it recurses into");
    }
    List<String> rsyncPath = ShellWords.split(args.optional("rsync_path").orElse("rsync")).filter(w -> !w.isEmpty())
        .orElse(List.of());
    if (rsyncPath.isEmpty()) {
      return Plan.failed("rsync_path must name a program: " + args.str("rsync_path"));
    }
    // The delegate (or the controller) is one end, the inventory host the other; the client always runs where dest is.
    String delegate = call.delegate();
    String other = delegate == null || CONTROLLER_NAMES.contains(delegate) ? Action.CONTROLLER : null;
    String inventoryHost = String.valueOf(call.controller().evaluate("inventory_hostname"));
    boolean push = args.str("mode").equals("push");
    String destHost = push ? inventoryHost : other;
    String srcHost = push ? other : inventoryHost;
    String otherName = other == null ? delegate : "";
    String destName = push ? inventoryHost : otherName;
    String srcName = push ? otherName : inventoryHost;
    Rsync rsync = new Rsync(options(args, recursive), remote(args.str("src")), args.str("dest"), rsyncPath);

    CommandResult dry = call.relay(new Action.Relay(destHost, rsync.client(true), srcHost, rsync::admit, Set.of(VANISHED)));
    if (dry.rc() != 0 && dry.rc() != VANISHED) {
      return Plan.failed("rsync failed with status " + dry.rc() + ": " + lastLines(dry.stdout() + dry.stderr()),
          Map.of("rc", dry.rc(), "stdout", dry.stdout(), "stderr", dry.stderr(), "cmd", rsync.display()));
    }
    boolean times = flag(args, "times");
    List<Itemized> changes = Itemized.parse(dry.stdout()).stream().filter(i -> i.changes(times)).toList();
    Map<String, Object> data = results(changes, rsync);
    List<String> warnings = new ArrayList<>();
    if (dry.rc() == VANISHED) {
      warnings.add("files vanished from the source while rsync read it (status 24): " + lastLines(dry.stdout()));
    }
    SSH_ONLY.stream().filter(args::has).forEach(name -> warnings.add(
        name + " is not used: rsync's stream goes through the controller's own connections to both hosts, which check host keys"));
    if (!warnings.isEmpty()) {
      data.put("warnings", warnings);
    }
    String where = place(srcName, rsync.src()) + " to " + place(destName, rsync.dest());
    if (changes.isEmpty()) {
      return Plan.unchanged(where + " already in sync", data);
    }
    String listing = changes.stream().map(Itemized::line).collect(Collectors.joining("\n", "", "\n"));
    return Plan.change("sync " + where + ": " + data.get("files_sent") + " files to send (" + data.get("bytes_sent") + " bytes), "
            + data.get("files_deleted") + " to delete, " + changes.size() + " changes in all",
            List.of(new Action.Relay(destHost, rsync.client(false), srcHost, rsync::admit, Set.of(VANISHED),
                Rsync.meter((Long) data.get("files_sent"), (Long) data.get("bytes_sent")), rsync.dest())),
            List.of(new FileDiff(place(destName, rsync.dest()), "", listing)))
        .withData(data);
  }

  /** Ansible's options: archive, or each of its parts; a part set explicitly wins over archive. */
  private static List<String> options(Args args, boolean recursive) {
    List<String> o = new ArrayList<>();
    boolean archive = args.bool("archive");
    if (archive) {
      o.add("--archive");
    }
    for (String part : List.of("recursive", "links", "perms", "times", "owner", "group")) {
      Object set = args.raw(part);
      if (archive && Boolean.FALSE.equals(set)) {
        o.add("--no-" + part);
      } else if (!archive && Boolean.TRUE.equals(set)) {
        o.add("--" + part);
      }
    }
    if (args.bool("dirs")) {
      o.add("--dirs");
    }
    for (String simple : List.of("checksum", "compress", "copy_links", "partial")) {
      if (args.bool(simple)) {
        o.add("--" + simple.replace('_', '-'));
      }
    }
    if (args.bool("existing_only")) {
      o.add("--existing");
    }
    if (args.bool("delete") && recursive) {
      o.add("--delete-after");
    }
    if (args.integer("rsync_timeout") > 0) {
      o.add("--timeout=" + args.integer("rsync_timeout"));
    }
    args.list("link_dest").forEach(d -> o.add("--link-dest=" + d));
    args.list("rsync_opts").forEach(opt -> o.add(String.valueOf(opt)));
    return o;
  }

  /** A part of archive: as set, else as archive says (times, recursive). */
  private static boolean flag(Args args, String part) {
    Object set = args.raw(part);
    return set instanceof Boolean b ? b : args.bool("archive");
  }

  /** A relative source is relative to the login directory, and must never read as an option to the server. */
  private static String remote(String src) {
    return src.startsWith("/") ? src : "./" + src;
  }

  /** What is registered: the lists and counts of the dry run, and the command. */
  private static Map<String, Object> results(List<Itemized> changes, Rsync rsync) {
    List<String> sent = changes.stream().filter(i -> !i.deletion()).map(Itemized::path).toList();
    List<String> deleted = changes.stream().filter(Itemized::deletion).map(Itemized::path).toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cmd", rsync.display());
    data.put("sent", sent);
    data.put("deleted", deleted);
    data.put("files_sent", changes.stream().filter(Itemized::sent).count());
    data.put("bytes_sent", changes.stream().filter(Itemized::sent).mapToLong(Itemized::length).sum());
    data.put("files_deleted", (long) deleted.size());
    data.put("msg", changes.stream().map(Itemized::line).collect(Collectors.joining("\n")));
    return data;
  }

  /** host:path, or the path alone on the controller. */
  private static String place(String host, String path) {
    return (host.isEmpty() ? "" : host + ":") + path;
  }

  private static String lastLines(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }
}
