package runbook.modules.services;

import java.util.List;
import java.util.Map;
import runbook.spi.Action;

/**
 * One service as its manager sees it now, and the commands that change it. A start (and a restart
 * or reload, which must leave it running) is verified: its command checks the service again after a
 * short settle and fails with the service's last lines when it did not stay up.
 */
interface Service {
  /** Seconds a started service must survive before it counts as running. */
  int SETTLE_SECONDS = 1;

  /** The C locale for every command: the words a manager prints are read in English. */
  Map<String, String> C_LOCALE = Map.of("LC_ALL", "C");

  /** Whether it is running, or null when the manager cannot tell ({@link #unknown} says why). */
  Boolean running();

  /** Why the running state cannot be told, when {@link #running} is null. */
  String unknown();

  /** Whether {@code stopped} must act: it runs (systemd: or is still going down). */
  default boolean stopNeeded() {
    return Boolean.TRUE.equals(running());
  }

  /** Whether it starts at boot, as registered ({@code enabled}); null when that has no yes or no. */
  Boolean enabled();

  /** Whether it already is enabled ({@code on}) or disabled, as far as the task asks. */
  boolean is(boolean on);

  /** Why it cannot be enabled ({@code on}) or disabled, or null when it can. */
  default String refuses(boolean on) {
    return null;
  }

  /** Its state in the words of its manager, for results ("exit code 3 (not running)"). */
  Map<String, Object> status();

  List<Action> start();

  List<Action> stop();

  List<Action> restart();

  List<Action> reload();

  List<Action> enable(boolean on);
}
