package runbook.modules.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.HostView;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/** What command and shell share: their arguments, creates/removes, and the plan around one Run. */
final class Run {
  private Run() {}

  static ModuleSpec spec(String name, ArgSpec... own) {
    var args = new java.util.ArrayList<>(List.of(
        ArgSpec.str("_raw_params"),
        ArgSpec.str("cmd"),
        ArgSpec.str("creates"),
        ArgSpec.str("removes"),
        ArgSpec.str("chdir"),
        ArgSpec.str("stdin"),
        ArgSpec.bool("stdin_add_newline").defaultsTo(true),
        ArgSpec.bool("strip_empty_ends").defaultsTo(true)));
    args.addAll(List.of(own));
    return ModuleSpec.of(name, args).withFreeForm("_raw_params").inCollection("ansible.builtin");
  }

  /** The command text given free-form or as cmd, or null. */
  static String text(Args args) {
    return args.has("_raw_params") ? args.str("_raw_params") : args.str("cmd");
  }

  /**
   * Plans {@code action} behind the creates/removes guards, as Ansible's command does: a guard that
   * says "done already" makes the task ok; without guards, only running can tell.
   *
   * @param cmd the command as Ansible registers it (argv list for command, text for shell)
   */
  static Plan plan(ModuleCall call, Action.Run action, Object cmd, List<String> warnings) {
    return plan(call, action, cmd, action.command().display(), warnings);
  }

  /**
   * @param shown the command as the plan's summary names it
   * @param warnings what the task is warned of, when it runs
   */
  static Plan plan(ModuleCall call, Action.Run action, Object cmd, String shown, List<String> warnings) {
    Args args = call.args();
    String creates = args.str("creates");
    String removes = args.str("removes");
    if (creates != null && exists(call.host(), args.str("chdir"), creates)) {
      return skipped(cmd, "since " + creates + " exists", "'" + creates + "' exists", call.checkMode());
    }
    if (removes != null && !exists(call.host(), args.str("chdir"), removes)) {
      return skipped(cmd, "since " + removes + " does not exist", "'" + removes + "' does not exist", call.checkMode());
    }
    var data = new LinkedHashMap<String, Object>(Map.of("cmd", cmd));
    if (!warnings.isEmpty()) {
      data.put("warnings", warnings);
    }
    if (creates == null && removes == null) {
      return Plan.unpredictable("run " + shown, List.of(action)).withData(data);
    }
    return Plan.change("run " + shown, List.of(action), List.of()).withData(data);
  }

  private static Plan skipped(Object cmd, String since, String what, boolean checkMode) {
    var data = new LinkedHashMap<String, Object>();
    data.put("cmd", cmd);
    data.put("rc", 0);
    data.put("stdout", "skipped, " + since);
    data.put("stdout_lines", List.of("skipped, " + since));
    data.put("stderr", "");
    data.put("stderr_lines", List.of());
    data.put("msg", (checkMode ? "Would" : "Did") + " not run command since " + what);
    return Plan.unchanged("skipped, " + since, data);
  }

  /** Whether a path or glob pattern matches something, relative to chdir as Ansible resolves it. */
  private static boolean exists(HostView host, String chdir, String pattern) {
    String path = chdir != null && !pattern.startsWith("/") ? chdir.replaceAll("/+$", "") + "/" + pattern : pattern;
    if (path.chars().noneMatch(c -> c == '*' || c == '?')) {
      return host.stat(path).exists();
    }
    CommandResult result = host.probe("for f in " + glob(path) + "; do [ -e \"$f\" ] || [ -L \"$f\" ] && exit 0; done; exit 1");
    return result.ok();
  }

  /** A glob for the shell: * and ? stay bare, everything else is quoted. */
  static String glob(String pattern) {
    var out = new StringBuilder();
    var literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          out.append(Shell.quote(literal.toString()));
          literal.setLength(0);
        }
        out.append(c);
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      out.append(Shell.quote(literal.toString()));
    }
    return out.toString();
  }

  /**
   * The run of {@code command} with the task's chdir and stdin (a newline added unless
   * stdin_add_newline is false), its output's trailing newlines kept when strip_empty_ends is false.
   */
  static Action.Run action(Command command, Args args) {
    String stdin = args.str("stdin");
    var run = command.in(args.str("chdir")).withStdin(stdin != null && args.bool("stdin_add_newline") ? stdin + "\n" : stdin);
    return new Action.Run(run, null, args.bool("strip_empty_ends"));
  }
}
