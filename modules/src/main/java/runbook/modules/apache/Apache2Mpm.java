package runbook.modules.apache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ours: sizes Apache to the host's memory, so that a new box does not die of the default 150
 * workers (S1: 25 MB mod_perl children on 1 GB). Children = floor((usable RAM - reserve) / RSS per
 * child); usable RAM is given, or the facts' memtotal_mb, or the cgroup's memory_limit_mb when
 * lower; the RSS is given or measured from the running apache2 children. The result goes into the active
 * MPM's config file (the MPM whose mpm_*.load is linked in mods-enabled), with ServerLimit raised
 * when the result passes it, and the file is placed only if Apache's configtest passes.
 */
public final class Apache2Mpm implements Module {
  /**
   * The default reserve: the kernel, sshd, cron, logging and the page cache Apache's own files need.
   * A database or another service on the same box needs its share added to it.
   */
  static final int RESERVE_MB = 200;
  /** Apache's compiled-in ServerLimit: prefork's counts processes that are workers, the threaded MPMs' processes of ThreadsPerChild workers. */
  private static final int PREFORK_SERVER_LIMIT = 256;
  private static final int THREADED_SERVER_LIMIT = 16;
  private static final int THREADS_PER_CHILD = 25;

  private static final ModuleSpec SPEC = ModuleSpec.of(
      "apache2_mpm",
      ArgSpec.integer("ram_mb"),
      ArgSpec.integer("child_rss_mb"),
      ArgSpec.integer("rss_percentile"),
      ArgSpec.integer("reserve_mb").defaultsTo(RESERVE_MB),
      ArgSpec.bool("ignore_configcheck").defaultsTo(false))
      .describedAs("Ours: sizes Apache's MaxRequestWorkers to the memory and the measured size of a child.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    HostView host = call.host();
    Integer percentile = args.integer("rss_percentile");
    if (percentile != null && (percentile < 1 || percentile > 100)) {
      return Plan.failed("rss_percentile must be between 1 and 100, not " + percentile + ".");
    }
    List<String> mpms = host.tree(Links.MODS.enabled()).stream()
        .map(FileState::path)
        .map(p -> p.substring(p.lastIndexOf('/') + 1))
        .filter(f -> f.startsWith("mpm_") && f.endsWith(".load"))
        .map(f -> f.substring(0, f.length() - ".load".length()))
        .sorted()
        .toList();
    Optional<String> install = Links.pendingInstall(host);
    if (mpms.size() != 1) {
      return install.isPresent() && mpms.isEmpty()
          ? Plan.change("no MPM is enabled yet: it may come with " + install.get(), List.of(), List.of()).dependingOn(install.get())
          : Plan.failed(mpms.isEmpty() ? "No MPM is enabled in " + Links.MODS.enabled() + "." : "More than one MPM is enabled: " + String.join(", ", mpms) + ".");
    }
    String mpm = mpms.get(0);
    String path = Links.MODS.file(mpm + ".conf");
    FileState file = host.read(path);
    if (file.content() == null) {
      return Plan.failed(path + " is not a file, so the MPM's settings have nowhere to go.");
    }
    var ram = args.has("ram_mb") ? Optional.of(new Ram(args.integer("ram_mb"), "given")) : Ram.of(call.facts());
    if (ram.isEmpty()) {
      return Plan.failed("The facts of this host hold no memtotal_mb, so its memory is unknown.");
    }
    Rss rss;
    if (args.has("child_rss_mb")) {
      rss = new Rss(args.integer("child_rss_mb"), "given");
    } else {
      var measured = Rss.measure(host, percentile);
      if (measured.isEmpty()) {
        return install.isPresent()
            ? Plan.change("no apache2 children run yet to measure: they may come with " + install.get(), List.of(), List.of())
                .dependingOn(install.get())
            : Plan.failed("No apache2 children are running to measure: start Apache, or give child_rss_mb.");
      }
      rss = measured.get();
    }
    int reserve = args.integer("reserve_mb");
    if (rss.mb() <= 0) {
      return Plan.failed("child_rss_mb must be above 0, not " + rss.mb() + ".");
    }
    int children = (int) Math.floor((ram.get().mb() - reserve) / rss.mb());
    if (children < 1) {
      return Plan.failed(ram.get().mb() + " MB of RAM less the " + reserve + " MB reserve leaves no room for a " + rss.shown()
          + " MB child.");
    }
    String text = new String(file.content(), StandardCharsets.UTF_8);
    var block = Block.of(text, mpm);
    boolean prefork = mpm.equals("mpm_prefork");
    int threads = prefork ? 1 : block.value("ThreadsPerChild").orElse(THREADS_PER_CHILD);
    int workers = children * threads;
    String directive = block.value("MaxClients").isPresent() && block.value("MaxRequestWorkers").isEmpty() ? "MaxClients" : "MaxRequestWorkers";
    int limitNeeded = prefork ? workers : children;
    int limitNow = block.value("ServerLimit").orElse(prefork ? PREFORK_SERVER_LIMIT : THREADED_SERVER_LIMIT);
    String updated = block.set(directive, workers);
    if (limitNeeded > limitNow) {
      updated = Block.of(updated, mpm).setBefore("ServerLimit", limitNeeded, directive);
    }
    String sum = "(" + ram.get().mb() + " MB RAM (" + ram.get().from() + ") - " + reserve + " MB reserve) / " + rss.shown()
        + " MB per child (" + rss.from() + ") = " + children + " children" + (prefork ? "" : " x " + threads + " threads");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("mpm", mpm);
    data.put("path", path);
    data.put("ram_mb", ram.get().mb());
    data.put("ram_from", ram.get().from());
    data.put("reserve_mb", reserve);
    data.put("child_rss_mb", rss.mb());
    data.put("rss_from", rss.from());
    data.put("children", children);
    data.put("directive", directive);
    data.put("max_request_workers", workers);
    data.put("server_limit", Math.max(limitNeeded, limitNow));
    if (updated.equals(text)) {
      return Plan.unchanged(directive + " is already " + workers + " in " + path + ": " + sum, data);
    }
    byte[] content = updated.getBytes(StandardCharsets.UTF_8);
    String was = block.value(directive).map(String::valueOf).orElse("unset");
    var write = new Action.WriteFile(path, content, null, null, null, false, null,
        args.bool("ignore_configcheck") ? null : Links.CONFIGTEST.argv());
    return Plan.change(directive + " " + was + " -> " + workers + " in " + path + ": " + sum, List.of(write),
            List.of(FileDiff.of(path, file.content(), content)))
        .withData(data);
  }

  /** The RAM Apache may use: the cgroup's limit when it is below the machine's. */
  record Ram(int mb, String from) {
    static Optional<Ram> of(Map<String, Object> facts) {
      Optional<Integer> total = number(facts.get("memtotal_mb"));
      Optional<Integer> limit = number(facts.get("memory_limit_mb"));
      if (total.isEmpty()) {
        return Optional.empty();
      }
      return limit.isPresent() && limit.get() > 0 && limit.get() < total.get()
          ? Optional.of(new Ram(limit.get(), "memory_limit_mb"))
          : Optional.of(new Ram(total.get(), "memtotal_mb"));
    }

    private static Optional<Integer> number(Object fact) {
      if (fact instanceof Number n) {
        return Optional.of(n.intValue());
      }
      try {
        return fact == null ? Optional.empty() : Optional.of(Integer.parseInt(String.valueOf(fact).trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** One child's resident memory in MB, and where the figure comes from. */
  record Rss(double mb, String from) {
    static final Command PS = Command.of("ps", "-o", "pid=,ppid=,rss=", "-C", "apache2");

    /** The children's RSS (the parent, root's, serves nothing): their mean, or a percentile by nearest rank. */
    static Optional<Rss> measure(HostView host, Integer percentile) {
      CommandResult ps = host.probe(PS);
      List<long[]> rows = new ArrayList<>();
      for (String line : ps.stdout().split("\n")) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length == 3 && cols[0].matches("\\d+") && cols[1].matches("\\d+") && cols[2].matches("\\d+")) {
          rows.add(new long[] {Long.parseLong(cols[0]), Long.parseLong(cols[1]), Long.parseLong(cols[2])});
        }
      }
      var pids = rows.stream().map(r -> r[0]).toList();
      List<Long> kib = rows.stream().filter(r -> pids.contains(r[1])).map(r -> r[2]).sorted().toList();
      if (kib.isEmpty()) {
        return Optional.empty();
      }
      String of = kib.size() + " apache2 " + (kib.size() == 1 ? "child" : "children");
      if (percentile == null) {
        return Optional.of(new Rss(kib.stream().mapToLong(Long::longValue).average().orElseThrow() / 1024, "mean of " + of));
      }
      int rank = (int) Math.ceil(percentile / 100.0 * kib.size());
      return Optional.of(new Rss(kib.get(Math.max(rank, 1) - 1) / 1024.0, "percentile " + percentile + " of " + of));
    }

    /** The figure as shown: one decimal when measured. */
    String shown() {
      return mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format(java.util.Locale.ROOT, "%.1f", mb);
    }
  }

  /**
   * The MPM's {@code <IfModule mpm_X_module>} section of its file (the whole file when it has none, as
   * Debian 12's), edited line by line, every other byte kept.
   */
  record Block(String text, int start, int end) {
    static Block of(String text, String mpm) {
      Matcher open = Pattern.compile("(?im)^\\s*<IfModule\\s+!?" + Pattern.quote(mpm) + "_module\\s*>[^\\n]*\\n").matcher(text);
      if (!open.find()) {
        return new Block(text, 0, text.length());
      }
      Matcher close = Pattern.compile("(?im)^\\s*</IfModule\\s*>").matcher(text);
      return new Block(text, open.end(), close.find(open.end()) ? close.start() : text.length());
    }

    private Matcher line(String directive) {
      Matcher m = Pattern.compile("(?im)^([ \\t]*" + directive + "[ \\t]+)(\\S+)([^\\n]*)$").matcher(text);
      m.region(start, end);
      return m;
    }

    Optional<Integer> value(String directive) {
      Matcher m = line(directive);
      return m.find() && m.group(2).matches("\\d+") ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
    }

    /** The directive's value replaced where it stands, or a new line at the end of the section. */
    String set(String directive, int value) {
      Matcher m = line(directive);
      if (m.find()) {
        return text.substring(0, m.start(2)) + value + text.substring(m.end(2));
      }
      return insert(end, directive, value);
    }

    /** As {@link #set}, but a new line goes before {@code next} (ServerLimit before MaxRequestWorkers). */
    String setBefore(String directive, int value, String next) {
      Matcher existing = line(directive);
      Matcher after = line(next);
      return existing.find() || !after.find() ? set(directive, value) : insert(after.start(), directive, value);
    }

    private String insert(int at, String directive, int value) {
      Matcher any = Pattern.compile("(?m)^([ \\t]*)[A-Za-z]").matcher(text);
      any.region(start, end);
      String indent = any.find() ? any.group(1) : "";
      String prefix = at > 0 && text.charAt(at - 1) != '\n' ? "\n" : "";
      return text.substring(0, at) + prefix + indent + directive + " " + value + "\n" + text.substring(at);
    }
  }
}
