package runbook.model;

/**
 * async and poll: the task runs on the host detached from the connection, for at most
 * {@code seconds}; the engine asks after it every {@code poll} seconds, or (poll 0) leaves it
 * running and registers its job id for async_status, as Ansible's.
 *
 * @param seconds a number or a template of one
 * @param poll a number or a template of one; 15 when not written, as Ansible's default
 */
public record Async(Object seconds, Object poll) {}
