package runbook.modules.packages;

import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's apt: installs, upgrades and removes Debian packages, updates the cache, upgrades the
 * system. What changes is what apt's simulation says (see the package documentation).
 */
public final class AptModule implements Module {
  static final List<ArgSpec> ARGS = List.of(
      ArgSpec.list("name").alias("package", "pkg"),
      ArgSpec.str("state").choices("absent", "build-dep", "fixed", "latest", "present").defaultsTo("present"),
      ArgSpec.bool("update_cache").alias("update-cache"),
      ArgSpec.integer("cache_valid_time").defaultsTo(0),
      ArgSpec.bool("purge").defaultsTo(false),
      ArgSpec.bool("autoremove").defaultsTo(false),
      ArgSpec.str("deb"),
      ArgSpec.str("default_release").alias("default-release"),
      ArgSpec.bool("install_recommends").alias("install-recommends"),
      ArgSpec.str("dpkg_options").defaultsTo("force-confdef,force-confold"),
      ArgSpec.integer("lock_timeout").defaultsTo(60),
      ArgSpec.integer("policy_rc_d"),
      // YAML's unquoted yes/no arrive as booleans; Ansible accepts them here.
      ArgSpec.str("upgrade").choices("dist", "full", "no", "safe", "yes", "true", "false").defaultsTo("no"),
      ArgSpec.bool("only_upgrade").defaultsTo(false),
      ArgSpec.bool("allow_downgrade").alias("allow-downgrade", "allow_downgrades", "allow-downgrades").defaultsTo(false));

  private static final ModuleSpec SPEC = ModuleSpec.of("apt", ARGS).inCollection("ansible.builtin")
      .describedAs("Installs, upgrades or removes Debian packages with apt, planned from apt-get's own dry run.");

  /** The cache's age: Debian writes no update-success-stamp, and apt renames fresh lists into this directory. */
  static final String CACHE_AGE = "stat -c %Y /var/lib/apt/lists && date +%s";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    List<String> names = args.list("name").stream().map(n -> String.valueOf(n).strip()).filter(n -> !n.isEmpty()).toList();
    String state = args.str("state");
    List<String> upgrade = upgrade(args.str("upgrade"), names, state);
    if (upgrade != null && names.equals(List.of("*"))) {
      names = List.of();
    }
    String deb = args.str("deb");
    boolean updateCache = args.bool("update_cache") || args.integer("cache_valid_time") > 0;
    long given = Stream.of(!names.isEmpty(), deb != null, upgrade != null).filter(b -> b).count();
    if (given > 1) {
      return Plan.failed("only one of name, deb and upgrade can be given");
    }
    if (given == 0 && !updateCache && !args.bool("autoremove")) {
      return Plan.failed("one of name, deb, upgrade, update_cache or autoremove is needed");
    }
    if (deb != null && !state.equals("present")) {
      return Plan.failed("deb only works with state present");
    }
    if (deb != null && deb.contains("://")) {
      return Plan.failed("deb must be a path on the host; fetch '" + deb + "' there first (get_url)");
    }
    HostView host = call.host();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cache_updated", false);
    List<Action> actions = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    AptGet apt = AptGet.of(args);
    boolean update = false;
    if (updateCache) {
      CommandResult age = host.state(Command.script(CACHE_AGE).withEnv(AptGet.ENV));
      String[] times = age.stdout().strip().split("\\s+");
      if (!age.ok() || times.length != 2) {
        return Plan.failed("cannot read the age of the apt cache: " + age.stderr().strip());
      }
      long mtime = Long.parseLong(times[0]);
      long now = Long.parseLong(times[1]);
      int valid = args.integer("cache_valid_time");
      update = valid == 0 || mtime + valid < now;
      data.put("cache_updated", update);
      // After an update the lists are as new as the moment it runs; the plan's "now" is that moment's best guess.
      data.put("cache_update_time", update ? now : mtime);
      if (update) {
        actions.add(apt.update());
      } else {
        reasons.add("the apt cache was updated " + (now - mtime) + " s ago, within cache_valid_time " + valid + " s");
      }
    }
    Ask ask = deb != null ? new Request(List.of("install", "--", deb.contains("/") ? deb : "./" + deb), List.of(), false)
        : upgrade != null ? new Request(flags(args, "--auto-remove", upgrade), List.of(), false)
        : !names.isEmpty() ? request(args, state, names, host, reasons)
        : args.bool("autoremove") ? new Request(args.bool("purge") ? List.of("--purge", "autoremove") : List.of("autoremove"), List.of(), false)
        : null;
    if (ask instanceof Refused refused) {
      return Plan.failed(refused.message());
    }
    Request request = ask == null ? new Request(null, List.of(), false) : (Request) ask;
    Simulation simulation = null;
    if (request.verb() != null) {
      CommandResult simulated = host.state(apt.simulate(request.verb()));
      if (!simulated.ok() && !update) {
        return Plan.failed("apt cannot " + shown(request.verb()) + ": " + errors(simulated));
      }
      if (!simulated.ok()) {
        // The packages may come with the updated cache (a repository added by an earlier task).
        actions.add(apt.run(request.verb(), new Simulation(List.of(), "").meter()));
        return Plan.unpredictable("update the apt cache, then apt-get " + shown(request.verb())
            + " (apt cannot simulate it before the update: " + errors(simulated) + ")", actions).withData(data);
      }
      simulation = Simulation.parse(simulated.stdout());
      if (simulation.changes() || (update && request.runAfterUpdate())) {
        actions.add(apt.run(request.verb(), simulation.meter()));
        data.put("stdout", simulated.stdout());
        data.put("stderr", simulated.stderr());
        data.put("diff", Map.of("prepared", simulation.prepared()));
      } else {
        reasons.add("apt-get " + shown(request.verb()) + " would change nothing (" + Simulation.counts(simulated.stdout()) + ")");
      }
    }
    Set<String> topics = new LinkedHashSet<>();
    request.names().forEach(n -> topics.add("package:" + n));
    if (simulation != null && !actions.isEmpty()) {
      simulation.names().forEach(n -> topics.add("package:" + n));
    }
    List<String> earlier = call.checkMode()
        ? topics.stream().flatMap(t -> host.pending(t).stream()).distinct().toList() : List.of();
    if (actions.isEmpty() && earlier.isEmpty()) {
      return Plan.unchanged(String.join("; ", reasons), data);
    }
    Plan.Change change = Plan.change(summary(update, simulation, request, earlier), actions,
            simulation != null && simulation.changes() ? List.of(simulation.diff()) : List.of())
        .withData(data)
        .touching(topics.toArray(String[]::new));
    return earlier.isEmpty() ? change : change.dependingOn(String.join(", ", earlier));
  }

  /**
   * What to ask apt for the named packages, or a refusal; the packages that need nothing are
   * settled from dpkg's answer and their reasons added to {@code reasons}.
   */
  private static Ask request(Args args, String state, List<String> specs, HostView host, List<String> reasons) {
    List<String> plain = specs.stream().map(AptModule::nameOf).toList();
    switch (state) {
      case "latest" -> {
        if (specs.stream().anyMatch(s -> s.contains("="))) {
          return new Refused("a version (name=VERSION) cannot be combined with state latest");
        }
        return new Request(words(flags(args, "--auto-remove", List.of()), "install", specs, args.bool("only_upgrade")), plain, true);
      }
      case "build-dep" -> {
        return new Request(words(List.of(), "build-dep", specs, false), plain, false);
      }
      default -> {}
    }
    Dpkg dpkg = Dpkg.parse(host.state(Dpkg.query(plain)));
    if (dpkg == null) {
      return new Refused("dpkg-query cannot read the package database");
    }
    List<String> wanted = new ArrayList<>();
    for (String spec : specs) {
      String settled = state.equals("absent") ? absent(spec, dpkg.get(nameOf(spec)), args.bool("purge")) : present(spec, dpkg.get(nameOf(spec)), args.bool("only_upgrade"));
      if (settled == null) {
        wanted.add(state.equals("absent") ? nameOf(spec) : spec);
      } else {
        reasons.add(settled);
      }
    }
    if (wanted.isEmpty() && !state.equals("fixed")) {
      return new Request(null, plain, false);
    }
    if (state.equals("absent")) {
      List<String> flags = new ArrayList<>(args.bool("purge") ? List.of("--purge") : List.of());
      flags.addAll(flags(args, "--auto-remove", List.of()));
      return new Request(words(flags, "remove", wanted, false), plain, false);
    }
    List<String> flags = new ArrayList<>(state.equals("fixed") ? List.of("--fix-broken") : List.of());
    flags.addAll(flags(args, "--auto-remove", List.of()));
    return new Request(words(flags, "install", wanted, args.bool("only_upgrade")), plain, true);
  }

  /** Null when {@code spec} still needs installing, else why not. */
  private static String present(String spec, Dpkg.Entry entry, boolean onlyUpgrade) {
    String version = versionOf(spec);
    if (!entry.installed()) {
      return onlyUpgrade ? entry.name() + " is not installed, and only_upgrade installs nothing new" : null;
    }
    if (version == null) {
      return entry.name() + " " + entry.version() + " is installed";
    }
    return matches(version, entry.version()) ? entry.name() + " " + entry.version() + " is installed, which " + version + " allows" : null;
  }

  /** Null when {@code spec} still needs removing, else why not. */
  private static String absent(String spec, Dpkg.Entry entry, boolean purge) {
    String version = versionOf(spec);
    if (!entry.hasFiles()) {
      return entry.name() + " is not installed";
    }
    if (!entry.installed() && entry.status() == 'c' && !purge) {
      return entry.name() + " is removed (its configuration files remain: purge removes them)";
    }
    if (version != null && entry.installed() && !matches(version, entry.version())) {
      return entry.name() + " " + entry.version() + " is installed, not " + version;
    }
    return null;
  }

  /** Versions match as Ansible matches them: the spec is a shell pattern ("2.7.*"). */
  private static boolean matches(String pattern, String version) {
    return FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("\\", "\\\\").replace("{", "\\{")).matches(java.nio.file.Path.of(version));
  }

  private static String nameOf(String spec) {
    int eq = spec.indexOf('=');
    return eq < 0 ? spec : spec.substring(0, eq);
  }

  private static String versionOf(String spec) {
    int eq = spec.indexOf('=');
    return eq < 0 ? null : spec.substring(eq + 1);
  }

  /** {@code upgrade}'s verb, or null; {@code name: '*'} with state latest is an upgrade too, as in Ansible. */
  private static List<String> upgrade(String upgrade, List<String> names, String state) {
    return switch (upgrade) {
      case "dist", "full" -> List.of("dist-upgrade");
      case "yes", "true", "safe" -> List.of("upgrade", "--with-new-pkgs");
      default -> names.equals(List.of("*")) && state.equals("latest") ? List.of("upgrade", "--with-new-pkgs") : null;
    };
  }

  /** {@code flag} before {@code rest} when autoremove is asked for. */
  private static List<String> flags(Args args, String flag, List<String> rest) {
    return Stream.concat(args.bool("autoremove") ? Stream.of(flag) : Stream.empty(), rest.stream()).toList();
  }

  private static List<String> words(List<String> flags, String verb, List<String> packages, boolean onlyUpgrade) {
    List<String> words = new ArrayList<>(flags);
    if (onlyUpgrade) {
      words.add("--only-upgrade");
    }
    words.add(verb);
    words.add("--");
    words.addAll(packages);
    return words;
  }

  /** apt-get's words as a sentence shows them: without the "--" that keeps a package name from being read as an option. */
  private static String shown(List<String> verb) {
    return verb.stream().filter(w -> !w.equals("--")).collect(Collectors.joining(" "));
  }

  /** apt's error lines ("E: Unable to locate package x"), without the prefix. */
  private static String errors(CommandResult result) {
    String errors = result.stderr().lines().filter(l -> l.startsWith("E: ")).map(l -> l.substring(3))
        .collect(Collectors.joining("; "));
    return errors.isEmpty() ? "exit status " + result.rc() + " " + result.stderr().strip() : errors;
  }

  private static String summary(boolean update, Simulation simulation, Request request, List<String> earlier) {
    List<String> parts = new ArrayList<>();
    if (update) {
      parts.add("update the apt cache");
    }
    if (simulation != null && simulation.changes()) {
      parts.add(simulation.summary(request.names()));
    } else if (update && request.verb() != null && request.runAfterUpdate()) {
      parts.add("then apt-get " + shown(request.verb()) + " (what it installs depends on the updated cache)");
    }
    if (parts.isEmpty()) {
      parts.add("may change " + String.join(", ", request.names()) + " (apt sees the host as it is, before " + String.join(", ", earlier) + ")");
    }
    return String.join("; ", parts);
  }

  /**
   * What to ask apt-get.
   *
   * @param verb the words after the shared options ("--purge", "remove", "--", "chrony"), or null
   *     when dpkg settled every package
   * @param names the named packages, without versions
   * @param runAfterUpdate whether it must run after a cache update even when the old cache says
   *     nothing changes (an install or upgrade: the new cache may hold newer versions)
   */
  record Request(List<String> verb, List<String> names, boolean runAfterUpdate) implements Ask {}

  /** What a task asks apt for, or why it must not be asked. */
  sealed interface Ask permits Request, Refused {}

  record Refused(String message) implements Ask {}
}
