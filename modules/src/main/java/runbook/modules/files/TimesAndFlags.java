package runbook.modules.files;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileDiff;
import runbook.spi.HostView;
import runbook.spi.Shell;
import runbook.spi.Strptime;

/**
 * file's access_time and modification_time ("now", "preserve", or a time in its format, read as the
 * host's local time, as Ansible's mktime on the host reads it) and attributes (chattr flags: "+A"
 * adds, "-A" removes, "=A" or bare "A" sets exactly those). A path's stat shows none of them, so
 * each is read with a probe, and only when a task asks for it.
 *
 * @param flags the attributes as given, or null for none
 */
record TimesAndFlags(Time access, Time modification, String flags) {
  static final String FORMAT = "%Y%m%d%H%M.%S";
  private static final DateTimeFormatter FOR_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  static List<ArgSpec> specs() {
    return List.of(
        ArgSpec.str("access_time"), ArgSpec.str("access_time_format").defaultsTo(FORMAT),
        ArgSpec.str("modification_time"), ArgSpec.str("modification_time_format").defaultsTo(FORMAT),
        ArgSpec.str("attributes").alias("attr"));
  }

  /** As Ansible defaults them: touch sets both times to now, every other state preserves them. */
  static TimesAndFlags from(Args args, String state) {
    String fallback = state.equals("touch") ? "now" : "preserve";
    String flags = args.str("attributes");
    return new TimesAndFlags(
        Time.of(args.optional("access_time").orElse(fallback), args.str("access_time_format")),
        Time.of(args.optional("modification_time").orElse(fallback), args.str("modification_time_format")),
        flags == null || flags.isEmpty() ? null : flags);
  }

  /**
   * One time as given: now, preserve, or a time read by its format.
   *
   * @param at the time read, or null for now and preserve
   * @param problem why the time cannot be read, or null
   */
  record Time(String given, LocalDateTime at, String problem) {
    static Time of(String given, String format) {
      if (given.equals("now") || given.equals("preserve")) {
        return new Time(given, null, null);
      }
      try {
        return new Time(given, Strptime.parse(given, format), null);
      } catch (IllegalArgumentException e) {
        return new Time(given, null, "Error while obtaining timestamp for time " + given + " using format " + format + ": " + e.getMessage());
      }
    }

    boolean now() {
      return given.equals("now");
    }

    boolean preserved() {
      return given.equals("preserve");
    }
  }

  Optional<String> problem() {
    return Optional.ofNullable(access.problem()).or(() -> Optional.ofNullable(modification.problem()));
  }

  /** Whether the task asks for anything here beyond preserving. */
  boolean asked() {
    return !access.preserved() || !modification.preserved() || flags != null;
  }

  /** Both times now: what a plain touch does. */
  boolean bothNow() {
    return access.now() && modification.now();
  }

  /** These flags, the times preserved: for a plan that sets the times itself (a touch). */
  TimesAndFlags flagsOnly() {
    return new TimesAndFlags(new Time("preserve", null, null), new Time("preserve", null, null), flags);
  }

  /**
   * What brings {@code path} to these times and flags.
   *
   * @param fresh true when the plan makes the path (its times are now, its flags the default ones)
   */
  Step plan(HostView host, String path, boolean fresh) {
    var actions = new ArrayList<Action>();
    var diffs = new ArrayList<FileDiff>();
    String failure = access.preserved() && modification.preserved() ? null : times(host, path, fresh, actions, diffs);
    if (failure == null && flags != null) {
      failure = flags(host, path, fresh, actions, diffs);
    }
    return new Step(List.copyOf(actions), List.copyOf(diffs), failure);
  }

  /** @param failure why the host could not tell, or null */
  record Step(List<Action> actions, List<FileDiff> diffs, String failure) {}

  /** Adds what sets the times; returns why the host could not tell, or null. */
  private String times(HostView host, String path, boolean fresh, List<Action> actions, List<FileDiff> diffs) {
    if (bothNow()) {
      // Ansible's utime(path, None): the times are set, so it is always a change; a new path has them already.
      if (!fresh) {
        actions.add(touch(path, null, null));
      }
      return null;
    }
    String current = null;
    List<String> wanted = List.of();
    List<Time> given = List.of(access, modification).stream().filter(t -> t.at() != null).toList();
    if (!given.isEmpty()) {
      String dates = given.stream().map(t -> "date -d " + Shell.quote(t.at().format(FOR_DATE)) + " +%s").collect(Collectors.joining(" && "));
      CommandResult read = host.state(Command.script("{ stat -c '%.9X %.9Y' -- " + Shell.quote(path) + " 2>/dev/null || echo absent; } && " + dates));
      List<String> lines = read.stdout().lines().toList();
      if (!read.ok() || lines.size() != 1 + given.size()) {
        return "cannot read the times of " + path + " or the wanted ones on the host: " + read.stderr().strip();
      }
      current = lines.get(0);
      wanted = lines.subList(1, lines.size());
    }
    String[] was = current == null || fresh || current.equals("absent") ? new String[] {null, null} : current.split(" ");
    var before = new StringBuilder();
    var after = new StringBuilder();
    int next = 0;
    Time[] times = {access, modification};
    String[] names = {"atime", "mtime"};
    for (int i = 0; i < 2; i++) {
      Time time = times[i];
      if (time.preserved() || time.now() && fresh) {
        continue;
      }
      String epoch = time.now() ? null : wanted.get(next++);
      if (epoch != null && (epoch + ".000000000").equals(was[i])) {
        continue;
      }
      actions.add(touch(path, names[i], epoch));
      before.append(names[i]).append(": ").append(was[i] == null ? "" : was[i]).append('\n');
      after.append(names[i]).append(": ").append(epoch == null ? "now" : epoch).append('\n');
    }
    if (!before.isEmpty() && !fresh) {
      diffs.add(new FileDiff(path + " (times)", before.toString(), after.toString()));
    }
    return null;
  }

  /** touch, never creating: one time (atime or mtime) or both, now or at an epoch. */
  private static Action touch(String path, String which, String epoch) {
    var argv = new ArrayList<>(List.of("touch", "-c"));
    if (which != null) {
      argv.add(which.equals("atime") ? "-a" : "-m");
    }
    if (epoch != null) {
      argv.add("-d");
      argv.add("@" + epoch);
    }
    argv.add("--");
    argv.add(path);
    return new Action.Run(Command.of(argv));
  }

  /** Adds what sets the flags; returns why the host could not tell, or null. */
  private String flags(HostView host, String path, boolean fresh, List<Action> actions, List<FileDiff> diffs) {
    char op = "+-=".indexOf(flags.charAt(0)) >= 0 ? flags.charAt(0) : '=';
    String letters = op == flags.charAt(0) ? flags.substring(1) : flags;
    var chattr = new Action.Run(Command.of("chattr", op + letters, "--", path));
    if (fresh) {
      actions.add(chattr);
      return null;
    }
    CommandResult read = host.state(Command.of("lsattr", "-d", "--", path));
    if (!read.ok() || read.stdout().isBlank()) {
      return "cannot read the attributes of " + path + ": " + read.stderr().strip();
    }
    String current = read.stdout().strip().split("\\s+")[0].replace("-", "");
    String result = switch (op) {
      case '+' -> current + letters.chars().filter(c -> current.indexOf(c) < 0).mapToObj(c -> String.valueOf((char) c)).distinct()
          .collect(Collectors.joining());
      case '-' -> current.chars().filter(c -> letters.indexOf(c) < 0).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
      default -> letters;
    };
    if (!sameLetters(current, result)) {
      actions.add(chattr);
      diffs.add(new FileDiff(path + " (attributes)", "attributes: " + current + "\n", "attributes: " + result + "\n"));
    }
    return null;
  }

  private static boolean sameLetters(String a, String b) {
    return a.chars().sorted().distinct().boxed().toList().equals(b.chars().sorted().distinct().boxed().toList());
  }
}
