package runbook.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import runbook.connect.LocalSockets;
import runbook.run.Terminals;

/**
 * The warm controller's process (see {@link Warm} for what it serves and when): started by a run
 * that went cold, it loads and runs that run's command once more without touching a host ({@code
 * apply --syntax-check}, or the same {@code validate}), then answers on its socket, one command at
 * a time, until no command came for its idle time or its jar changed.
 */
public final class WarmController {
  private static final long DEFAULT_PERSIST = 60;
  /** How long a command waits for the one before to finish letting go of its hosts. */
  private static final long LETTING_GO_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static volatile boolean serving;
  /** What the command being served leaves until its client has the exit code. */
  private static final List<Runnable> afterwards = new ArrayList<>();

  private final byte[] identity;
  private final long idleNanos;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** The command being served has its exit code and is doing what it left for afterwards. */
  private volatile boolean lettingGo;
  private final AtomicLong lastUse = new AtomicLong(System.nanoTime());

  private WarmController(byte[] identity, long idleSeconds) {
    this.identity = identity;
    this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
  }

  /**
   * Where a command leaves what need not delay its exit code (letting go of its hosts' locks and
   * connections): when this process serves it, until its client has that code; else done at once.
   */
  static Executor afterwards() {
    return task -> {
      if (serving) {
        synchronized (afterwards) {
          afterwards.add(task);
        }
      } else {
        task.run();
      }
    };
  }

  /** Whether this process is a warm controller running a command for another one. */
  static boolean serving() {
    return serving;
  }

  /**
   * After a command this process ran itself: starts a warm controller for the next one, detached
   * from this process, unless one is there already (busy, since it did not take this command) or
   * the command may not be served warm.
   */
  static void startAfter(String[] args) {
    long persist = persist(args);
    Optional<Path> socket = persist > 0 ? Warm.eligible(args).flatMap(Warm::socket) : Optional.empty();
    if (socket.isEmpty() || Files.exists(socket.get())) {
      return;
    }
    List<String> command = LocalSockets.detachedJava();
    // C1 only, as a run: measured over a controller's first dozen runs, full JIT was no faster, and
    // its compiler threads took the cores from the hosts' shells meanwhile.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-Xss512k"));
    command.addAll(Warm.properties());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), WarmController.class.getName(), String.valueOf(persist)));
    command.addAll(Arrays.asList(args));
    try {
      new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.appendTo(socket.get().resolveSibling("keeper.log").toFile()))
          .start();
    } catch (IOException e) {
      // a warm controller is only ever a saving: the next run starts cold too
    }
  }

  /** --persist's seconds as the command line or RUNBOOK_PERSIST give them; 0 when they are not a number. */
  static long persist(String[] args) {
    String given = System.getenv().getOrDefault("RUNBOOK_PERSIST", String.valueOf(DEFAULT_PERSIST));
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--persist") && i + 1 < args.length) {
        given = args[i + 1];
      } else if (args[i].startsWith("--persist=")) {
        given = args[i].substring("--persist=".length());
      }
    }
    try {
      return Math.max(0, Long.parseLong(given.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Arguments: the idle seconds, then the command line of the run that started it. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Optional<byte[]> identity = Warm.identity();
    Optional<Path> socket = identity.flatMap(Warm::socket);
    if (socket.isEmpty()) {
      System.exit(0);
    }
    WarmController controller = new WarmController(identity.get(), Long.parseLong(args[0]));
    warmUp(Arrays.copyOfRange(args, 1, args.length));
    ServerSocketChannel server = bind(socket.get());
    if (server == null) {
      System.exit(0); // another controller got there first
    }
    Thread accepting = new Thread(() -> controller.accept(server), "warm-accept");
    accepting.setDaemon(true);
    accepting.start();
    while (!controller.done()) {
      Thread.sleep(200);
    }
    Warm.deleteQuietly(socket.get());
    System.exit(0);
  }

  /** The command once, touching no host and printing nothing: what the next run needs is then loaded and compiled. */
  private static void warmUp(String[] args) {
    List<String> command = new ArrayList<>(Arrays.asList(args));
    if (command.get(0).equals("apply")) {
      command.add("--syntax-check");
    }
    Terminals.lend(Optional.empty());
    try {
      Prewarm.start();
      CommandLine line = Cli.commandLine(command.toArray(String[]::new));
      PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream());
      line.setOut(nowhere);
      line.setErr(nowhere);
      line.execute(command.toArray(String[]::new));
    } finally {
      Terminals.giveBack();
    }
  }

  private static ServerSocketChannel bind(Path socket) throws IOException {
    if (Files.exists(socket)) {
      try (SocketChannel answered = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        return null;
      } catch (IOException e) {
        Warm.deleteQuietly(socket); // left by a controller that was killed
      }
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      return server;
    } catch (IOException e) {
      server.close();
      return null;
    }
  }

  /** Idle for its time with nothing running, or started from a jar (or in a place) that is no longer what it was. */
  private boolean done() {
    if (busy.get()) {
      return false;
    }
    return System.nanoTime() - lastUse.get() > idleNanos || !Warm.identity().map(id -> Arrays.equals(id, identity)).orElse(false);
  }

  private void accept(ServerSocketChannel server) {
    while (true) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread greeting = new Thread(() -> greet(client), "warm-client");
      greeting.setDaemon(true);
      greeting.start();
    }
  }

  private void greet(SocketChannel client) {
    try (client) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(LocalSockets.in(client)));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(LocalSockets.out(client)));
      byte[] theirs = LocalSockets.bytes(in);
      String[] args = new String[in.readInt()];
      for (int i = 0; i < args.length; i++) {
        args[i] = new String(LocalSockets.bytes(in), StandardCharsets.UTF_8);
      }
      boolean terminal = in.readBoolean();
      if (!Arrays.equals(theirs, identity) || !claim()) {
        out.writeByte(Warm.REFUSED);
        out.flush();
        return;
      }
      try {
        out.writeByte(Warm.ACCEPTED);
        out.flush();
        serve(args, terminal, in, out);
      } finally {
        runAfterwards(); // also when the command or its client failed: its hosts are let go of all the same
        lettingGo = false;
        lastUse.set(System.nanoTime());
        busy.set(false);
      }
    } catch (IOException e) {
      // a client that went away before its command was taken on
    }
  }

  /**
   * Takes this process for a command: when the one before has its exit code already and is only
   * letting go of its hosts, after waiting for that (it would otherwise find them busy).
   */
  private boolean claim() {
    long start = System.nanoTime();
    while (!busy.compareAndSet(false, true)) {
      if (!lettingGo || System.nanoTime() - start > LETTING_GO_NANOS) {
        return false;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Runs the command as its client would, with the client's output, terminal and exit code. */
  private void serve(String[] args, boolean terminal, DataInputStream in, DataOutputStream out) throws IOException {
    AtomicBoolean finished = new AtomicBoolean();
    SynchronousQueue<Optional<String>> answers = new SynchronousQueue<>();
    Thread listening = new Thread(() -> listen(in, answers, finished), "warm-listen");
    listening.setDaemon(true);
    listening.start();
    Charset charset = Charset.forName(System.getProperty("stdout.encoding", Charset.defaultCharset().name()));
    PrintWriter stdout = new PrintWriter(new OutputStreamWriter(LocalSockets.messages(out, Warm.OUT), charset), true);
    PrintWriter stderr = new PrintWriter(new OutputStreamWriter(LocalSockets.messages(out, Warm.ERR), charset), true);
    Terminals.lend(terminal ? Optional.of((prompt, echo) -> ask(out, answers, prompt, echo)) : Optional.empty());
    int code;
    serving = true;
    try {
      Prewarm.start(); // a templar of its own, as a process of its own makes one
      CommandLine line = Cli.commandLine(args);
      line.setOut(stdout);
      line.setErr(stderr);
      code = line.execute(args);
    } finally {
      serving = false;
      Terminals.giveBack();
      stdout.flush();
      stderr.flush();
    }
    finished.set(true); // before the client hears it: it may go as soon as it has
    lettingGo = true;
    synchronized (out) {
      out.writeByte(Warm.EXIT);
      out.writeInt(code);
      out.flush();
    }
  }

  private static void runAfterwards() {
    List<Runnable> tasks;
    synchronized (afterwards) {
      tasks = new ArrayList<>(afterwards);
      afterwards.clear();
    }
    for (Runnable task : tasks) {
      try {
        task.run();
      } catch (RuntimeException e) {
        // a lock left behind goes stale, as when a run is killed; the next command is not stopped by it
      }
    }
  }

  /**
   * The client's answers to prompts. When the client goes before the command has finished (Ctrl-C,
   * a kill), this process ends at once, as the client's own run would have.
   */
  private static void listen(DataInputStream in, SynchronousQueue<Optional<String>> answers, AtomicBoolean finished) {
    try {
      while (true) {
        if (in.readByte() != Warm.ANSWER) {
          break;
        }
        byte[] answer = LocalSockets.bytes(in);
        answers.put(Optional.ofNullable(answer).map(a -> new String(a, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      // the client is gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!finished.get()) {
      Warm.identity().flatMap(Warm::socket).ifPresent(Warm::deleteQuietly);
      Runtime.getRuntime().halt(ExitCodes.INTERNAL);
    }
  }

  private static String ask(DataOutputStream out, SynchronousQueue<Optional<String>> answers, String prompt, boolean echo) {
    try {
      synchronized (out) {
        out.writeByte(Warm.ASK);
        out.writeBoolean(echo);
        LocalSockets.bytes(out, prompt.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      return answers.take().orElse(null);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
