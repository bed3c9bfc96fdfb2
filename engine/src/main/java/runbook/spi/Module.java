package runbook.spi;

/**
 * A module decides; the engine does. {@link #plan} reads the host through the call's read-only
 * {@link HostView} and returns what should change; it never changes the host itself, so check mode
 * is truthful by construction. Implementations register in META-INF/services/runbook.spi.Module.
 */
public interface Module {
  ModuleSpec spec();

  Plan plan(ModuleCall call);
}
