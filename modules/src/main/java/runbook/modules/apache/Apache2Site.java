package runbook.modules.apache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import runbook.modules.apache.Links.Edit;
import runbook.modules.apache.Links.State;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * Ours (Ansible has none): a2ensite and a2dissite as a module, idempotent. A site is
 * sites-available/NAME.conf, enabled by its link in sites-enabled; the modules its "# Depends:"
 * line names must be enabled already, as a2ensite requires. Then Apache's configtest; when it
 * fails, the link is put back.
 */
public final class Apache2Site implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
      "apache2_site",
      ArgSpec.str("name").required(),
      ArgSpec.str("state").choices("present", "absent").defaultsTo("present"),
      ArgSpec.bool("ignore_configcheck").defaultsTo(false))
      .describedAs("Ours: enables or disables an Apache site (a2ensite/a2dissite), checked with apache2ctl configtest.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args args = call.args();
    HostView host = call.host();
    String name = Links.name(args.str("name"), ".conf");
    String file = name + ".conf";
    Map<String, Object> data = Map.of("name", name, "path", Links.SITES.file(file));
    State state = Links.SITES.state(host, file);
    List<Edit> edits = new ArrayList<>();
    if (args.str("state").equals("absent")) {
      FileState link = host.stat(Links.SITES.link(file));
      if (!link.exists()) {
        return Plan.unchanged("site " + name + " is already disabled", data);
      }
      if (!link.isLink()) {
        return Plan.failed(Links.SITES.link(file) + " is not a symbolic link, not deleting.");
      }
      edits.add(Edit.remove(Links.SITES, file, host));
    } else {
      if (state == State.ENABLED) {
        return Plan.unchanged("site " + name + " is already enabled", data);
      }
      if (state == State.FOREIGN) {
        return Plan.failed(Links.SITES.foreign(host, file));
      }
      FileState site = host.read(Links.SITES.file(file));
      if (!site.exists()) {
        var install = Links.pendingInstall(host);
        return install.isPresent()
            ? Plan.change("site " + name + " is not there yet: it may come with " + install.get(), List.of(), List.of()).dependingOn(install.get())
            : Plan.failed("Site " + name + " does not exist: there is no " + Links.SITES.file(file) + " to enable.");
      }
      for (String module : Links.header(site.content(), "Depends")) {
        if (!host.stat(Links.MODS.link(module + ".load")).exists()) {
          return Plan.failed("Module " + module + " is not enabled, but site " + name + " depends on it.");
        }
      }
      edits.add(Edit.make(Links.SITES, file));
    }
    String summary = "site " + name + (args.str("state").equals("absent") ? " disabled" : " enabled");
    return Plan.change(summary, Links.guarded(edits, args.bool("ignore_configcheck")), List.of()).withData(data);
  }
}
