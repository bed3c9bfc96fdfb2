package runbook.connect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import runbook.spi.HostException;

/** A connection a {@link Keeper} holds for this host, used through its local socket. */
final class KeptConnection implements Connection {
  private final SshTarget target;
  private final Path socket;
  private final Line line;
  private final java.util.function.Supplier<Connection> login;
  private Connection direct;

  /** One conversation with the keeper, greeted in kind. */
  record Line(SocketChannel channel, DataInputStream in, DataOutputStream out) {
    void close() {
      closed(channel);
    }
  }

  private KeptConnection(SshTarget target, Path socket, Line line, java.util.function.Supplier<Connection> login) {
    this.target = target;
    this.socket = socket;
    this.line = line;
    this.login = login;
  }

  /**
   * The kept connection at {@code socket}, when a keeper answers there for exactly this target. A
   * socket nobody answers on is left over from a keeper that died, and is removed. {@code login}
   * makes a connection of this run's own, for streams the keeper no longer takes.
   */
  static Optional<Connection> attach(Path socket, SshTarget target, java.util.function.Supplier<Connection> login) {
    return greet(socket, target, Kept.COMMANDS).map(line -> new KeptConnection(target, socket, line, login));
  }

  /**
   * A line to the keeper at {@code socket} for {@code mode}, when it answers there for exactly this
   * target; each streamed command gets a line of its own, so many can run at once.
   */
  static Optional<Line> greet(Path socket, SshTarget target, byte mode) {
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      Line line = new Line(channel, new DataInputStream(new BufferedInputStream(LocalSockets.in(channel))),
          new DataOutputStream(new BufferedOutputStream(LocalSockets.out(channel))));
      line.out().writeUTF(Kept.HELLO);
      LocalSockets.bytes(line.out(), Kept.identity(target));
      line.out().writeByte(mode);
      line.out().flush();
      if (line.in().readUTF().equals(Kept.HELLO)) {
        return Optional.of(line);
      }
      closed(channel);
      return Optional.empty();
    } catch (ConnectException refused) {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        // another run may have removed it first
      }
      closed(channel);
      return Optional.empty();
    } catch (IOException e) {
      closed(channel);
      return Optional.empty();
    }
  }

  private static void closed(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was said on it
      }
    }
  }

  @Override
  public synchronized ExecResult exec(String command, byte[] stdin) {
    try {
      Kept.string(line.out(), command);
      LocalSockets.bytes(line.out(), stdin);
      line.out().flush();
      if (line.in().readByte() == Kept.FAILURE) {
        boolean unreachable = line.in().readBoolean();
        throw new HostException(Kept.string(line.in()), unreachable, null);
      }
      int rc = line.in().readInt();
      return new ExecResult(rc, LocalSockets.bytes(line.in()), LocalSockets.bytes(line.in()));
    } catch (IOException e) {
      throw SshConnection.lost(target, e);
    }
  }

  /**
   * Streams go through the keeper too, each on a line of its own, so a run logs in nowhere. Only
   * when the keeper no longer answers (it left, or its connection died) does the run log in itself,
   * once, as the keeper did; that connection is closed with this one.
   */
  @Override
  public StreamedCommand start(String command, java.io.OutputStream stderr) {
    Optional<Line> stream = greet(socket, target, Kept.STREAM);
    if (stream.isPresent()) {
      return KeptStream.start(stream.get(), target, command, stderr);
    }
    synchronized (this) {
      if (direct == null) {
        direct = login.get();
      }
      return direct.start(command, stderr);
    }
  }

  @Override
  public void close() {
    line.close();
    synchronized (this) {
      if (direct != null) {
        direct.close();
      }
    }
  }
}
