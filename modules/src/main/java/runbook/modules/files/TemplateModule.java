package runbook.modules.files;

import runbook.spi.ArgSpec;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Module;
import runbook.spi.Plan;

/** Ansible's template: a file from the runbook's templates/, rendered, then delivered as copy does. */
public final class TemplateModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of("template", Deliver.specs(ArgSpec.str("src").required()))
      .inCollection("ansible.builtin")
      .controllerFile("src", ModuleSpec.ControllerFile.TEMPLATES, null);

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    String src = call.args().str("src");
    String template = Text.utf8(call.controller().readFile("templates", src));
    return Deliver.plan(call, Text.bytes(call.controller().render(template)), src);
  }
}
