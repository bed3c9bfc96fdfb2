package runbook.modules.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;
import runbook.spi.Plan;

/**
 * A Debian init script, {@code /etc/init.d/NAME}: whether it runs is the LSB exit code of its
 * {@code status} (0 running; 1, 2 dead with a pid or lock file left; 3 not running; 4 unknown),
 * never the words it prints; whether it starts at boot is its update-rc.d links in /etc/rc?.d.
 *
 * @param statusRc the exit code of {@code status}
 * @param links the script's links in /etc/rc?.d ("/etc/rc2.d/S01apache2")
 * @param options how the task wants it run
 */
record InitScript(String name, int statusRc, String statusOutput, List<String> links, Options options) implements Service {
  static final String DIR = "/etc/init.d/";
  private static final Pattern START_LINK = Pattern.compile("/etc/rc(.)\\.d/S[0-9][0-9].*");
  private static final List<String> RC_DIRS =
      Stream.of("0", "1", "2", "3", "4", "5", "6", "S").map(level -> "/etc/rc" + level + ".d").toList();

  /**
   * Runs an action of the script and, unless it stopped the service, checks that the service still
   * runs after a settle: a daemon that dies on its configuration fails the task with its lines.
   * Arguments: NAME, ACTION, seconds to wait before acting, seconds to settle, the script's extra arguments.
   */
  static final String VERIFIED = """
      s=/etc/init.d/$1 name=$1 act=$2 pause=$3 settle=$4
      shift 4
      log=$(mktemp) || exit 1
      trap 'rm -f "$log"' EXIT
      sleep "$pause"
      "$s" "$act" "$@" >"$log" 2>&1
      rc=$?
      cat "$log"
      [ "$rc" -eq 0 ] || exit "$rc"
      sleep "$settle"
      "$s" status >"$log" 2>&1
      rc=$?
      [ "$rc" -eq 0 ] && exit 0
      { echo "$name did not stay running after $act: its status exited with $rc"; tail -n 20 "$log"; } >&2
      exit 1
      """;

  /**
   * How the task wants the script run.
   *
   * @param runlevels where enabled is asked about and changed; empty: wherever it has links
   * @param pause seconds between the stop and the start of a restart; 0: the script's own restart
   * @param arguments extra arguments for every action but status
   */
  record Options(List<String> runlevels, int pause, List<String> arguments) {
    Options {
      runlevels = List.copyOf(runlevels);
      arguments = List.copyOf(arguments);
    }
  }

  InitScript {
    links = List.copyOf(links);
  }

  /** Plans the task for the init script NAME. */
  static Plan plan(ModuleCall call, String name, Options options) {
    return Services.plan(call, name, read(call.host(), name, options), fresh(name, options),
        "no service named " + name + " on this host (no " + path(name) + ")", Services.First.NONE);
  }

  static String path(String name) {
    return DIR + name;
  }

  /** The script as it is now, or empty when there is none. */
  static Optional<InitScript> read(HostView host, String name, Options options) {
    if (!host.stat(path(name)).exists()) {
      return Optional.empty();
    }
    CommandResult status = host.state(Command.of(path(name), "status").withEnv(C_LOCALE));
    return Optional.of(new InitScript(name, status.rc(), (status.stdout() + status.stderr()).strip(), linksOf(host, name), options));
  }

  /** A script an earlier simulated change would install: not running, no links yet. */
  static InitScript fresh(String name, Options options) {
    return new InitScript(name, 3, "", List.of(), options);
  }

  static Command linksProbe(String name) {
    List<String> argv = new ArrayList<>(List.of("find"));
    argv.addAll(RC_DIRS);
    argv.addAll(List.of("-maxdepth", "1", "-name", "[SK][0-9][0-9]" + name));
    return Command.of(argv).withEnv(C_LOCALE);
  }

  /** A missing rc directory makes find exit 1; the links it did find are still the answer. */
  private static List<String> linksOf(HostView host, String name) {
    return host.state(linksProbe(name)).stdout().lines().filter(l -> !l.isBlank()).sorted().toList();
  }

  @Override
  public Boolean running() {
    return switch (statusRc) {
      case 0 -> true;
      case 1, 2, 3 -> false;
      default -> null;
    };
  }

  @Override
  public String unknown() {
    String what = statusRc == 4 ? " (status unknown)" : " (not an LSB status code)";
    return "cannot tell whether " + name + " runs: " + path(name) + " status exited with " + statusRc + what
        + (statusOutput.isEmpty() ? "" : ": " + statusOutput);
  }

  /** The runlevels (0-6, S) with a start link. */
  private List<String> starting() {
    return links.stream().map(START_LINK::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
  }

  @Override
  public Boolean enabled() {
    return !starting().isEmpty();
  }

  @Override
  public boolean is(boolean on) {
    List<String> starting = starting();
    if (options.runlevels().isEmpty()) {
      return on == !starting.isEmpty();
    }
    return on ? starting.containsAll(options.runlevels()) : options.runlevels().stream().noneMatch(starting::contains);
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("rc", statusRc);
    status.put("output", statusOutput);
    return status;
  }

  @Override
  public List<Action> start() {
    return List.of(verified("start", 0));
  }

  @Override
  public List<Action> stop() {
    return List.of(plain("stop"));
  }

  /** The script's own restart, or (with a pause, as Ansible's sleep) a stop, the pause, and a start. */
  @Override
  public List<Action> restart() {
    return options.pause() == 0 ? List.of(verified("restart", 0)) : List.of(plain("stop"), verified("start", options.pause()));
  }

  @Override
  public List<Action> reload() {
    return List.of(verified("reload", 0));
  }

  /** update-rc.d enable or disable; a script without links (never disabled, so only enabled here) gets its default links first. */
  @Override
  public List<Action> enable(boolean on) {
    List<Action> actions = new ArrayList<>();
    if (links.isEmpty()) {
      actions.add(updateRcD("defaults"));
    }
    List<String> argv = new ArrayList<>(List.of(on ? "enable" : "disable"));
    argv.addAll(options.runlevels());
    actions.add(updateRcD(argv.toArray(String[]::new)));
    return actions;
  }

  private Action updateRcD(String... words) {
    List<String> argv = new ArrayList<>(List.of("update-rc.d", name));
    argv.addAll(List.of(words));
    return new Action.Run(Command.of(argv).withEnv(C_LOCALE));
  }

  private Action plain(String action) {
    List<String> argv = new ArrayList<>(List.of(path(name), action));
    argv.addAll(options.arguments());
    return new Action.Run(Command.of(argv).withEnv(C_LOCALE));
  }

  private Action verified(String action, int pause) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", VERIFIED, "verified-" + action, name, action, Integer.toString(pause),
        Integer.toString(SETTLE_SECONDS)));
    argv.addAll(options.arguments());
    return new Action.Run(Command.of(argv).withEnv(C_LOCALE));
  }
}
