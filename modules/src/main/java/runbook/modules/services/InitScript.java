package runbook.modules.services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Both are read by one probe (see {@link #read}).
 *
 * @param statusRc the exit code of {@code status}
 * @param links the script's links in /etc/rc?.d ("/etc/rc2.d/S01apache2")
 * @param options how the task wants it run
 */
record InitScript(String name, int statusRc, String statusOutput, List<String> links, Options options) implements Service {
  static final String DIR = "/etc/init.d/";
  private static final Pattern START_LINK = Pattern.compile("/etc/rc(.)\\.d/S[0-9][0-9].*");

  /** Reads the script NAME in one probe; see {@link #read}. */
  private static final String READ = """
      s=/etc/init.d/$1
      [ -e "$s" ] || [ -L "$s" ] || exit 0
      find /etc/rc[0-6S].d -maxdepth 1 -name "[SK][0-9][0-9]$1" 2>/dev/null
      echo
      "$s" status 2>&1
      printf '\\n%s\\n' "$?"
      """;

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

  /**
   * The script as it is now, or empty when there is none: one probe (so one question, asked ahead
   * with the others) prints nothing when there is no script, else the script's rc?.d links, an
   * empty line, the output of its status and, last, that status's exit code. A missing rc
   * directory is no error; the links that are there are still the answer.
   */
  static Optional<InitScript> read(HostView host, String name, Options options) {
    String out = host.state(probe(name)).stdout();
    if (out.isEmpty()) {
      return Optional.empty();
    }
    int blank = out.startsWith("\n") ? 0 : out.indexOf("\n\n") + 1;
    List<String> links = out.substring(0, blank).lines().sorted().toList();
    String status = out.substring(blank + 1).stripTrailing();
    int last = status.lastIndexOf('\n');
    int rc = Integer.parseInt(status.substring(last + 1).strip());
    return Optional.of(new InitScript(name, rc, last < 0 ? "" : status.substring(0, last).strip(), links, options));
  }

  static Command probe(String name) {
    return Command.of("sh", "-c", READ, "read-init-script", name).withEnv(C_LOCALE);
  }

  /** A script an earlier simulated change would install: not running, no links yet. */
  static InitScript fresh(String name, Options options) {
    return new InitScript(name, 3, "", List.of(), options);
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
