package runbook.modules.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
import runbook.spi.Shell;

/**
 * ansible.posix's sysctl. The running value is read with {@code sysctl -n}, the file's with its own
 * lines; only that key's line of the file is written, and only that key is applied
 * ({@code sysctl -w key=value}), never the whole file ({@code sysctl -p} would apply every other
 * key in it too). Our {@code proc_root}: read and write {@code PROC_ROOT/sys/KEY/PATH} instead of
 * calling sysctl, so that tests work on files they made.
 */
public final class SysctlModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "sysctl",
          ArgSpec.str("name").required().alias("key"),
          ArgSpec.str("value").alias("val"),
          ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
          ArgSpec.str("sysctl_file").defaultsTo("/etc/sysctl.conf"),
          ArgSpec.bool("reload").defaultsTo(true),
          ArgSpec.bool("sysctl_set").defaultsTo(false),
          ArgSpec.bool("ignoreerrors").defaultsTo(false),
          ArgSpec.str("proc_root"))
      .inCollection("ansible.posix")
      .describedAs("Sets a kernel parameter in a sysctl file and, where asked, at run time.");

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/@-]*");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    var setting = new Setting(args.str("name"), args.str("value"), args.str("state").equals("present"), args.str("sysctl_file"),
        args.bool("reload"), args.bool("sysctl_set"), args.bool("ignoreerrors"), args.str("proc_root"));
    return plan(call.host(), setting);
  }

  /**
   * One kernel setting, in the file and (with {@code set}) at run time.
   *
   * @param procRoot where the kernel's /proc is, or null to ask sysctl itself
   */
  record Setting(String key, String value, boolean present, String file, boolean reload, boolean set, boolean ignoreErrors,
      String procRoot) {
    /** sysctl -n's answer, or the proc file's; null when the kernel has no such key. */
    String running(HostView host) {
      CommandResult r = host.state(procRoot != null ? Command.of("cat", "--", procPath()) : Command.of("sysctl", "-n", key));
      return r.ok() ? r.stdout().replaceAll("\n+$", "") : null;
    }

    Command apply() {
      if (procRoot != null) {
        return Command.script("printf '%s\\n' " + Shell.quote(value) + " > " + Shell.quote(procPath()));
      }
      return ignoreErrors ? Command.of("sysctl", "-e", "-w", key + "=" + value) : Command.of("sysctl", "-w", key + "=" + value);
    }

    private String procPath() {
      return procRoot.replaceAll("/+$", "") + "/sys/" + key.replace('.', '/');
    }
  }

  static Plan plan(HostView host, Setting s) {
    if (!KEY.matcher(s.key()).matches() || s.key().contains("..")) {
      return Plan.failed("'" + s.key() + "' is not a sysctl key");
    }
    if (s.present() && (s.value() == null || s.value().isBlank())) {
      return Plan.failed("value cannot be empty with state=present");
    }
    if (s.value() != null && (s.value().contains("\n") || s.value().contains("\r"))) {
      return Plan.failed("the value of " + s.key() + " cannot hold a line break");
    }
    FileState current = host.read(s.file());
    if (current.isDirectory()) {
      return Plan.failed(s.file() + " is a directory");
    }
    SysctlFile before = SysctlFile.of(current.content());
    SysctlFile after = s.present() ? before : before.without(s.key());
    String inFile = before.value(s.key());
    if (s.present() && !SysctlFile.normal(s.value()).equals(SysctlFile.normal(inFile))) {
      after = before.with(s.key(), s.value().trim());
    }
    boolean fileChanges = !Arrays.equals(before.content(), after.content());

    var data = new LinkedHashMap<String, Object>();
    data.put("name", s.key());
    if (s.value() != null) {
      data.put("value", s.value());
    }
    String running = null;
    boolean setNow = false;
    if (s.present() && (s.set() || (s.reload() && fileChanges))) {
      running = s.running(host);
      if (running == null && !s.ignoreErrors()) {
        return Plan.failed("the kernel has no setting " + s.key(), data);
      }
      setNow = running != null && !SysctlFile.normal(running).equals(SysctlFile.normal(s.value()));
      if (running != null) {
        data.put("running", running);
      }
    }
    if (!fileChanges && !setNow) {
      return Plan.unchanged(s.present()
          ? s.key() + " is " + SysctlFile.normal(s.value()) + (running != null ? " at run time and" : "") + " in " + s.file()
          : s.key() + " is not set in " + s.file(), data);
    }
    List<Action> actions = new ArrayList<>();
    List<FileDiff> diffs = new ArrayList<>();
    List<String> said = new ArrayList<>();
    if (fileChanges) {
      actions.add(new Action.WriteFile(s.file(), after.content(), current.exists() ? null : "0644", null, null, false));
      diffs.add(FileDiff.of(s.file(), current.content(), after.content()));
      said.add((s.present() ? "set " + s.key() + "=" + s.value().trim() : "remove " + s.key()) + " in " + s.file());
    }
    if (setNow) {
      actions.add(new Action.Run(s.apply()));
      said.add("set " + s.key() + " from " + SysctlFile.normal(running) + " to " + s.value().trim() + " at run time");
    }
    return Plan.change(String.join("; ", said), actions, diffs).touching("sysctl:" + s.key()).withData(data);
  }
}
