package runbook.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import runbook.spi.HostException;

/**
 * One connection per host, opened on first use (or taken from a {@link Keeper}), kept for the
 * whole run, thread-safe.
 */
public final class Connections implements ConnectionFactory, AutoCloseable {
  private static final Set<String> IMPLICIT_LOCAL = Set.of("localhost", "127.0.0.1", "::1");

  private final ConnectOptions options;
  private final Path home;
  private final Path agentSocket;
  private final LocalConnection local = new LocalConnection();
  private final KeyFiles keyFiles = new KeyFiles();
  private final Map<SshTarget, Opening> open = new ConcurrentHashMap<>();
  /** Where kept connections' sockets are, once an SSH host is asked for; empty when connections are not kept. */
  private Optional<Path> keptIn;
  /** Every task asks again; working out the target each time would cost more than the question. */
  private final Map<Asked, SshTarget> targets = new ConcurrentHashMap<>();

  private record Asked(String hostName, Map<String, Object> vars) {}

  public Connections(ConnectOptions options) {
    this(options, Path.of(System.getProperty("user.home")), agentSocket(System.getenv("SSH_AUTH_SOCK")));
  }

  Connections(ConnectOptions options, Path home, Path agentSocket) {
    this.options = options;
    this.home = home;
    this.agentSocket = agentSocket;
  }

  private static Path agentSocket(String variable) {
    return variable == null || variable.isBlank() ? null : Path.of(variable);
  }

  /**
   * The connection to a host, opened on first use. {@code vars} are the host's variables
   * ({@code ansible_connection}, {@code ansible_host}, {@code ansible_port}, {@code ansible_user},
   * {@code ansible_password}, {@code ansible_ssh_private_key_file}, {@code ansible_host_key_checking},
   * {@code ansible_timeout}, {@code ansible_ssh_common_args}, {@code ansible_ssh_extra_args}).
   *
   * @throws HostException unreachable, with one sentence, when the host cannot be reached or logged in to
   */
  public Connection forHost(String hostName, Map<String, Object> vars) {
    if (isLocal(hostName, vars)) {
      return local;
    }
    SshTarget target = target(hostName, vars);
    return open.computeIfAbsent(target, t -> new Opening(t, null)).get();
  }

  /** Logs in afresh, never through a keeper (what it holds may be what was lost), and closes what was open. */
  @Override
  public Connection reconnect(String hostName, Map<String, Object> vars, Duration connectTimeout) {
    if (isLocal(hostName, vars)) {
      return local;
    }
    SshTarget target = target(hostName, vars);
    Opening fresh = new Opening(target, connectTimeout);
    Opening old = open.put(target, fresh);
    if (old != null) {
      old.close();
    }
    return fresh.get();
  }

  private static boolean isLocal(String hostName, Map<String, Object> vars) {
    Object type = vars.get("ansible_connection");
    return type == null ? IMPLICIT_LOCAL.contains(hostName) : type.toString().equals("local");
  }

  private SshTarget target(String hostName, Map<String, Object> vars) {
    Object type = vars.get("ansible_connection");
    if (type != null && !Set.of("ssh", "smart", "paramiko").contains(type.toString())) {
      throw new HostException("ansible_connection '" + type + "' of host " + hostName + " is not supported (use ssh or local)", true, null);
    }
    return targets.computeIfAbsent(new Asked(hostName, new HashMap<>(vars)), a -> SshTarget.of(hostName, a.vars(), options, home, agentSocket));
  }

  /**
   * Whether some keeper holds connections now: a run then most likely logs in to no host itself,
   * and warming up for logins would only take the processor from it.
   */
  public static boolean someKept() {
    return Kept.any(Path.of(System.getProperty("user.home")));
  }

  /** See {@link SshConnection#prewarmKeys}: call it first thing, on a spare thread. */
  public static void prewarmKeys() {
    SshConnection.prewarmKeys();
  }

  /** See {@link SshConnection#prewarm}: call it early, on a spare thread. */
  public static void prewarm() {
    SshConnection.prewarm();
  }

  /** The socket directory, made on first use (a run of local hosts only makes none). */
  private synchronized Optional<Path> keptIn() {
    if (keptIn == null) {
      keptIn = options.persist().isZero() ? Optional.empty() : LocalSockets.directory(home);
    }
    return keptIn;
  }

  /**
   * Closes every connection; with {@code persist} set, first hands the hosts this run logged in to
   * itself to a {@link Keeper} for the next run.
   */
  @Override
  public void close() {
    List<SshTarget> direct = open.values().stream().filter(Opening::direct).map(o -> o.target).filter(Kept::keepable).toList();
    if (!direct.isEmpty()) {
      keptIn().ifPresent(dir -> Keeper.start(direct, options.persist(), dir));
    }
    open.values().forEach(Opening::close);
    open.clear();
  }

  /**
   * Opens its connection once, outside the map's lock so that a slow host never delays the others;
   * a failure is kept too, so an unreachable host costs one timeout per run. A connection a keeper
   * holds is used when there is one.
   */
  private final class Opening {
    private final SshTarget target;
    /** A reconnection's time limit: it logs in itself; null for a first opening, which may take a kept connection. */
    private final Duration fresh;
    private Connection connection;
    private boolean direct;
    private HostException failure;

    Opening(SshTarget target, Duration fresh) {
      this.target = target;
      this.fresh = fresh;
    }

    synchronized Connection get() {
      if (connection == null && failure == null) {
        connection = fresh == null && Kept.keepable(target) ? keptIn().flatMap(dir -> KeptConnection.attach(Kept.socket(dir, target), target, () -> SshConnection.open(target, keyFiles))).orElse(null) : null;
        if (connection == null) {
          try {
            connection = SshConnection.open(fresh == null ? target : target.timingOut(fresh), keyFiles);
            direct = true;
          } catch (HostException e) {
            failure = e;
          }
        }
      }
      if (failure != null) {
        throw new HostException(failure.getMessage(), true, failure.getCause());
      }
      return connection;
    }

    synchronized boolean direct() {
      return direct;
    }

    synchronized void close() {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
