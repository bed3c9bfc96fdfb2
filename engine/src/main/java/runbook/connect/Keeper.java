package runbook.connect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /** A block of a streamed command's stdout, as a run's relay reads it. */
  private static final int STREAM_BLOCK = 64 * 1024;

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
    List<String> command = LocalSockets.detachedJava();
    // Full JIT, unlike a run: streams now pass through the keeper, and only C2 uses the processor's AES instructions.
    command.addAll(List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx128m",
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

  /** Serves one line of a run: its commands, in order, until it lets go, or one streamed command. */
  private void serve(SocketChannel client, Offer offer) {
    SshConnection connection = offer.connection();
    try (client) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(LocalSockets.in(client)));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(LocalSockets.out(client)));
      // a run is only taken on for its very target, while the connection lives; otherwise it logs in itself
      if (!in.readUTF().equals(Kept.HELLO) || !Arrays.equals(LocalSockets.bytes(in), offer.identity()) || !connection.alive()) {
        return;
      }
      byte mode = in.readByte();
      out.writeUTF(Kept.HELLO);
      out.flush();
      if (mode == Kept.STREAM) {
        stream(Kept.string(in), in, out, connection);
        return;
      }
      while (true) {
        String command;
        try {
          command = Kept.string(in);
        } catch (EOFException done) {
          return;
        }
        byte[] stdin = LocalSockets.bytes(in);
        try {
          ExecResult r = connection.exec(command, stdin);
          out.writeByte(Kept.RESULT);
          out.writeInt(r.rc());
          LocalSockets.bytes(out, r.stdout());
          LocalSockets.bytes(out, r.stderr());
        } catch (HostException e) {
          failure(out, e);
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

  private static void failure(DataOutputStream out, HostException e) throws IOException {
    out.writeByte(Kept.FAILURE);
    out.writeBoolean(e.unreachable());
    Kept.string(out, e.getMessage());
  }

  /**
   * Runs one streamed command for a run, in {@link KeptStream}'s blocks. It is finished only once
   * the run has closed its stdin, as a run's own connection would be; a run that goes away first
   * aborts it.
   */
  static void stream(String command, DataInputStream in, DataOutputStream out, Connection connection) throws IOException {
    OutputStream stderr = LocalSockets.messages(out, Kept.STDERR);
    StreamedCommand cmd;
    try {
      cmd = connection.start(command, stderr);
    } catch (HostException e) {
      failure(out, e);
      out.flush();
      return;
    }
    AtomicBoolean over = new AtomicBoolean();
    CountDownLatch stdinDone = new CountDownLatch(1);
    daemon(() -> feed(in, cmd, over, stdinDone));
    byte[] block = new byte[STREAM_BLOCK];
    InputStream stdout = cmd.stdout();
    for (int n; (n = readQuietly(stdout, block)) >= 0; ) {
      try {
        synchronized (out) {
          out.writeByte(Kept.STDOUT);
          out.writeInt(n);
          out.write(block, 0, n);
          out.flush();
        }
      } catch (IOException runGone) {
        cmd.abort();
        break;
      }
    }
    synchronized (out) {
      out.writeByte(Kept.STDOUT_END);
      out.flush();
    }
    try {
      stdinDone.await();
    } catch (InterruptedException e) {
      cmd.abort();
      Thread.currentThread().interrupt();
    }
    try {
      ExecResult r = cmd.finish();
      over.set(true);
      synchronized (out) {
        out.writeByte(Kept.RESULT);
        out.writeInt(r.rc());
        LocalSockets.bytes(out, r.stderr());
        out.flush();
      }
    } catch (HostException e) {
      over.set(true);
      synchronized (out) {
        failure(out, e);
        out.flush();
      }
    }
  }

  /** A stdout that broke (the connection lost) has ended: finish() says how. */
  private static int readQuietly(InputStream in, byte[] block) {
    try {
      return in.read(block);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Copies the run's stdin blocks to the command until their end; the run's line ending before the command did aborts it. */
  private static void feed(DataInputStream in, StreamedCommand cmd, AtomicBoolean over, CountDownLatch stdinDone) {
    try {
      while (true) {
        int n = in.readInt();
        if (n == Kept.STDIN_END) {
          Streams.flushAndClose(cmd.stdin());
          stdinDone.countDown();
          continue;
        }
        if (n < 0) {
          throw new IOException("a block of stdin of length " + n);
        }
        byte[] block = in.readNBytes(n);
        if (block.length < n) {
          throw new EOFException();
        }
        try {
          cmd.stdin().write(block);
          cmd.stdin().flush();
        } catch (IOException readsNoMore) {
          // the command closed its stdin or ended: the rest has nowhere to go
        }
      }
    } catch (IOException lineEnded) {
      if (!over.get()) {
        cmd.abort();
      }
      stdinDone.countDown();
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
