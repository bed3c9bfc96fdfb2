package runbook.modules.apache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbook.modules.apache.Links.Edit;
import runbook.modules.apache.Links.State;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * community.general's apache2_module, planned from the links in mods-enabled the way a2enmod and
 * a2dismod make them: "# Depends:" modules are enabled first, "# Conflicts:" modules are disabled
 * (a2enmod refuses instead, which is why an MPM swap deadlocks elsewhere), modules that depend on
 * one being disabled need force, as do a2dismod's essential modules. Then Apache's configtest;
 * when it fails, the links are put back.
 */
public final class Apache2Module implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "apache2_module",
      ArgSpec.str("name").required(),
      ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
      ArgSpec.bool("force").defaultsTo(false),
      ArgSpec.str("identifier"),
      ArgSpec.bool("ignore_configcheck").defaultsTo(false),
      ArgSpec.bool("warn_mpm_absent").defaultsTo(true)).inCollection("community.general")
      .describedAs("Enables or disables an Apache module with its dependencies, checked with apache2ctl configtest.");

  /** a2dismod's list: disabling one of these needs -f. */
  private static final Set<String> ESSENTIAL = Set.of("alias", "auth_basic", "authn_file", "authz_host", "authz_user", "autoindex",
      "deflate", "dir", "env", "filter", "logio", "mime", "negotiation", "setenvif", "unixd", "version", "watchdog");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String name = Links.name(args.str("name"), ".load", ".conf");
    var planner = new Planner(call.host(), args.bool("force"));
    String problem = args.str("state").equals("present") ? planner.enable(name, null) : planner.disable(name, null);
    if (problem != null) {
      var install = Links.pendingInstall(call.host());
      if (install.isPresent() && planner.missing != null) {
        return Plan.change("module " + planner.missing + " is not there yet: it may come with " + install.get(), List.of(), List.of())
            .dependingOn(install.get());
      }
      return Plan.failed(problem);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("enabled", List.copyOf(planner.enabled));
    data.put("disabled", List.copyOf(planner.disabled));
    if (args.bool("warn_mpm_absent") && planner.disabled.stream().anyMatch(m -> m.startsWith("mpm_")) && !planner.anyMpm()) {
      data.put("warnings", List.of("No MPM module is enabled once " + String.join(", ", planner.disabled)
          + " is disabled: Apache will not start."));
    }
    if (planner.edits.isEmpty()) {
      return Plan.unchanged("module " + name + " is already " + (args.str("state").equals("present") ? "enabled" : "disabled"), data);
    }
    return Plan.change(planner.summary(), Links.guarded(planner.edits, args.bool("ignore_configcheck")), List.of())
        .withData(data);
  }

  /** The links to change, worked out module by module over what is planned so far. */
  private static final class Planner {
    private final HostView host;
    private final boolean force;
    private final List<Edit> edits = new ArrayList<>();
    private final Set<String> enabled = new LinkedHashSet<>();
    private final Set<String> disabled = new LinkedHashSet<>();
    private final Map<String, String> why = new LinkedHashMap<>();
    /** A module whose .load is not there, which an earlier simulated install may bring. */
    private String missing;

    Planner(HostView host, boolean force) {
      this.host = host;
      this.force = force;
    }

    /** Enables {@code name} after its dependencies; null when that can be planned, else why not. */
    String enable(String name, String forWhom) {
      if (enabled.contains(name) || isEnabled(name) && !disabled.contains(name) && complete(name)) {
        return null;
      }
      FileState load = host.read(Links.MODS.file(name + ".load"));
      if (!load.exists()) {
        missing = name;
        return forWhom == null ? "Module " + name + " does not exist!" : "Module " + forWhom + " depends on " + name + ", which does not exist.";
      }
      enabled.add(name);
      for (String dependency : Links.header(load.content(), "Depends")) {
        String problem = enable(dependency, name);
        if (problem != null) {
          return problem;
        }
      }
      for (String conflict : Links.header(load.content(), "Conflicts")) {
        if (enabled.contains(conflict)) {
          return "Modules " + name + " and " + conflict + " conflict and cannot both be enabled.";
        }
        if (isEnabled(conflict) && !disabled.contains(conflict)) {
          why.put(conflict, "conflicts with " + name);
          String problem = disable(conflict, name);
          if (problem != null) {
            return problem;
          }
        }
      }
      if (name.equals("cgi") && threaded()) {
        return "The MPM is threaded, so cgi cannot be enabled: enable cgid instead.";
      }
      for (String file : files(name)) {
        State state = Links.MODS.state(host, file);
        if (state == State.FOREIGN) {
          return Links.MODS.foreign(host, file);
        }
        if (state != State.ENABLED) {
          edits.add(Edit.make(Links.MODS, file));
        }
      }
      return null;
    }

    /** Disables {@code name}, and with force the modules that depend on it; null when that can be planned. */
    String disable(String name, String forWhom) {
      if (disabled.contains(name)) {
        return null;
      }
      String load = name + ".load";
      FileState link = host.stat(Links.MODS.link(load));
      FileState conf = host.stat(Links.MODS.link(name + ".conf"));
      if (!link.exists() && !conf.exists()) {
        return null;
      }
      if (link.exists() && !link.isLink() || conf.exists() && !conf.isLink()) {
        return (link.exists() && !link.isLink() ? Links.MODS.link(load) : Links.MODS.link(name + ".conf")) + " is not a symbolic link, not deleting.";
      }
      if (forWhom == null && ESSENTIAL.contains(name) && !force) {
        return name + " is an essential module: disabling it needs force: true (a2dismod -f).";
      }
      disabled.add(name);
      List<String> depending = dependents(name);
      if (!depending.isEmpty() && !force) {
        return "The following modules depend on " + name + " and need to be disabled first: " + String.join(" ", depending)
            + " (or give force: true).";
      }
      for (String dependent : depending) {
        why.putIfAbsent(dependent, "depends on " + name);
        String problem = disable(dependent, name);
        if (problem != null) {
          return problem;
        }
      }
      if (link.exists()) {
        edits.add(Edit.remove(Links.MODS, load, host));
      }
      if (conf.exists()) {
        edits.add(Edit.remove(Links.MODS, name + ".conf", host));
      }
      return null;
    }

    private boolean isEnabled(String name) {
      return host.stat(Links.MODS.link(name + ".load")).exists();
    }

    /** The .load is linked, and the .conf too when there is one (a .conf added later is enabled, unlike ansible#54846). */
    private boolean complete(String name) {
      return files(name).stream().allMatch(f -> Links.MODS.state(host, f) == State.ENABLED);
    }

    private List<String> files(String name) {
      return host.stat(Links.MODS.file(name + ".conf")).exists() ? List.of(name + ".load", name + ".conf") : List.of(name + ".load");
    }

    /** Enabled modules, not planned to go, whose .load depends on {@code name}: a2dismod's reverse dependencies. */
    private List<String> dependents(String name) {
      List<String> found = new ArrayList<>();
      for (String module : enabledNow()) {
        if (!disabled.contains(module) && Links.header(host.read(Links.MODS.file(module + ".load")).content(), "Depends").contains(name)) {
          found.add(module);
        }
      }
      return found;
    }

    private List<String> enabledNow() {
      String prefix = Links.MODS.enabled() + "/";
      return host.tree(Links.MODS.enabled()).stream()
          .map(FileState::path)
          .filter(p -> p.startsWith(prefix) && p.endsWith(".load") && p.indexOf('/', prefix.length()) < 0)
          .map(p -> p.substring(prefix.length(), p.length() - ".load".length()))
          .sorted()
          .toList();
    }

    private boolean threaded() {
      return mpms().stream().anyMatch(m -> !m.equals("mpm_prefork"));
    }

    boolean anyMpm() {
      return !mpms().isEmpty();
    }

    /** The MPMs enabled once the plan is made. */
    private List<String> mpms() {
      Set<String> all = new LinkedHashSet<>(enabledNow());
      all.removeAll(disabled);
      all.addAll(enabled);
      return all.stream().filter(m -> m.startsWith("mpm_")).toList();
    }

    String summary() {
      List<String> parts = new ArrayList<>();
      if (!enabled.isEmpty()) {
        parts.add("enabled " + String.join(", ", enabled));
      }
      if (!disabled.isEmpty()) {
        parts.add("disabled " + String.join(", ", disabled.stream().map(m -> why.containsKey(m) ? m + " (" + why.get(m) + ")" : m).toList()));
      }
      return String.join("; ", parts);
    }
  }
}
