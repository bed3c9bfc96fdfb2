package runbook.model;

import java.util.List;

/**
 * until, retries and delay: the task runs again until the conditions hold, at most {@code retries}
 * more times, as Ansible's.
 *
 * @param retries a number or a template of one; 3 when not written
 * @param delay seconds between runs, a number or a template of one; 5 when not written
 */
public record Retries(List<String> until, Object retries, Object delay) {
  public Retries {
    until = List.copyOf(until);
  }
}
