package runbook.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import runbook.connect.LocalSockets;
import runbook.run.Terminals;

/**
 * The warm controller, seen from a run: after an {@code apply} or {@code validate}, a background
 * process of the same jar stays up for {@code --persist} seconds (as the keeper does for
 * connections) and runs the next such command in its already loaded and compiled code, so that
 * command pays for a small JVM's start and not for loading runbook again.
 *
 * <p>It serves a command only when it would run exactly as this process would: the same JVM, jar
 * (its size and time), system properties, working directory, environment and umask; this
 * process's {@link #identity} says so, and a differing one is refused, so the run goes on here. It
 * serves one command at a time (another is refused and runs here), never one that reads this
 * process's standard input (an argument naming {@code -}, {@code /dev/} or {@code /proc/}), and
 * never with {@code --persist 0}, {@code RUNBOOK_PERSIST=0} or {@code RUNBOOK_WARM=0} (which keeps
 * connections but runs every command in a process of its own). Its output comes back as it is
 * written, its prompts are asked at this process's terminal, and its exit code is this one's. When
 * this process goes (Ctrl-C), the warm controller ends at once, as this process would have.
 *
 * <p>What runs here before the command is handed over is kept to plain code (no lambdas, streams
 * or formatting): in a JVM just started, each of those costs milliseconds to set up.
 */
final class Warm {
  /** Changes whenever the exchange below does, so a run never talks to an older controller. */
  static final String HELLO = "runbook-warm-1";
  static final String SUFFIX = ".warm";
  /** The controller's answers to a greeting, and then its messages during the run. */
  static final byte REFUSED = 0;
  static final byte ACCEPTED = 1;
  static final byte OUT = 2;
  static final byte ERR = 3;
  static final byte ASK = 4;
  static final byte EXIT = 5;
  /** What the run sends back: the answer to a prompt. */
  static final byte ANSWER = 6;
  private static final List<String> SERVED = List.of("apply", "validate");

  private Warm() {}

  /**
   * The command run by a warm controller, with its exit code; empty when none may or can serve it
   * (this process then runs it itself).
   */
  static OptionalInt served(String[] args) {
    Optional<byte[]> identity = eligible(args);
    Optional<Path> socket = identity.isPresent() ? socket(identity.get()) : Optional.empty();
    if (socket.isEmpty()) {
      return OptionalInt.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(socket.get()));
    } catch (IOException e) {
      if (Files.exists(socket.get())) {
        deleteQuietly(socket.get()); // nobody answers on it: a controller that was killed
      }
      return OptionalInt.empty();
    }
    try (channel) {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(LocalSockets.out(channel)));
      DataInputStream in = new DataInputStream(new BufferedInputStream(LocalSockets.in(channel)));
      LocalSockets.bytes(out, identity.get());
      out.writeInt(args.length);
      for (String argument : args) {
        LocalSockets.bytes(out, argument.getBytes(StandardCharsets.UTF_8));
      }
      Terminals.Terminal terminal = Terminals.interactive();
      out.writeBoolean(terminal != null);
      out.flush();
      if (in.readByte() != ACCEPTED) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(relay(in, out, terminal));
    } catch (IOException e) {
      // before the greeting was answered nothing has run: the command runs here
      return OptionalInt.empty();
    }
  }

  /** The controller's output, prompts and exit code; it has accepted the command, so the command is its. */
  private static int relay(DataInputStream in, DataOutputStream out, Terminals.Terminal terminal) {
    Sink stdout = new Sink(new FileOutputStream(FileDescriptor.out));
    Sink stderr = new Sink(new FileOutputStream(FileDescriptor.err));
    try {
      while (true) {
        byte type = in.readByte();
        switch (type) {
          case OUT -> stdout.write(LocalSockets.bytes(in));
          case ERR -> stderr.write(LocalSockets.bytes(in));
          case ASK -> {
            boolean echo = in.readBoolean();
            String prompt = new String(LocalSockets.bytes(in), StandardCharsets.UTF_8);
            String answer = terminal == null ? null : terminal.readLine(prompt, echo);
            out.writeByte(ANSWER);
            LocalSockets.bytes(out, answer == null ? null : answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          case EXIT -> {
            return in.readInt();
          }
          default -> throw new IOException("unknown message " + type);
        }
      }
    } catch (IOException e) {
      String why = e instanceof EOFException ? "it stopped" : e.getMessage();
      System.err.println("runbook: the warm controller running this command did not finish it (" + why
          + "); run it again, with --persist 0 to run it in a process of its own");
      return ExitCodes.INTERNAL;
    }
  }

  /**
   * Standard output or error, as a run in this process writes them: once a reader has gone (a pipe
   * into head), what follows is dropped and the run goes on.
   */
  private static final class Sink {
    private final OutputStream out;
    private boolean broken;

    Sink(OutputStream out) {
      this.out = out;
    }

    void write(byte[] bytes) {
      if (!broken) {
        try {
          out.write(bytes);
        } catch (IOException e) {
          broken = true;
        }
      }
    }
  }

  /** This process's identity when its command may be served warm (and a controller started for it), else empty. */
  static Optional<byte[]> eligible(String[] args) {
    if (args.length == 0 || !SERVED.contains(args[0]) || "0".equals(System.getenv("RUNBOOK_PERSIST"))
        || "0".equals(System.getenv("RUNBOOK_WARM"))) {
      return Optional.empty();
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      boolean noPersist = a.equals("--persist=0") || (a.equals("--persist") && i + 1 < args.length && args[i + 1].equals("0"));
      if (noPersist || a.equals("-") || a.contains("/dev/") || a.contains("/proc/")) {
        return Optional.empty();
      }
    }
    return identity();
  }

  /** The socket of the warm controller for this identity, if this user's private socket directory is there. */
  static Optional<Path> socket(byte[] identity) {
    Optional<Path> dir = LocalSockets.directory(home());
    return dir.isPresent() ? Optional.of(LocalSockets.named(dir.get(), identity, SUFFIX)) : Optional.empty();
  }

  /**
   * Everything that decides how a command runs, as bytes: the JVM, the class path's files with
   * their sizes and times (empty when an entry is not a file: class directories change unseen), the
   * system properties given on the command line, the working directory, the environment (but for
   * {@code _}) and the umask.
   */
  static Optional<byte[]> identity() {
    StringBuilder s = new StringBuilder(HELLO).append('\0').append(System.getProperty("java.home")).append('\0');
    for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      try {
        BasicFileAttributes file = Files.readAttributes(Path.of(entry), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!file.isRegularFile()) {
          return Optional.empty();
        }
        s.append(Path.of(entry).toAbsolutePath()).append(' ').append(file.size()).append(' ')
            .append(file.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)).append('\0');
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    for (String property : properties()) {
      s.append(property).append('\0');
    }
    s.append(Path.of("").toAbsolutePath()).append('\0');
    TreeMap<String, String> environment = new TreeMap<>(System.getenv());
    environment.remove("_"); // the shell's path of the command it runs: the launcher's, or java's when run without it
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      s.append(variable.getKey()).append('=').append(variable.getValue()).append('\0');
    }
    s.append(umask());
    return Optional.of(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code -D} options this JVM was started with, which a controller must be started with too. */
  static List<String> properties() {
    List<String> given = new ArrayList<>();
    for (String option : LocalSockets.jvmOptions()) {
      if (option.startsWith("-D")) {
        given.add(option);
      }
    }
    return given;
  }

  /** Files this process makes get these permissions masked off; Java has no call that reads it, Linux says it here. */
  private static String umask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return line;
        }
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  static Path home() {
    return Path.of(System.getProperty("user.home"));
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the next run tries again
    }
  }
}
