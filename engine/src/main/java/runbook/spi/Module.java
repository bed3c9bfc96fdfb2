package runbook.spi;

import java.util.Map;

/**
 * A module decides; the engine does. {@link #plan} reads the host through the call's read-only
 * {@link HostView} and returns what should change; it never changes the host itself, so check mode
 * is truthful by construction. Implementations register in META-INF/services/runbook.spi.Module.
 */
public interface Module {
  ModuleSpec spec();

  Plan plan(ModuleCall call);

  /**
   * What an applied change registers, from the values its actions returned (rc, stdout, bytes,
   * ...) merged over the plan's own data: a module whose command reports what only running it can
   * know (the coordinates in a dump's header) reads that here. Called only when every action
   * succeeded; by default the values as they are. With {@code changed: false} among them the task
   * is ok, not changed: actions that found nothing differed once they ran (a download whose bytes
   * dest already held), as only running could tell.
   */
  default Map<String, Object> performed(Map<String, Object> values) {
    return values;
  }
}
