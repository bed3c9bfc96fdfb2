package runbook.modules.files;

import runbook.spi.ArgSpec;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Module;
import runbook.spi.Plan;
import runbook.spi.RawText;

/** Ansible's template: a file from the runbook's templates/, rendered, then delivered as copy does. */
public final class TemplateModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of("template", Deliver.specs(ArgSpec.str("src").required()))
      .inCollection("ansible.builtin")
      .controllerFile("src", ModuleSpec.ControllerFile.TEMPLATES, null)
      .describedAs("Renders a Jinja2 template from the controller to a file on the host, atomically.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String src = call.args().str("src");
    return Deliver.plan(call, RawText.encode(call.controller().renderTemplate(src, call.args().str("dest"))), src);
  }
}
