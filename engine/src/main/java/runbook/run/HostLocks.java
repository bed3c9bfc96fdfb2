package runbook.run;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.HostException;
import runbook.spi.Shell;

/**
 * One run at a time on a host, whichever controller it comes from: before its first command on a
 * host, a run takes the host's lock, a directory made atomically with {@code mkdir} at
 * {@value #LOCK}, holding who took it. The holder touches it every {@link #BEAT}; a lock not
 * touched for {@link #STALE} was left by a run that died, and the next run takes it over, saying
 * so. A second run waits, saying for whom, or with {@code --no-wait} fails on that host in one
 * sentence. Check runs take no lock: they write nothing. The lock goes when the run ends.
 */
final class HostLocks implements AutoCloseable {
  static final String LOCK = "/tmp/.runbook-lock";
  static final Duration BEAT = Duration.ofSeconds(10);
  /** find's -mmin counts whole minutes: a lock untouched for more than one is stale. */
  static final Duration STALE = Duration.ofMinutes(1);
  private static final Duration POLL = Duration.ofSeconds(2);

  private final boolean wait;
  private final Consumer<String> say;
  private final String token;
  private final String holder;
  private final Map<String, Connection> held = new ConcurrentHashMap<>();
  /** Two hosts' tasks of this run may reach one host at once (a delegate): one takes its lock. */
  private final Map<String, Object> monitors = new ConcurrentHashMap<>();
  private final ScheduledExecutorService beats;

  /**
   * @param wait whether a busy host is waited for (else it fails)
   * @param say where the waiting is announced
   */
  HostLocks(boolean wait, Consumer<String> say) {
    this.wait = wait;
    this.say = say;
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    this.token = HexFormat.of().formatHex(random);
    this.holder = "a run by " + System.getProperty("user.name") + "@" + controller() + " (process " + ProcessHandle.current().pid()
        + ", started " + java.time.Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()) + ")";
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "runbook-lock");
      t.setDaemon(true);
      return t;
    });
    beats.scheduleWithFixedDelay(this::beat, BEAT.toSeconds(), BEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Takes the lock of {@code host} over {@code connection} unless this run holds it already.
   *
   * @throws HostException when the host is busy and the run does not wait
   */
  void take(String host, Connection connection) {
    synchronized (monitors.computeIfAbsent(host, h -> new Object())) {
      if (!held.containsKey(host)) {
        acquire(host, connection);
      }
    }
  }

  /** Takes the lock of {@code host} again over a new connection to it: the old one is gone, and maybe the lock with it. */
  void retake(String host, Connection connection) {
    synchronized (monitors.computeIfAbsent(host, h -> new Object())) {
      held.remove(host);
      acquire(host, connection);
    }
  }

  private void acquire(String host, Connection connection) {
    boolean announced = false;
    while (true) {
      ExecResult r = connection.exec(acquireScript(), null);
      String[] answer = r.out().split("\n", 2);
      String other = answer.length > 1 ? answer[1].strip() : "another run";
      if (r.rc() == 0) {
        held.put(host, connection);
        if (answer[0].equals("taken-over")) {
          say.accept("took over the lock of " + host + " from " + other + ", which stopped touching it more than "
              + STALE.toSeconds() + " s ago");
        }
        return;
      }
      if (r.rc() != 1) {
        throw new HostException("cannot take the lock " + LOCK + " on " + host + ": " + r.err().strip());
      }
      if (!wait) {
        throw new HostException(host + " is busy with " + other + ", and --no-wait was given");
      }
      if (!announced) {
        say.accept("waiting for " + host + ": it is busy with " + other);
        announced = true;
      }
      sleep(POLL);
    }
  }

  /**
   * One round trip: take a free lock, take over a stale one, or say who holds it (exit 1). A take
   * over is a rename of a fresh owner file, then a check that it is still ours.
   */
  private String acquireScript() {
    String owner = Shell.quote(token + "\n" + holder + "\n");
    return "L=" + LOCK + "; me=" + token + "\n"
        // two inventory names may be one machine (both on the local connection): ours already
        + "if [ \"$(head -n 1 \"$L/owner\" 2>/dev/null)\" = \"$me\" ]; then echo taken; exit 0; fi\n"
        + "if mkdir -m 0777 \"$L\" 2>/dev/null; then printf %s " + owner + " > \"$L/owner\" && echo taken && exit 0; exit 2; fi\n"
        + "if [ -n \"$(find \"$L/owner\" -mmin +" + STALE.toMinutes() + " 2>/dev/null)\" ] || "
        + "{ [ ! -e \"$L/owner\" ] && [ -n \"$(find \"$L\" -maxdepth 0 -mmin +1 2>/dev/null)\" ]; }; then\n"
        + "  was=$(sed -n 2p \"$L/owner\" 2>/dev/null); printf %s " + owner + " > \"$L/owner.$me\" && mv -f \"$L/owner.$me\" \"$L/owner\""
        + " && [ \"$(head -n 1 \"$L/owner\")\" = \"$me\" ] && printf 'taken-over\\n%s\\n' \"${was:-a run}\" && exit 0\n"
        + "fi\n"
        + "printf 'busy\\n'; sed -n 2p \"$L/owner\" 2>/dev/null; exit 1";
  }

  private void beat() {
    held.forEach((host, connection) -> {
      try {
        connection.exec(ifMine("touch \"$L/owner\""), null);
      } catch (RuntimeException e) {
        // a host that cannot be reached now is reported by its next task
      }
    });
  }

  /** Lets go of every host this run holds. */
  @Override
  public void close() {
    beats.shutdownNow();
    held.forEach((host, connection) -> {
      try {
        connection.exec(ifMine("rm -rf -- \"$L\""), null);
      } catch (RuntimeException e) {
        // the lock goes stale and the next run takes it over
      }
    });
    held.clear();
  }

  private String ifMine(String command) {
    return "L=" + LOCK + "; [ \"$(head -n 1 \"$L/owner\" 2>/dev/null)\" = " + token + " ] && " + command;
  }

  private static String controller() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException("interrupted while waiting for a host's lock");
    }
  }
}
