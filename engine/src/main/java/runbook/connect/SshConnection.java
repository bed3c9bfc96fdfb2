package runbook.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import javax.net.SocketFactory;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import runbook.spi.HostException;
import runbook.spi.Shell;

/**
 * One SSH connection (sshj) to one host. Commands without stdin run in its {@link RemoteShell};
 * commands with stdin (file content, a sudo password), long ones, and any that come while the
 * shell is busy (a delegated task) get a session channel of their own.
 */
final class SshConnection implements Connection {
  /** Pumps stdin and stderr while the calling thread reads stdout, so no stream can stall another. */
  private static final ExecutorService PUMPS = Streams.PUMPS;

  /** Without TCP_NODELAY every small command waits for a delayed ACK (~40 ms on Linux). */
  private static final SocketFactory NO_DELAY = new SocketFactory() {
    @Override
    public Socket createSocket() throws IOException {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("sshj connects an unconnected socket");
    }

    @Override
    public Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
      throw new UnsupportedOperationException("sshj connects an unconnected socket");
    }

    @Override
    public Socket createSocket(java.net.InetAddress host, int port) {
      throw new UnsupportedOperationException("sshj connects an unconnected socket");
    }

    @Override
    public Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress local, int localPort) {
      throw new UnsupportedOperationException("sshj connects an unconnected socket");
    }
  };

  private static final int TRANSPORT_TIMEOUT_MS = 30_000;

  /** Longer commands go to a session of their own: the shell's read takes a byte per system call. */
  private static final int SHELL_COMMAND_LIMIT = 16 * 1024;

  private final SshTarget target;
  private final SSHClient client;
  private final ReentrantLock shellLock = new ReentrantLock();
  private RemoteShell shell;

  private SshConnection(SshTarget target, SSHClient client) {
    this.target = target;
    this.client = client;
  }

  /**
   * Builds the Ed25519 curve's tables, which reading the first ed25519 key (ours or the host's)
   * needs and which take tens of milliseconds on a cold JVM.
   */
  static void prewarmKeys() {
    net.i2p.crypto.eddsa.spec.EdDSANamedCurveTable.getByName(net.i2p.crypto.eddsa.spec.EdDSANamedCurveTable.ED_25519);
  }

  /**
   * Loads and initialises what the first handshake needs (sshj's configuration, X25519 key
   * exchange, Ed25519 signatures, AES and HMAC), so that it can overlap with loading the runbooks
   * instead of delaying the first task. Errors are of no interest here: the real handshake reports.
   */
  static void prewarm() {
    try {
      Config.INSTANCE.getKeyExchangeFactories();
      java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
      var ed = new net.i2p.crypto.eddsa.KeyPairGenerator().generateKeyPair();
      var signer = new net.i2p.crypto.eddsa.EdDSAEngine(java.security.MessageDigest.getInstance("SHA-512"));
      signer.initSign(ed.getPrivate());
      signer.update(new byte[32]);
      byte[] signature = signer.sign();
      signer.initVerify(ed.getPublic());
      signer.update(new byte[32]);
      signer.verify(signature);
      javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
      javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      javax.crypto.Mac.getInstance("HmacSHA256");
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      // the handshake itself will say what is missing
    }
  }

  /** Connects, checks the host key and logs in; throws HostException(unreachable) with the reason. */
  static SshConnection open(SshTarget target, KeyFiles keyFiles) {
    HostKeyCheck check = new HostKeyCheck(target);
    SSHClient client = new SSHClient(Config.INSTANCE);
    client.setSocketFactory(NO_DELAY);
    int timeout = (int) target.connectTimeout().toMillis();
    client.setConnectTimeout(timeout);
    client.getTransport().setTimeoutMs(timeout);
    client.addHostKeyVerifier(check);
    // before connecting: a target with no way to log in is told so without a round trip
    Logins logins = Logins.of(client, target, keyFiles);
    try {
      client.connect(target.host(), target.port());
    } catch (IOException e) {
      close(client);
      throw new HostException(check.refusal != null ? check.refusal : connectFailure(target, e), true, e);
    }
    try {
      client.auth(target.user(), logins.methods());
    } catch (IOException e) {
      close(client);
      throw new HostException(loginFailure(target, logins, e), true, e);
    }
    client.getTransport().setTimeoutMs(TRANSPORT_TIMEOUT_MS);
    return new SshConnection(target, client);
  }

  @Override
  public ExecResult exec(String command, byte[] stdin) {
    if (!client.isConnected()) {
      throw lost(null);
    }
    if ((stdin == null || stdin.length == 0) && command.length() <= SHELL_COMMAND_LIMIT && shellLock.tryLock()) {
      try {
        return inShell(command);
      } finally {
        shellLock.unlock();
      }
    }
    return inSession(command, stdin);
  }

  private ExecResult inShell(String command) {
    try {
      if (shell == null || !shell.alive()) {
        dropShell();
        shell = RemoteShell.start(client, PUMPS);
      }
      return shell.run(command);
    } catch (IOException e) {
      dropShell();
      throw lost(e);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Closes a spent or broken shell, so its session does not hold one of the host's session slots. */
  private void dropShell() {
    if (shell != null) {
      shell.close();
      shell = null;
    }
  }

  @Override
  public StreamedCommand start(String command, OutputStream stderr) {
    if (!client.isConnected()) {
      throw lost(null);
    }
    try {
      Session session = client.startSession();
      Session.Command cmd = session.exec("/bin/sh -c " + Shell.quote(command));
      Future<byte[]> err = PUMPS.submit(() -> Streams.drain(cmd.getErrorStream(), stderr));
      OutputStream in = Streams.checked(cmd.getOutputStream());
      return new StreamedCommand() {
        @Override
        public OutputStream stdin() {
          return in;
        }

        @Override
        public InputStream stdout() {
          return cmd.getInputStream();
        }

        @Override
        public void abort() {
          try {
            session.close();
          } catch (IOException e) {
            // closed already: finish() tells how it ended
          }
        }

        @Override
        public ExecResult finish() {
          try (session) {
            Streams.flushAndClose(in);
            return ended(cmd, new byte[0], err);
          } catch (IOException e) {
            throw lost(e);
          } catch (ExecutionException e) {
            throw lost(e.getCause());
          } catch (InterruptedException e) {
            throw interrupted(e);
          }
        }
      };
    } catch (IOException e) {
      throw lost(e);
    }
  }

  private ExecResult inSession(String command, byte[] stdin) {
    try (Session session = client.startSession()) {
      Session.Command cmd = session.exec("/bin/sh -c " + Shell.quote(command));
      Future<byte[]> err = PUMPS.submit(() -> cmd.getErrorStream().readAllBytes());
      Future<?> in = stdin == null || stdin.length == 0
          ? closeNow(cmd.getOutputStream())
          : PUMPS.submit(() -> {
            try (OutputStream o = cmd.getOutputStream()) {
              o.write(stdin);
              // sshj's close() sends only what fits the remote window and drops the rest; flush() waits.
              o.flush();
            }
            return null;
          });
      byte[] out;
      try (InputStream i = cmd.getInputStream()) {
        out = i.readAllBytes();
      }
      try {
        in.get();
      } catch (ExecutionException e) {
        if (!client.isConnected()) {
          throw lost(e.getCause());
        }
        // the command ended without reading all its stdin (a client that failed to log in): its status says how
      }
      return ended(cmd, out, err);
    } catch (IOException e) {
      throw lost(e);
    } catch (ExecutionException e) {
      throw lost(e.getCause());
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Waits for the end. No status: the command was killed by a signal; 255 is what OpenSSH's client reports then. */
  private static ExecResult ended(Session.Command cmd, byte[] out, Future<byte[]> err)
      throws IOException, ExecutionException, InterruptedException {
    byte[] errBytes = err.get();
    cmd.join();
    Integer status = cmd.getExitStatus();
    return new ExecResult(status == null ? 255 : status, out, errBytes);
  }

  private static Future<?> closeNow(OutputStream stdin) throws IOException {
    stdin.close();
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  private HostException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new HostException("interrupted while running a command on " + target.name(), false, e);
  }

  private HostException lost(Throwable cause) {
    return lost(target, cause);
  }

  /** One wording whichever end notices first, this connection or the keeper that holds it. */
  static HostException lost(SshTarget target, Throwable cause) {
    String why = cause == null ? "" : ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    return new HostException("lost the SSH connection to " + target.name() + " (" + target.address() + ")" + why, true, cause);
  }

  /** False once the connection is gone. */
  boolean alive() {
    return client.isConnected();
  }

  @Override
  public void close() {
    // The shell's session is not closed on its own (a round trip, and sshd waiting for the shell to
    // go): ending the connection ends the session, and the shell reads end-of-file and exits.
    close(client);
  }

  private static void close(SSHClient client) {
    try {
      client.disconnect();
    } catch (IOException e) {
      // closing a broken connection: nothing left to do
    }
  }

  /**
   * The ways to log in, in OpenSSH's order (see {@link SshTarget}), each with what a refusal calls it.
   * A key file that cannot be used is left out while another way remains: OpenSSH goes on too, and
   * the agent often holds the key whose file has a passphrase. Why each was left out is kept for a refusal.
   */
  private record Logins(List<AuthMethod> methods, List<String> names, List<String> unusable) {
    static Logins of(SSHClient client, SshTarget target, KeyFiles keyFiles) {
      Logins logins = new Logins(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      target.keyFiles().forEach(key -> logins.addKey(keyFiles.load(key, client), key, target));
      if (target.agentSocket() != null) {
        Agent agent = new Agent(target.agentSocket(), Agent.TIMEOUT);
        for (Agent.Identity identity : agent.identities()) {
          logins.add(AgentAuth.of(agent, identity), "the ssh-agent key " + identity.comment());
        }
      }
      target.defaultKeyFiles().forEach(key -> logins.addKey(keyFiles.load(key, client), key, target));
      if (target.password() != null) {
        logins.add(new AuthPassword(PasswordUtils.createOneOff(target.password().toCharArray())), "the password");
        logins.methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(PasswordUtils.createOneOff(target.password().toCharArray()))));
      }
      if (logins.methods.isEmpty()) {
        throw new HostException(logins.unusable.isEmpty()
            ? "no way to log in to " + target + ": no private key (ansible_ssh_private_key_file or ~/.ssh/id_ed25519, id_ecdsa, id_rsa),"
                + " no key in an ssh-agent (SSH_AUTH_SOCK) and no ansible_password"
            : logins.unusable.get(0), true, null);
      }
      return logins;
    }

    private void add(AuthMethod method, String name) {
      methods.add(method);
      names.add(name);
    }

    private void addKey(KeyFiles.Key key, Path file, SshTarget target) {
      if (key.provider() == null) {
        unusable.add(key.problem().apply(target.name()));
      } else {
        add(new AuthPublickey(key.provider()), "the key " + file);
      }
    }
  }

  private static String connectFailure(SshTarget target, IOException e) {
    String why;
    if (e instanceof ConnectException) {
      why = "connection refused";
    } else if (e instanceof SocketTimeoutException) {
      why = "no answer within " + target.connectTimeout().toSeconds() + " s";
    } else if (e instanceof NoRouteToHostException) {
      why = "no route to host";
    } else if (e instanceof UnknownHostException) {
      why = "unknown host name";
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return "cannot connect to " + target.name() + " at " + target.address() + ": " + why;
  }

  private static String loginFailure(SshTarget target, Logins logins, IOException e) {
    if (e instanceof UserAuthException) {
      return target.name() + " refused the login of " + target.user() + " at " + target.address() + " with " + String.join(" or ", logins.names())
          + logins.unusable().stream().map(why -> "; " + why).collect(Collectors.joining());
    }
    return "cannot log in to " + target.name() + " at " + target.address() + ": " + e.getMessage();
  }

  /** Accepts a host key only when known_hosts holds it, unless checking was turned off explicitly. */
  private static final class HostKeyCheck implements HostKeyVerifier {
    private final SshTarget target;
    private final KnownHosts known;
    private volatile String refusal;

    HostKeyCheck(SshTarget target) {
      this.target = target;
      try {
        this.known = target.hostKeyChecking() ? KnownHosts.load(target.knownHostsFiles()) : KnownHosts.parse(List.of());
      } catch (IOException e) {
        throw new HostException("cannot read known hosts " + target.knownHostsFiles() + ": " + e.getMessage(), true, e);
      }
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
      if (!target.hostKeyChecking()) {
        return true;
      }
      byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
      KnownHosts.Verdict verdict = known.check(hostname, port, blob);
      if (verdict == KnownHosts.Verdict.TRUSTED) {
        return true;
      }
      String files = target.knownHostsFiles().stream().map(Path::toString).collect(Collectors.joining(", "));
      String offered = target.name() + " (" + target.address() + ") offered the " + KeyType.fromKey(key) + " host key "
          + KnownHosts.fingerprint(blob);
      refusal = offered + switch (verdict) {
        case UNKNOWN -> ", which is not in " + files + "; refusing to connect (add the key, or set ansible_host_key_checking: false)";
        case CHANGED -> ", which differs from the key on file in " + files
            + "; the host key changed or someone is intercepting the connection, refusing to connect";
        default -> ", which is marked @revoked in " + files + "; refusing to connect";
      };
      return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
      List<String> algorithms = new ArrayList<>();
      for (String type : known.keyTypes(hostname, port)) {
        if (type.equals("ssh-rsa")) {
          algorithms.add("rsa-sha2-512");
          algorithms.add("rsa-sha2-256");
        }
        algorithms.add(type);
      }
      return algorithms;
    }
  }

  /**
   * Built once: sshj's configuration is immutable in use and costly to assemble. Bouncy Castle is
   * not registered as a JCE provider: every algorithm a current OpenSSH negotiates is in the JDK
   * (or sshj's Ed25519 library), and registering it costs hundreds of milliseconds per run.
   */
  private static final class Config {
    static final DefaultConfig INSTANCE = create();

    private static DefaultConfig create() {
      SecurityUtils.setRegisterBouncyCastle(false);
      EcdsaAlias.install();
      DefaultConfig config = new DefaultConfig();
      config.setCipherFactories(aeadFirst(config.getCipherFactories()));
      return config;
    }

    /**
     * AES-GCM first (sshj would pick AES-CTR with HMAC-SHA2): one pass over each byte instead of
     * two, and with the JIT's AES and GHASH instructions many times faster, which a relayed rsync
     * or a database pipe pays on every byte, twice.
     */
    private static <T extends net.schmizz.sshj.common.Factory.Named<?>> List<T> aeadFirst(List<T> ciphers) {
      List<T> ordered = new ArrayList<>(ciphers.stream().filter(c -> c.getName().endsWith("-gcm@openssh.com")).toList());
      ciphers.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
      return ordered;
    }
  }
}
