package runbook.spi;

/**
 * Thrown by the engine's services (controller files, templating) when a call cannot go on; the
 * engine turns it into a failed result carrying {@link #getMessage()}. Modules return
 * {@link Plan#failed} for their own decisions.
 */
public final class ModuleFailure extends RuntimeException {
  public ModuleFailure(String message) {
    super(message, null, false, false);
  }
}
