package runbook.modules.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.FileDiff;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/**
 * Ours (S5): the kernel's clock source. On Linux it is read from sysfs, set there at run time, and
 * persisted either on the kernel command line ({@code persist: grub}: {@code clocksource=NAME} in
 * GRUB_CMDLINE_LINUX, then update-grub where the host has it; live after a reboot, so until
 * /proc/cmdline has it the result says "reboot pending") or by a boot unit ({@code persist: unit}).
 * Elsewhere (the {@code system} fact is not Linux: the BSDs) it is sysctl's
 * kern.timecounter.hardware, at run time and in /etc/sysctl.conf. {@code sys_root} and
 * {@code proc_root} move /sys and /proc, so that tests work on files they made.
 */
public final class ClocksourceModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "clocksource",
      ArgSpec.str("name").required(),
      ArgSpec.str("persist").choices("grub", "unit", "none").defaultsTo("grub"),
      ArgSpec.str("grub_file").defaultsTo("/etc/default/grub"),
      ArgSpec.str("unit_dir").defaultsTo("/etc/systemd/system"),
      ArgSpec.str("sysctl_file").defaultsTo("/etc/sysctl.conf"),
      ArgSpec.str("sys_root").defaultsTo("/sys"),
      ArgSpec.str("proc_root").defaultsTo("/proc"))
      .describedAs("Ours: switches the kernel clock source and keeps it across reboots.");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String SYSFS = "/devices/system/clocksource/clocksource0/";
  /** The last GRUB_CMDLINE_LINUX line (the one that counts when /etc/default/grub is sourced), its quote and value. */
  private static final Pattern CMDLINE = Pattern.compile("(?m)^GRUB_CMDLINE_LINUX=(\"|'|)(.*?)\\1[ \\t]*$");
  private static final String UNIT = "runbook-clocksource.service";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String name = args.str("name");
    if (!NAME.matcher(name).matches()) {
      return Plan.failed("'" + name + "' is not the name of a clock source");
    }
    String dir = args.str("sys_root").replaceAll("/+$", "") + SYSFS;
    FileState available = call.host().read(dir + "available_clocksource");
    if (!available.exists()) {
      Object system = call.facts().get("system");
      if (system == null || system.equals("Linux")) {
        return Plan.failed("this host shows no clock sources (" + dir + "available_clocksource is missing)");
      }
      var setting = new SysctlModule.Setting("kern.timecounter.hardware", name, true, args.str("sysctl_file"), true, true, false, null);
      return SysctlModule.plan(call.host(), setting);
    }
    return linux(call.host(), args, name, dir, words(available));
  }

  private static Plan linux(HostView host, Args args, String name, String dir, List<String> available) {
    String current = String.join(" ", words(host.read(dir + "current_clocksource")));
    var data = new LinkedHashMap<String, Object>();
    data.put("clocksource", name);
    data.put("available", available);
    data.put("current", current);
    if (!available.contains(name)) {
      return Plan.failed("clock source " + name + " is not available here (available: " + String.join(", ", available) + ")", data);
    }
    List<Action> actions = new ArrayList<>();
    List<FileDiff> diffs = new ArrayList<>();
    List<String> said = new ArrayList<>();
    if (!current.equals(name)) {
      actions.add(new Action.Run(Command.script("printf '%s\\n' " + Shell.quote(name) + " > " + Shell.quote(dir + "current_clocksource"))));
      said.add("switch the clock source from " + current + " to " + name);
    }
    boolean rebootPending = false;
    switch (args.str("persist")) {
      case "grub" -> {
        String file = args.str("grub_file");
        FileState grub = host.read(file);
        if (!grub.isFile()) {
          return Plan.failed(file + " does not exist: persist the clock source with persist: unit, or not at all with none", data);
        }
        byte[] after = grubWith(grub.content(), name);
        if (!Arrays.equals(after, grub.content())) {
          actions.add(new Action.WriteFile(file, after, null, null, null, false));
          diffs.add(FileDiff.of(file, grub.content(), after));
          said.add("put clocksource=" + name + " on the kernel command line in " + file);
          if (host.probe("command -v update-grub").ok()) {
            actions.add(new Action.Run(Command.of("update-grub")));
          }
        }
        String cmdline = String.join(" ", words(host.read(args.str("proc_root").replaceAll("/+$", "") + "/cmdline")));
        rebootPending = !List.of(cmdline.split(" ")).contains("clocksource=" + name);
      }
      case "unit" -> {
        String unit = args.str("unit_dir").replaceAll("/+$", "") + "/" + UNIT;
        byte[] text = unit(name, dir).getBytes(StandardCharsets.UTF_8);
        FileState now = host.read(unit);
        if (!now.isFile() || !Arrays.equals(now.content(), text)) {
          actions.add(new Action.WriteFile(unit, text, "0644", null, null, false));
          diffs.add(FileDiff.of(unit, now.content(), text));
          said.add("write the boot unit " + unit);
        }
        // What systemctl enable does for a unit wanted by multi-user.target, without needing systemd running.
        String wants = args.str("unit_dir").replaceAll("/+$", "") + "/multi-user.target.wants";
        FileState link = host.stat(wants + "/" + UNIT);
        if (!link.isLink() || !unit.equals(link.linkTarget())) {
          if (!host.stat(wants).isDirectory()) {
            actions.add(new Action.MakeDirectory(wants, "0755", null, null));
          }
          actions.add(new Action.MakeLink(unit, wants + "/" + UNIT, false, true));
          said.add("enable it");
        }
      }
      default -> { }
    }
    data.put("reboot_pending", rebootPending);
    String pending = rebootPending ? "; reboot pending: /proc/cmdline has no clocksource=" + name : "";
    if (actions.isEmpty()) {
      return Plan.unchanged("the clock source is " + name + pending, withMsg(data, "clock source " + name + pending));
    }
    return Plan.change(String.join("; ", said) + pending, actions, diffs)
        .touching("clocksource")
        .withData(withMsg(data, String.join("; ", said) + pending));
  }

  private static Map<String, Object> withMsg(Map<String, Object> data, String msg) {
    var out = new LinkedHashMap<>(data);
    out.put("msg", msg);
    return out;
  }

  /** GRUB_CMDLINE_LINUX with clocksource=NAME in place of any other clocksource=; nothing else in the file changes. */
  static byte[] grubWith(byte[] content, String name) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    List<MatchResult> lines = CMDLINE.matcher(text).results().toList();
    String word = "clocksource=" + name;
    if (lines.isEmpty()) {
      String end = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
      return (text + end + "GRUB_CMDLINE_LINUX=\"" + word + "\"\n").getBytes(StandardCharsets.ISO_8859_1);
    }
    MatchResult last = lines.get(lines.size() - 1);
    String quote = last.group(1);
    String value = last.group(2);
    List<String> words = new ArrayList<>();
    boolean placed = false;
    for (String w : value.trim().split("\\s+")) {
      if (w.startsWith("clocksource=")) {
        if (!placed) {
          words.add(word);
        }
        placed = true;
      } else if (!w.isEmpty()) {
        words.add(w);
      }
    }
    if (!placed) {
      words.add(word);
    }
    if (List.of(value.trim().split("\\s+")).equals(words)) {
      return content;
    }
    String joined = String.join(" ", words);
    // Unquoted, a value with spaces would break the shell that sources the file: it gets double quotes.
    String q = quote.isEmpty() ? "\"" : quote;
    return (text.substring(0, last.start(1)) + q + joined + q + text.substring(last.end(2) + quote.length()))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String unit(String name, String dir) {
    return "[Unit]\nDescription=Clock source " + name + " (set by runbook)\nDefaultDependencies=no\n\n[Service]\nType=oneshot\n"
        + "ExecStart=/bin/sh -c 'echo " + name + " > " + dir + "current_clocksource'\n\n[Install]\nWantedBy=multi-user.target\n";
  }

  private static List<String> words(FileState file) {
    if (!file.isFile() || file.content() == null) {
      return List.of();
    }
    String text = new String(file.content(), StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
  }
}
