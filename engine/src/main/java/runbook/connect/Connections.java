package runbook.connect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import runbook.spi.HostException;

/** One connection per host, opened on first use, kept for the whole run, thread-safe. */
public final class Connections implements ConnectionFactory, AutoCloseable {
  private static final Set<String> IMPLICIT_LOCAL = Set.of("localhost", "127.0.0.1", "::1");

  private final ConnectOptions options;
  private final Path home;
  private final Path agentSocket;
  private final LocalConnection local = new LocalConnection();
  private final KeyFiles keyFiles = new KeyFiles();
  private final Map<SshTarget, Opening> open = new ConcurrentHashMap<>();
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
    Object type = vars.get("ansible_connection");
    if (type == null ? IMPLICIT_LOCAL.contains(hostName) : type.toString().equals("local")) {
      return local;
    }
    if (type != null && !Set.of("ssh", "smart", "paramiko").contains(type.toString())) {
      throw new HostException("ansible_connection '" + type + "' of host " + hostName + " is not supported (use ssh or local)", true, null);
    }
    SshTarget target = targets.computeIfAbsent(new Asked(hostName, new HashMap<>(vars)), a -> SshTarget.of(hostName, a.vars(), options, home, agentSocket));
    return open.computeIfAbsent(target, t -> new Opening(t, keyFiles)).get();
  }

  /** See {@link SshConnection#prewarmKeys}: call it first thing, on a spare thread. */
  public static void prewarmKeys() {
    SshConnection.prewarmKeys();
  }

  /** See {@link SshConnection#prewarm}: call it early, on a spare thread. */
  public static void prewarm() {
    SshConnection.prewarm();
  }

  @Override
  public void close() {
    open.values().forEach(Opening::close);
    open.clear();
  }

  /**
   * Opens its connection once, outside the map's lock so that a slow host never delays the others;
   * a failure is kept too, so an unreachable host costs one timeout per run.
   */
  private static final class Opening {
    private final SshTarget target;
    private final KeyFiles keyFiles;
    private SshConnection connection;
    private HostException failure;

    Opening(SshTarget target, KeyFiles keyFiles) {
      this.target = target;
      this.keyFiles = keyFiles;
    }

    synchronized Connection get() {
      if (connection == null && failure == null) {
        try {
          connection = SshConnection.open(target, keyFiles);
        } catch (HostException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw new HostException(failure.getMessage(), true, failure.getCause());
      }
      return connection;
    }

    synchronized void close() {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
