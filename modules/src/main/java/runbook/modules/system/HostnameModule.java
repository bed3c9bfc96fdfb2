package runbook.modules.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ansible's hostname: the name at run time ({@code hostname}) and at boot. With systemd, both by
 * {@code hostnamectl}, as Ansible's systemd strategy; else, as its debian strategy, in
 * {@code /etc/hostname} (written atomically, with a diff) and by {@code hostname NAME}.
 */
public final class HostnameModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "hostname",
          ArgSpec.str("name").required(),
          ArgSpec.str("use").choices("systemd", "debian", "generic"))
      .inCollection("ansible.builtin")
      .describedAs("Sets the host's name at run time and at boot (hostnamectl, or /etc/hostname and hostname).");

  /** Letters, digits, hyphens and dots, as RFC 1123 names are; at most 64 (the kernel's limit). */
  private static final Pattern NAME = Pattern.compile("(?=.{1,64}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

  private static final String FILE = "/etc/hostname";

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    String name = args.str("name");
    if (!NAME.matcher(name).matches()) {
      return Plan.failed("'" + name + "' is not a host name");
    }
    String use = args.has("use") ? args.str("use") : "systemd".equals(call.facts().get("service_mgr")) ? "systemd" : "debian";
    var data = new LinkedHashMap<String, Object>();
    data.put("name", name);
    String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    var facts = new LinkedHashMap<String, Object>();
    facts.put("ansible_hostname", shortName);
    facts.put("ansible_nodename", name);
    facts.put("ansible_fqdn", name);
    facts.put("ansible_domain", name.contains(".") ? name.substring(name.indexOf('.') + 1) : "");
    data.put("ansible_facts", facts);
    CommandResult running = call.host().state(Command.of("hostname"));
    if (!running.ok()) {
      return Plan.failed("the host's name cannot be read: " + running.stderr().strip(), data);
    }
    String now = running.stdout().strip();
    if (use.equals("systemd")) {
      CommandResult boot = call.host().state(Command.of("hostnamectl", "--static"));
      String atBoot = boot.ok() ? boot.stdout().strip() : "";
      if (now.equals(name) && atBoot.equals(name)) {
        return Plan.unchanged("the host is named " + name, data);
      }
      return Plan.change("rename the host from " + now + " to " + name, List.of(new Action.Run(Command.of("hostnamectl", "set-hostname", name))),
          List.of()).touching("hostname").withData(data);
    }
    FileState file = call.host().read(FILE);
    String atBoot = file.content() == null ? "" : new String(file.content(), StandardCharsets.UTF_8).strip();
    List<Action> actions = new ArrayList<>();
    List<FileDiff> diffs = new ArrayList<>();
    if (!atBoot.equals(name) && !use.equals("generic")) {
      byte[] content = (name + "\n").getBytes(StandardCharsets.UTF_8);
      actions.add(new Action.WriteFile(FILE, content, file.exists() ? null : "0644", null, null, false));
      diffs.add(FileDiff.of(FILE, file.content(), content));
    }
    if (!now.equals(name)) {
      actions.add(new Action.Run(Command.of("hostname", name)));
    }
    if (actions.isEmpty()) {
      return Plan.unchanged("the host is named " + name, data);
    }
    String summary = now.equals(name) ? "name the host " + name + " at boot too" : "rename the host from " + now + " to " + name;
    return Plan.change(summary, actions, diffs).touching("hostname").withData(data);
  }
}
