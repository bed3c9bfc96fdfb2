package runbook.modules.probes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/**
 * Ansible's wait_for, plus our {@code quiet_for}: wait until a file has not been written to for
 * that many seconds (S2: the old server's access log has gone quiet). The whole wait is one POSIX
 * shell loop on the host, one round trip, with the command's time limit as a guard; being read-only
 * it really runs in check mode, so what it registers is there for later tasks.
 */
public final class WaitForModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "wait_for",
          ArgSpec.str("host").defaultsTo("127.0.0.1"),
          ArgSpec.integer("port"),
          ArgSpec.str("path"),
          ArgSpec.str("search_regex").alias("regex"),
          ArgSpec.str("state").choices("started", "stopped", "present", "absent", "drained").defaultsTo("started"),
          ArgSpec.integer("delay").defaultsTo(0),
          ArgSpec.integer("sleep").defaultsTo(1),
          ArgSpec.integer("timeout").defaultsTo(300),
          ArgSpec.integer("connect_timeout").defaultsTo(5),
          ArgSpec.str("msg"),
          ArgSpec.list("exclude_hosts"),
          ArgSpec.list("active_connection_states")
              .defaultsTo(List.of("ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT")),
          ArgSpec.integer("quiet_for"))
      .inCollection("ansible.builtin")
      .describedAs("Waits on the host for a port, a file, a regex in a file, or drained connections, in one round trip.");

  /** The kernel's numbers for TCP states, as /proc/net/tcp shows them. */
  private static final Map<String, String> TCP_STATES = Map.of(
      "ESTABLISHED", "01", "SYN_SENT", "02", "SYN_RECV", "03", "FIN_WAIT1", "04", "FIN_WAIT2", "05",
      "TIME_WAIT", "06", "CLOSE", "07", "CLOSE_WAIT", "08", "LAST_ACK", "09", "CLOSING", "0B");

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  /** Exit status of the loop when the time ran out (any other failure is the script's own). */
  private static final int TIMED_OUT = 3;

  /** Extra time the guard gives the loop beyond its own timeout: one more connect and sleep. */
  private static final int GUARD_SECONDS = 15;

  /**
   * One connection attempt, and optionally a regex over what arrives (or over a file), in Python
   * as Ansible's own wait_for does it; prints the match's groups as JSON.
   */
  private static final String PYTHON = """
      import json, re, socket, sys
      what, rx = sys.argv[1], sys.argv[-1]
      def found(text):
          m = re.search(rx, text, re.M)
          if m:
              print(json.dumps([list(m.groups()), m.groupdict()]))
          return m is not None
      try:
          if what == "file":
              with open(sys.argv[2], errors="replace") as f:
                  sys.exit(0 if found(f.read()) else 1)
          t = float(sys.argv[4])
          s = socket.create_connection((sys.argv[2], int(sys.argv[3])), t)
          if not rx:
              sys.exit(0)
          s.settimeout(t)
          data = b""
          while not found(data.decode("utf-8", "replace")):
              more = s.recv(4096)
              if not more:
                  sys.exit(1)
              data += more
      except OSError:
          sys.exit(1)
      """;

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String problem = problem(args);
    if (problem != null) {
      return Plan.failed(problem);
    }
    Wait wait = Wait.of(args);
    if (call.checkMode()) {
      List<String> pending = Stream.concat(call.host().pending("service:").stream(), call.host().pending("package:").stream())
          .distinct().toList();
      if (!pending.isEmpty()) {
        // The probe sees the real host, where the simulated start has not happened: one look, no wait.
        CommandResult once = call.host().probe(wait.script(0, 0));
        if (once.rc() != 0) {
          return Plan.change("would wait for " + wait.what(), List.of(), List.of())
              .dependingOn(String.join(", ", pending))
              .withData(wait.data(0, null));
        }
        return wait.result(once);
      }
    }
    return wait.result(call.host().probe(wait.command()));
  }

  private static String problem(Args args) {
    String state = args.str("state");
    if (args.has("port") && args.has("path")) {
      return "port and path parameter can not both be passed to wait_for";
    }
    if (args.has("path") && state.equals("stopped")) {
      return "state=stopped should only be used for checking a port in the wait_for module";
    }
    if (args.has("path") && state.equals("drained")) {
      return "state=drained should only be used for checking a port in the wait_for module";
    }
    if (!args.list("exclude_hosts").isEmpty() && !state.equals("drained")) {
      return "exclude_hosts should only be with state=drained";
    }
    if (state.equals("drained") && !args.has("port")) {
      return "state=drained needs a port";
    }
    if (args.has("quiet_for") && (!args.has("path") || args.has("search_regex") || !List.of("started", "present").contains(state))) {
      return "quiet_for waits for a file to go quiet: it needs path, state present, and no search_regex";
    }
    if (state.equals("drained") && !anyAddress(args.str("host")) && !IPV4.matcher(args.str("host")).matches()) {
      return "state=drained needs host as an IPv4 address, or 0.0.0.0 for every local address";
    }
    for (Object excluded : args.list("exclude_hosts")) {
      if (!IPV4.matcher(String.valueOf(excluded)).matches()) {
        return "exclude_hosts takes IPv4 addresses; '" + excluded + "' is not one";
      }
    }
    for (Object s : args.list("active_connection_states")) {
      if (!TCP_STATES.containsKey(String.valueOf(s))) {
        return "unknown TCP state '" + s + "' in active_connection_states";
      }
    }
    for (String n : List.of("delay", "sleep", "timeout", "connect_timeout", "quiet_for")) {
      if (args.has(n) && args.integer(n) < 0) {
        return n + " must be 0 or more seconds";
      }
    }
    return null;
  }

  private static boolean anyAddress(String host) {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  /** One wait: the condition as a shell test, what it waits for in words, and its registered values. */
  private record Wait(Args args, String condition, String what, String failure) {
    static Wait of(Args args) {
      String state = args.str("state");
      String host = args.str("host");
      boolean regex = args.has("search_regex");
      if (args.has("port")) {
        String at = host + ":" + args.integer("port");
        return switch (state) {
          case "stopped" -> new Wait(args, "! python_or tcp", at + " to stop", "Timeout when waiting for " + at + " to stop.");
          case "drained" -> new Wait(args, "drained", at + " to drain", "Timeout when waiting for " + at + " to drain");
          default -> regex
              ? new Wait(args, "python_or tcp", "search string '" + args.str("search_regex") + "' on " + at,
                  "Timeout when waiting for search string " + args.str("search_regex") + " in " + at)
              : new Wait(args, "python_or tcp", at, "Timeout when waiting for " + at);
        };
      }
      if (args.has("path")) {
        String path = args.str("path");
        if (args.has("quiet_for")) {
          return new Wait(args, "quiet", path + " to be quiet for " + args.integer("quiet_for") + " s",
              "Timeout when waiting for " + path + " to be quiet for " + args.integer("quiet_for") + " s");
        }
        String present = regex ? "[ -f \"$path\" ] && python_or file" : "[ -e \"$path\" ]";
        if (state.equals("absent")) {
          return regex
              ? new Wait(args, "! { " + present + "; }", "search string '" + args.str("search_regex") + "' to leave " + path,
                  "Timeout when waiting for " + path + " to be absent.")
              : new Wait(args, "[ ! -e \"$path\" ]", path + " to be absent", "Timeout when waiting for " + path + " to be absent.");
        }
        return regex
            ? new Wait(args, present, "search string '" + args.str("search_regex") + "' in " + path,
                "Timeout when waiting for search string " + args.str("search_regex") + " in " + path)
            : new Wait(args, present, path, "Timeout when waiting for file " + path);
      }
      if (state.equals("drained")) {
        return new Wait(args, "drained", "connections to drain", "Timeout when waiting for connections to drain");
      }
      // Neither port nor path: Ansible's wait_for then only sleeps for timeout seconds.
      return new Wait(args, "[ $(( $(date +%s) - start )) -ge \"$timeout\" ]", args.integer("timeout") + " s", "");
    }

    Command command() {
      return script(args.integer("timeout"), args.integer("delay"));
    }

    /** The loop; with timeout and delay 0 it looks once and does not wait. */
    Command script(int timeout, int delay) {
      var vars = new LinkedHashMap<String, String>();
      vars.put("host", args.str("host"));
      vars.put("port", args.has("port") ? String.valueOf(args.integer("port")) : "");
      vars.put("path", args.optional("path").orElse(""));
      vars.put("re", args.optional("search_regex").orElse(""));
      vars.put("timeout", String.valueOf(timeout));
      vars.put("ct", String.valueOf(args.integer("connect_timeout")));
      vars.put("quiet", args.has("quiet_for") ? String.valueOf(args.integer("quiet_for")) : "0");
      vars.put("py", PYTHON);
      if (condition.equals("drained")) {
        vars.put("hexport", String.format("%04X", args.integer("port")));
        vars.put("local", anyAddress(args.str("host")) ? "" : procForms(args.str("host")));
        vars.put("states", args.list("active_connection_states").stream().map(s -> TCP_STATES.get(String.valueOf(s)))
            .collect(Collectors.joining(" ")));
        vars.put("excluded", args.list("exclude_hosts").stream().map(h -> procForms(String.valueOf(h))).collect(Collectors.joining(" ")));
      }
      String text = vars.entrySet().stream().map(e -> e.getKey() + "=" + Shell.quote(e.getValue())).collect(Collectors.joining("\n"))
          + "\n" + FUNCTIONS
          + "start=$(date +%s)\n"
          + (delay > 0 ? "sleep " + delay + "\n" : "")
          + "while :; do\n"
          + "  if " + condition + "; then echo \"elapsed=$(( $(date +%s) - start ))\"; exit 0; fi\n"
          + "  [ $(( $(date +%s) - start )) -lt \"$timeout\" ] || { echo \"elapsed=$(( $(date +%s) - start ))\"; exit " + TIMED_OUT + "; }\n"
          + "  sleep " + args.integer("sleep") + "\n"
          + "done\n";
      return Command.script(text).within(Duration.ofSeconds((long) timeout + delay + args.integer("connect_timeout") + GUARD_SECONDS));
    }

    Plan result(CommandResult result) {
      int elapsed = 0;
      Object groups = null;
      for (String line : result.stdout().split("\n")) {
        if (line.startsWith("elapsed=")) {
          elapsed = Integer.parseInt(line.substring("elapsed=".length()).trim());
        } else if (line.startsWith("[")) {
          groups = Json.parse(line);
        }
      }
      Map<String, Object> data = data(elapsed, groups);
      if (result.rc() == 0) {
        return Plan.unchanged(what + ": ready after " + elapsed + " s", data);
      }
      if (result.rc() == TIMED_OUT) {
        String msg = args.optional("msg").orElse(failure);
        data.put("msg", msg);
        return Plan.failed(msg, data);
      }
      String why = result.stderr().isBlank() ? "status " + result.rc() : result.stderr().strip();
      return Plan.failed("waiting for " + what + " failed: " + why, data);
    }

    Map<String, Object> data(int elapsed, Object groups) {
      var data = new LinkedHashMap<String, Object>();
      data.put("elapsed", elapsed);
      data.put("state", args.str("state"));
      if (args.has("port")) {
        data.put("port", args.integer("port"));
      }
      if (args.has("path")) {
        data.put("path", args.str("path"));
      }
      if (args.has("search_regex")) {
        data.put("search_regex", args.str("search_regex"));
        List<?> pair = groups instanceof List<?> l && l.size() == 2 ? l : List.of(List.of(), Map.of());
        data.put("match_groups", pair.get(0));
        data.put("match_groupdict", pair.get(1));
      }
      return data;
    }
  }

  /**
   * How /proc/net/tcp and tcp6 write an IPv4 address: its four bytes in the host's order (x86 is
   * little-endian), and the same as an IPv4-mapped IPv6 address.
   */
  static String procForms(String ipv4) {
    var m = IPV4.matcher(ipv4);
    if (!m.matches()) {
      throw new IllegalArgumentException(ipv4 + " is not an IPv4 address");
    }
    String hex = String.format("%02X%02X%02X%02X", Integer.parseInt(m.group(4)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
    return hex + " 0000000000000000FFFF0000" + hex;
  }

  /**
   * The loop's helpers. A TCP connection is tried with python3 where the host has it, else nc,
   * else bash's /dev/tcp (not POSIX sh, so only when bash is there); a regex needs python3 (it is
   * Python's re, as in Ansible), except over a file, where grep -E stands in.
   */
  private static final String FUNCTIONS = """
      python_or() {
        if command -v python3 >/dev/null 2>&1; then
          if [ "$1" = file ]; then python3 -c "$py" file "$path" "$re"; else python3 -c "$py" tcp "$host" "$port" "$ct" "$re"; fi
        elif [ "$1" = file ]; then grep -Eq -- "$re" "$path"
        elif [ -n "$re" ]; then echo "search_regex on a port needs python3 on the host" >&2; exit 4
        elif command -v nc >/dev/null 2>&1; then nc -z -w "$ct" "$host" "$port" >/dev/null 2>&1
        elif command -v bash >/dev/null 2>&1; then timeout "$ct" bash -c 'exec 3<>"/dev/tcp/$1/$2"' sh "$host" "$port" 2>/dev/null
        else echo "waiting for a port needs python3, nc or bash on the host" >&2; exit 4
        fi
      }
      drained() {
        cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v port="$hexport" -v local=" $local " -v states=" $states " -v ex=" $excluded " '
          $1 ~ /:$/ { split($2, l, ":"); split($3, r, ":")
            if (l[2] != port || index(states, " " $4 " ") == 0) next
            if (local != "  " && index(local, " " l[1] " ") == 0) next
            if (index(ex, " " r[1] " ")) next
            n++ }
          END { exit n > 0 }'
      }
      quiet() {
        [ -e "$path" ] && [ $(( $(date +%s) - $(stat -c %Y -- "$path") )) -ge "$quiet" ]
      }
      """;
}
