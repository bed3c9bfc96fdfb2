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

  /** The inventory names of the hosts in the play with this task's host, in inventory order. */
  java.util.List<String> playHosts();

  /**
   * Another host of the inventory, read-only, as this task would see it (with its become; in a
   * check run, as the run predicts it so far).
   *
   * @throws ModuleFailure when {@code name} is not a host of the inventory
   */
  HostView host(String name);

  /** Another host's facts, as {@link #facts()} (gathered on first use). */
  java.util.Map<String, Object> facts(String name);

  /**
   * The inventory name of the host the task is delegated to ({@code delegate_to}), whose view is
   * {@link #host()}; null when the task runs on its own host.
   */
  String delegate();

  /**
   * Runs a relay that only looks (rsync's dry run) while planning, in a check run too, and returns
   * the client's status, its report (stdout) and the server's stderr.
   *
   * @throws ModuleFailure when the client asks for a server command that {@code relay} does not admit
   * @throws HostException when a host cannot be reached
   */
  CommandResult relay(Action.Relay relay);

  /** The controller side: files beside the runbook and the templating of the current host's variables. */
  Controller controller();

  /**
   * Drops the connection to the task's host (or its delegate) and opens a new one, giving up after
   * {@code connectTimeout}, for a module that waits for a host to come back: a lost connection, or
   * a host that could not be reached before, is tried afresh, and later tasks use the new
   * connection. Only for a module whose spec has {@link ModuleSpec.Trait#CONNECTS}.
   *
   * @return the host over the new connection, with the task's become
   * @throws HostException unreachable, in one sentence, when it cannot be opened
   */
  default HostView reconnect(java.time.Duration connectTimeout) {
    throw new IllegalStateException("this call cannot connect afresh");
  }
}
