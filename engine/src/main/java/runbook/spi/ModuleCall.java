package runbook.spi;

/** Everything a module may look at while it plans. Nothing here changes the host. */
public interface ModuleCall {
  Args args();

  /** The host, read-only. */
  HostView host();

  boolean checkMode();

  /**
   * The host's facts as Ansible names them without the {@code ansible_} prefix (memtotal_mb,
   * distribution, service_mgr, ...), gathered on first use and kept for the run.
   */
  java.util.Map<String, Object> facts();

  /** The controller side: files beside the runbook and the templating of the current host's variables. */
  Controller controller();
}
