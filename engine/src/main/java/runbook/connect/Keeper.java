package runbook.connect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import runbook.spi.HostException;

/**
 * Ansible's ControlPersist for runbook: after a run, a small background process opens the SSH
 * connections the run used (checking host keys exactly as the run did) and offers each on a
 * private local socket, so that the next run within {@code idle} skips the logins, which cost a
 * cold run more than everything else it does. It leaves once no run has used it for {@code idle},
 * or when its hosts are all gone, and removes its sockets.
 */
public final class Keeper {
  private final Duration idle;
  private final AtomicInteger clients = new AtomicInteger();
  private final AtomicLong lastUse = new AtomicLong(System.nanoTime());
  private final List<Offer> offers = new CopyOnWriteArrayList<>();
  private final KeyFiles keyFiles = new KeyFiles();

  /** One connection on offer. */
  private record Offer(Path socket, ServerSocketChannel server, SshConnection connection, byte[] identity) {}

  private Keeper(Duration idle) {
    this.idle = idle;
  }

  /**
   * Starts a keeper for {@code targets} in the background, detached from this process, with the
   * JVM and class path of this one; its complaints go to {@code keeper.log} beside the sockets.
   */
  static void start(List<SshTarget> targets, Duration idle, Path dir) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // its own session: closing the terminal does not end it
    }
    ProcessHandle.Info self = ProcessHandle.current().info();
    command.add(self.command().orElse("java"));
    for (String argument : self.arguments().orElse(new String[0])) {
      if (argument.startsWith("-XX:SharedArchiveFile=")) {
        command.add(argument);
      }
    }
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), Keeper.class.getName(), String.valueOf(idle.toSeconds())));
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("keeper.log").toFile()))
          .start();
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()))) {
        out.writeUTF(dir.toString());
        out.writeInt(targets.size());
        for (SshTarget t : targets) {
          Kept.write(out, t);
        }
      }
    } catch (IOException e) {
      // keeping connections is only ever a saving: the next run logs in itself
    }
  }

  /** Arguments: idle seconds. Standard input: the socket directory and the targets, as {@link #start} writes them. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Keeper keeper = new Keeper(Duration.ofSeconds(Long.parseLong(args[0])));
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
    Path dir = Path.of(in.readUTF());
    int n = in.readInt();
    List<Thread> opening = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SshTarget target = Kept.read(in);
      opening.add(daemon(() -> keeper.keep(target, Kept.socket(dir, target))));
    }
    for (Thread t : opening) {
      t.join();
    }
    while (!keeper.done()) {
      Thread.sleep(200);
    }
    keeper.offers.forEach(Keeper::close);
    System.exit(0);
  }

  /** Opens the connection and offers it, unless another keeper already does. */
  private void keep(SshTarget target, Path socket) {
    if (KeptConnection.attach(socket, target, () -> {
      throw new IllegalStateException("a keeper only asks whether another keeper answers");
    }).map(c -> {
      c.close();
      return true;
    }).orElse(false)) {
      return;
    }
    SshConnection connection;
    try {
      connection = SshConnection.open(target, keyFiles);
    } catch (HostException e) {
      System.err.println("runbook keeper: " + e.getMessage());
      return;
    }
    ServerSocketChannel server;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      connection.close(); // another keeper got there first
      return;
    }
    Offer k = new Offer(socket, server, connection, Kept.identity(target));
    offers.add(k);
    daemon(() -> accept(k));
  }

  private void accept(Offer k) {
    while (true) {
      SocketChannel client;
      try {
        client = k.server().accept();
      } catch (IOException e) {
        return; // closed on the way out
      }
      clients.incrementAndGet();
      daemon(() -> serve(client, k));
    }
  }

  /** Runs one run's commands, in order, until it lets go. */
  private void serve(SocketChannel client, Offer offer) {
    SshConnection connection = offer.connection();
    try (client) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
      // a run is only taken on for its very target, while the connection lives; otherwise it logs in itself
      if (!in.readUTF().equals(Kept.HELLO) || !Arrays.equals(Kept.bytes(in), offer.identity()) || !connection.alive()) {
        return;
      }
      out.writeUTF(Kept.HELLO);
      out.flush();
      while (true) {
        String command;
        try {
          command = Kept.string(in);
        } catch (EOFException done) {
          return;
        }
        byte[] stdin = Kept.bytes(in);
        try {
          ExecResult r = connection.exec(command, stdin);
          out.writeByte(Kept.RESULT);
          out.writeInt(r.rc());
          Kept.bytes(out, r.stdout());
          Kept.bytes(out, r.stderr());
        } catch (HostException e) {
          out.writeByte(Kept.FAILURE);
          out.writeBoolean(e.unreachable());
          Kept.string(out, e.getMessage());
        }
        out.flush();
      }
    } catch (IOException e) {
      // the run went away mid-command; its own side reports
    } finally {
      lastUse.set(System.nanoTime());
      clients.decrementAndGet();
    }
  }

  /** Nothing left to offer, or nobody has used it for {@code idle}. */
  private boolean done() {
    offers.removeIf(k -> {
      if (k.connection().alive()) {
        return false;
      }
      close(k);
      return true;
    });
    return offers.isEmpty() || clients.get() == 0 && System.nanoTime() - lastUse.get() > idle.toNanos();
  }

  private static void close(Offer k) {
    try {
      k.server().close();
      Files.deleteIfExists(k.socket());
    } catch (IOException e) {
      // a socket file left behind is removed by the next run that finds nobody behind it
    }
    k.connection().close();
  }

  private static Thread daemon(Runnable work) {
    Thread t = new Thread(work, "runbook-keeper");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
