package runbook.modules.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ours (S5, after the clock source is fixed): step the clock to the time servers' now, with
 * chrony's {@code chronyc makestep} where chronyc is there, else {@code ntpdate -b}. The offset is
 * measured first ({@code chronyc tracking}, {@code ntpdate -q}): within {@code max_offset} seconds
 * nothing is done; beyond it the plan says by how much it will step. Without a measurement
 * (chronyd not running) only stepping can tell, and check mode says so.
 */
public final class TimeSyncModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "time_sync",
      ArgSpec.str("tool").choices("auto", "chrony", "ntpdate").defaultsTo("auto"),
      ArgSpec.list("servers"),
      ArgSpec.str("max_offset").defaultsTo("0.5"))
      .describedAs("Ours: measures the clock offset (chrony or ntpdate) and fails above max_offset.");

  /** chronyc tracking: "System time     : 0.000001234 seconds slow of NTP time". */
  private static final Pattern CHRONY = Pattern.compile("(?m)^System time\\s*:\\s*([0-9.]+) seconds (slow|fast)");
  /** ntpdate -q's last line: "... adjust time server 192.0.2.1 offset -0.001234 sec". */
  private static final Pattern NTPDATE = Pattern.compile("offset (-?[0-9.]+) sec");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    double max;
    try {
      max = Double.parseDouble(args.str("max_offset"));
    } catch (NumberFormatException e) {
      return Plan.failed("max_offset takes seconds, like 0.5; '" + args.str("max_offset") + "' is not a number");
    }
    List<String> servers = args.list("servers").stream().map(String::valueOf).toList();
    String tool = args.str("tool");
    if (tool.equals("auto")) {
      CommandResult which = call.host().probe("command -v chronyc || command -v ntpdate");
      tool = !which.ok() ? null : which.stdout().strip().endsWith("chronyc") ? "chrony" : "ntpdate";
      if (tool == null) {
        return Plan.failed("this host has neither chronyc nor ntpdate to set its clock with");
      }
    }
    if (tool.equals("ntpdate") && servers.isEmpty()) {
      return Plan.failed("ntpdate needs servers to ask for the time");
    }
    Command step;
    CommandResult measured;
    Double offset = null;
    if (tool.equals("chrony")) {
      step = Command.of("chronyc", "makestep");
      measured = call.host().probe(Command.of("chronyc", "tracking"));
      Matcher m = CHRONY.matcher(measured.stdout());
      if (measured.ok() && m.find()) {
        offset = Double.parseDouble(m.group(1)) * (m.group(2).equals("fast") ? 1 : -1);
      }
    } else {
      var argv = new ArrayList<>(List.of("ntpdate", "-q"));
      argv.addAll(servers);
      measured = call.host().probe(Command.of(argv));
      Matcher m = NTPDATE.matcher(measured.stdout());
      while (measured.ok() && m.find()) {
        offset = -Double.parseDouble(m.group(1)); // ntpdate's offset is what to add; ours is how far the clock is ahead
      }
      argv.set(1, "-b");
      step = Command.of(argv);
    }
    var data = new LinkedHashMap<String, Object>();
    data.put("tool", tool);
    if (offset == null) {
      String why = measured.stderr().isBlank() ? measured.stdout().strip() : measured.stderr().strip();
      return Plan.unpredictable("step the clock with " + step.display() + " (no offset could be measured first: " + why + ")",
          List.of(new Action.Run(step))).touching("clock").withData(data);
    }
    data.put("offset", offset);
    String how = String.format("%.6f s %s the time servers", Math.abs(offset), offset > 0 ? "ahead of" : "behind");
    if (Math.abs(offset) <= max) {
      return Plan.unchanged("the clock is " + how + ", within " + args.str("max_offset") + " s", data);
    }
    return Plan.change("step the clock, now " + how + ", with " + step.display(), List.of(new Action.Run(step)), List.of())
        .touching("clock")
        .withData(data);
  }
}
