package runbook.run;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.connect.StreamedCommand;
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
final class HostLocks {
  static final String LOCK = "/tmp/.runbook-lock";
  /** Begins what a guarded first command says of the lock, with the run's token after it: no command's own output can. */
  private static final String MARKER = "runbook-lock ";
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
   * {@code connection} as the run uses it on {@code host}: once this run holds the host's lock, the
   * connection itself; before that, one whose first command takes the lock in the same round trip
   * (it runs only when the lock is taken), which saves every run a round trip per host.
   */
  Connection guard(String host, Connection connection) {
    return held.containsKey(host) ? connection : new Guarded(host, connection);
  }

  /** A connection whose first command goes after the lock script, on the host, in one round trip. */
  private final class Guarded implements Connection {
    private final String host;
    private final Connection base;

    Guarded(String host, Connection base) {
      this.host = host;
      this.base = base;
    }

    @Override
    public ExecResult exec(String command, byte[] stdin) {
      if (held.containsKey(host)) {
        return base.exec(command, stdin);
      }
      synchronized (monitors.computeIfAbsent(host, h -> new Object())) {
        if (held.containsKey(host)) {
          return base.exec(command, stdin);
        }
        ExecResult r = base.exec(lockedScript(command), stdin);
        byte[] marker = (MARKER + token + "\n").getBytes(StandardCharsets.UTF_8);
        if (!startsWith(r.stdout(), marker)) {
          held.put(host, base);
          if (!startsWith(r.stderr(), marker)) {
            return r;
          }
          String[] notice = new String(r.stderr(), StandardCharsets.UTF_8).split("\n", 4);
          say.accept(takenOver(host, notice[2]));
          return new ExecResult(r.rc(), r.stdout(), Arrays.copyOfRange(r.stderr(), lines(r.stderr(), 3), r.stderr().length));
        }
        // the lock was not taken and the command did not run: the lock script's status and answer follow the marker
        String[] answer = r.out().substring(marker.length).split("\n", 2);
        acquired(host, Integer.parseInt(answer[0].strip()), answer.length > 1 ? answer[1] : "", "", false);
        sleep(POLL);
        acquire(host, base, true);
        return base.exec(command, stdin);
      }
    }

    @Override
    public StreamedCommand start(String command, java.io.OutputStream stderr) {
      synchronized (monitors.computeIfAbsent(host, h -> new Object())) {
        if (!held.containsKey(host)) {
          acquire(host, base, false);
        }
      }
      return base.start(command, stderr);
    }

    @Override
    public void close() {
      base.close();
    }
  }

  /** Takes the lock of {@code host} again over a new connection to it: the old one is gone, and maybe the lock with it. */
  void retake(String host, Connection connection) {
    synchronized (monitors.computeIfAbsent(host, h -> new Object())) {
      held.remove(host);
      acquire(host, connection, false);
    }
  }

  /** Asks for the lock until it is taken; {@code announced} when the wait has been told already. */
  private void acquire(String host, Connection connection, boolean announced) {
    while (true) {
      ExecResult r = connection.exec(acquireScript(), null);
      if (acquired(host, r.rc(), r.out(), r.err(), announced)) {
        held.put(host, connection);
        return;
      }
      announced = true;
      sleep(POLL);
    }
  }

  /**
   * What the lock script's answer means: taken (true), or busy and to be waited for (false, the
   * wait announced unless it was already).
   *
   * @throws HostException when the lock cannot be taken, or the host is busy and the run does not wait
   */
  private boolean acquired(String host, int rc, String out, String err, boolean announced) {
    String[] answer = out.split("\n", 2);
    String other = answer.length > 1 ? answer[1].strip() : "another run";
    if (rc == 0) {
      if (answer[0].equals("taken-over")) {
        say.accept(takenOver(host, other));
      }
      return true;
    }
    if (rc != 1) {
      throw new HostException("cannot take the lock " + LOCK + " on " + host + ": " + (err.isBlank() ? out : err).strip());
    }
    if (!wait) {
      throw new HostException(host + " is busy with " + other + ", and --no-wait was given");
    }
    if (!announced) {
      say.accept("waiting for " + host + ": it is busy with " + other);
    }
    return false;
  }

  private static String takenOver(String host, String other) {
    return "took over the lock of " + host + " from " + other + ", which stopped touching it more than " + STALE.toSeconds() + " s ago";
  }

  /**
   * The lock script, then {@code command} only when the lock is taken. Not taken: the marker, the
   * script's status and its answer on stdout, and the command does not run. Taken over: the marker
   * and the answer on stderr first, for the run to tell, and the command's own output after.
   */
  private String lockedScript(String command) {
    return "__rl=$( (\n" + acquireScript() + "\n) </dev/null 2>&1 ); __rs=$?\n"
        + "if [ \"$__rs\" != 0 ]; then printf '" + MARKER + "%s\\n%s\\n%s\\n' " + token + " \"$__rs\" \"$__rl\"; exit 0; fi\n"
        + "case $__rl in taken-over*) printf '" + MARKER + "%s\\n%s\\n' " + token + " \"$__rl\" >&2;; esac\n"
        + "unset __rl __rs\n"
        + command;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Where the line after the first {@code n} lines of {@code bytes} starts. */
  private static int lines(byte[] bytes, int n) {
    int at = 0;
    for (int seen = 0; seen < n && at < bytes.length; at++) {
      if (bytes[at] == '\n') {
        seen++;
      }
    }
    return at;
  }

  /**
   * One round trip: take a free lock, take over a stale one, or say who holds it (exit 1). A take
   * over is a rename of a fresh owner file, then a check that it is still ours.
   */
  private String acquireScript() {
    String owner = Shell.quote(token + "\n" + holder + "\n");
    return "L=" + LOCK + "; me=" + token + "\n"
        + "take() { mkdir -m 0777 \"$L\" 2>/dev/null || return 0; printf %s " + owner + " > \"$L/owner\" && echo taken && exit 0; exit 2; }\n"
        // two inventory names may be one machine (both on the local connection): ours already
        + "if [ \"$(head -n 1 \"$L/owner\" 2>/dev/null)\" = \"$me\" ]; then echo taken; exit 0; fi\n"
        + "take\n"
        + "if [ -n \"$(find \"$L/owner\" -mmin +" + STALE.toMinutes() + " 2>/dev/null)\" ] || "
        + "{ [ ! -e \"$L/owner\" ] && [ -n \"$(find \"$L\" -maxdepth 0 -mmin +1 2>/dev/null)\" ]; }; then\n"
        + "  was=$(sed -n 2p \"$L/owner\" 2>/dev/null); printf %s " + owner + " > \"$L/owner.$me\" && mv -f \"$L/owner.$me\" \"$L/owner\""
        + " && [ \"$(head -n 1 \"$L/owner\")\" = \"$me\" ] && printf 'taken-over\\n%s\\n' \"${was:-a run}\" && exit 0\n"
        + "fi\n"
        // a run that has just ended may still be letting go (a warm controller does so after its exit code)
        + "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.05 2>/dev/null; take; done\n"
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

  /**
   * Lets go of every host this run holds, all at once on {@code pool} (the run's forks): one after
   * the other, each host's round trip would add to the end of every run.
   */
  void close(ExecutorService pool) {
    beats.shutdownNow();
    CompletableFuture.allOf(held.values().stream().map(connection -> CompletableFuture.runAsync(() -> {
      try {
        connection.exec(ifMine("rm -rf -- \"$L\""), null);
      } catch (RuntimeException e) {
        // the lock goes stale and the next run takes it over
      }
    }, pool)).toArray(CompletableFuture[]::new)).join();
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
