package runbook.modules.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import runbook.spi.Action;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;
import runbook.spi.Plan;

/**
 * A systemd unit, read in one probe: its LoadState and NeedDaemonReload ({@code systemctl show}),
 * and the exit codes and words of {@code systemctl is-active} and {@code is-enabled}, as systemctl(1)
 * defines them.
 *
 * @param scope systemctl's flag for the manager asked: --system or --user
 * @param properties what {@code systemctl show} said (LoadState, NeedDaemonReload)
 * @param active the word of is-active (active, reloading, inactive, failed, activating, deactivating, ...)
 * @param activeRc its exit code: 0 when active
 * @param enabledWord the word of is-enabled (enabled, disabled, static, masked, ...)
 * @param noBlock queue the jobs without waiting for them (--no-block): a start is then not verified
 */
record SystemdUnit(
    String name, String scope, Map<String, String> properties, String active, int activeRc, String enabledWord, boolean noBlock)
    implements Service {
  /** Reads the unit. Arguments: the scope flag, the unit. */
  static final String READ = """
      systemctl "$1" show -p LoadState -p NeedDaemonReload -- "$2"
      a=$(systemctl "$1" is-active -- "$2"); echo "is-active=$? $a"
      e=$(systemctl "$1" is-enabled -- "$2" 2>/dev/null); echo "is-enabled=$? $e"
      """;

  /**
   * Runs a job and checks that the unit is still active after a settle; when it is not, or the
   * job failed, the unit's last journal lines go to stderr. Arguments: scope flag, unit, job, settle.
   */
  static final String VERIFIED = """
      scope=$1 unit=$2 act=$3 settle=$4
      journal() {
        command -v journalctl >/dev/null || return 0
        if [ "$scope" = --user ]; then journalctl --user -u "$unit" -n 20 --no-pager; else journalctl -u "$unit" -n 20 --no-pager; fi
      }
      systemctl "$scope" "$act" -- "$unit"
      rc=$?
      if [ "$rc" -ne 0 ]; then journal >&2; exit "$rc"; fi
      sleep "$settle"
      systemctl "$scope" is-active --quiet -- "$unit" && exit 0
      { echo "$unit did not stay running after $act: systemctl is-active says $(systemctl "$scope" is-active -- "$unit")"; journal; } >&2
      exit 1
      """;

  /** The words of is-active, as systemctl(1) lists them. */
  private static final Set<String> ACTIVE_STATES =
      Set.of("active", "reloading", "refreshing", "inactive", "failed", "activating", "deactivating", "maintenance");

  /** is-enabled words for units that start without being enabled, and cannot be enabled or disabled. */
  private static final Set<String> NOT_ENABLEABLE = Set.of("static", "generated", "transient", "indirect");

  SystemdUnit {
    properties = Map.copyOf(properties);
  }

  /**
   * Plans the task for a unit: daemon-reload first when asked and systemd says the unit's file
   * changed since it was loaded, then mask or unmask, then what every manager does.
   */
  static Plan plan(ModuleCall call, String name, String scope, boolean noBlock) {
    Args args = call.args();
    boolean masking = args.has("masked") && args.bool("masked");
    String state = args.str("state");
    if (masking && ((state != null && !state.equals("stopped")) || args.bool("enabled"))) {
      return Plan.failed("a masked unit cannot be started or enabled: " + name + " is to be masked, so ask for state stopped at most");
    }
    Optional<SystemdUnit> found = read(call.host(), scope, name, noBlock);
    SystemdUnit unit = found.orElse(fresh(scope, name, noBlock));
    List<Services.Step> steps = new ArrayList<>();
    List<String> settled = new ArrayList<>();
    if (args.bool("daemon_reload")) {
      if (found.isEmpty() || unit.needsDaemonReload()) {
        steps.add(new Services.Step("reload systemd's unit files", List.of(daemonReload(scope))));
      } else {
        settled.add("loaded from its current unit file");
      }
    }
    if (args.has("masked")) {
      if (masking == unit.masked()) {
        settled.add(masking ? "masked" : "not masked");
      } else {
        steps.add(new Services.Step((masking ? "mask " : "unmask ") + name, unit.mask(masking)));
        unit = masking ? unit : unit.unmasked();
      }
    }
    Services.First first = new Services.First(steps, settled);
    Optional<SystemdUnit> now = found.isPresent() ? Optional.of(unit) : Optional.empty();
    return Services.plan(call, name, now, unit, "no service named " + name + " on this host (systemd has no unit " + name + ")", first);
  }

  static Command probe(String scope, String name) {
    return Command.of("sh", "-c", READ, "systemd-unit", scope, name).withEnv(C_LOCALE);
  }

  /** The unit as systemd knows it, or empty when it has no such unit. */
  static Optional<SystemdUnit> read(HostView host, String scope, String name, boolean noBlock) {
    Map<String, String> properties = new LinkedHashMap<>();
    String active = "";
    int activeRc = 3;
    String enabled = "";
    for (String line : host.state(probe(scope, name)).stdout().lines().toList()) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      String[] rcAndWord = value.split(" ", 2);
      String word = rcAndWord.length > 1 ? rcAndWord[1].strip() : "";
      switch (key) {
        case "is-active" -> {
          activeRc = Integer.parseInt(rcAndWord[0]);
          active = word;
        }
        case "is-enabled" -> enabled = word;
        default -> properties.put(key, value);
      }
    }
    if ("not-found".equals(properties.get("LoadState"))) {
      return Optional.empty();
    }
    return Optional.of(new SystemdUnit(name, scope, properties, active, activeRc, enabled, noBlock));
  }

  /** A unit an earlier simulated change would install: inactive, disabled. */
  static SystemdUnit fresh(String scope, String name, boolean noBlock) {
    return new SystemdUnit(name, scope, Map.of("LoadState", "loaded"), "inactive", 3, "disabled", noBlock);
  }

  boolean masked() {
    return enabledWord.startsWith("masked");
  }

  boolean needsDaemonReload() {
    return "yes".equals(properties.get("NeedDaemonReload"));
  }

  /** As it will be once unmasked: loaded, disabled. */
  SystemdUnit unmasked() {
    Map<String, String> loaded = new LinkedHashMap<>(properties);
    loaded.put("LoadState", "loaded");
    return new SystemdUnit(name, scope, loaded, active, activeRc, "disabled", noBlock);
  }

  /** Active, or on its way up (activating), as Ansible's systemd counts it; null for a word systemctl(1) does not define. */
  @Override
  public Boolean running() {
    if (!ACTIVE_STATES.contains(active)) {
      return null;
    }
    return activeRc == 0 || active.equals("activating");
  }

  @Override
  public String unknown() {
    return "cannot tell whether " + name + " runs: systemctl is-active says '" + active + "'";
  }

  /** A unit still going down (deactivating) is stopped as well: the job makes sure it ends. */
  @Override
  public boolean stopNeeded() {
    return Boolean.TRUE.equals(running()) || active.equals("deactivating");
  }

  /** enabled-runtime and masked units are not enabled: an enable makes them so for good. */
  @Override
  public Boolean enabled() {
    if (NOT_ENABLEABLE.contains(enabledWord)) {
      return null;
    }
    return enabledWord.equals("enabled") || enabledWord.equals("alias") || enabledWord.equals("linked");
  }

  @Override
  public boolean is(boolean on) {
    Boolean enabled = enabled();
    return enabled == null ? on : enabled == on;
  }

  @Override
  public String refuses(boolean on) {
    if (masked()) {
      return name + " is masked: it cannot be " + (on ? "enabled" : "disabled") + " until it is unmasked (masked: false)";
    }
    if (!on && NOT_ENABLEABLE.contains(enabledWord)) {
      return name + " is " + enabledWord + " (started by other units, not by an [Install] section): it cannot be disabled; mask it instead (masked: true)";
    }
    return null;
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> status = new TreeMap<>(properties);
    status.put("ActiveState", active);
    status.put("UnitFileState", enabledWord);
    return status;
  }

  @Override
  public List<Action> start() {
    return job("start");
  }

  @Override
  public List<Action> stop() {
    return List.of(systemctl("stop"));
  }

  @Override
  public List<Action> restart() {
    return job("restart");
  }

  @Override
  public List<Action> reload() {
    return job("reload");
  }

  @Override
  public List<Action> enable(boolean on) {
    return List.of(systemctl(on ? "enable" : "disable"));
  }

  List<Action> mask(boolean on) {
    return List.of(systemctl(on ? "mask" : "unmask"));
  }

  /** daemon-reload, for the scope asked. */
  static Action daemonReload(String scope) {
    return new Action.Run(Command.of("systemctl", scope, "daemon-reload").withEnv(C_LOCALE));
  }

  /** A verified job, or with no_block a queued one that nothing waits for. */
  private List<Action> job(String verb) {
    if (noBlock) {
      return List.of(systemctl(verb));
    }
    return List.of(new Action.Run(
        Command.of("sh", "-c", VERIFIED, "verified-" + verb, scope, name, verb, Integer.toString(SETTLE_SECONDS)).withEnv(C_LOCALE)));
  }

  private Action systemctl(String verb) {
    List<String> argv = new ArrayList<>(List.of("systemctl", scope));
    if (noBlock) {
      argv.add("--no-block");
    }
    argv.addAll(List.of(verb, "--", name));
    return new Action.Run(Command.of(argv).withEnv(C_LOCALE));
  }
}
