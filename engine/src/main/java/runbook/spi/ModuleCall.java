package runbook.spi;

/** Everything a module may look at while it plans. Nothing here changes the host. */
public interface ModuleCall {
  Args args();

  /** The host, read-only. */
  HostView host();

  boolean checkMode();

  /** The controller side: files beside the runbook and the templating of the current host's variables. */
  Controller controller();
}
