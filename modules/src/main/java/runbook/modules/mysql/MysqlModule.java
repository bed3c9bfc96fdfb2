package runbook.modules.mysql;

import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;

/**
 * What the four mysql modules share: community.mysql's collection name, and one sentence instead of
 * a stack trace when a value cannot be quoted (a NUL in a name, a password or an option).
 */
abstract class MysqlModule implements Module {
  private final ModuleSpec spec;

  MysqlModule(ModuleSpec spec) {
    this.spec = spec.inCollection("community.mysql");
  }

  /** A module of ours, in no collection. */
  MysqlModule(ModuleSpec spec, boolean ours) {
    this.spec = ours ? spec : spec.inCollection("community.mysql");
  }

  @Override
  public final ModuleSpec spec() {
    return spec;
  }

  @Override
  public final Plan plan(ModuleCall call) {
    try {
      return decide(call);
    } catch (IllegalArgumentException e) {
      return Plan.failed(e.getMessage());
    }
  }

  abstract Plan decide(ModuleCall call);
}
