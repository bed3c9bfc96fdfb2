package runbook.connect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import runbook.spi.HostException;

/** A connection a {@link Keeper} holds for this host, used through its local socket. */
final class KeptConnection implements Connection {
  private final SshTarget target;
  private final SocketChannel channel;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final java.util.function.Supplier<Connection> login;
  private Connection direct;

  private KeptConnection(SshTarget target, SocketChannel channel, java.util.function.Supplier<Connection> login) {
    this.target = target;
    this.channel = channel;
    this.login = login;
    this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
    this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
  }

  /**
   * The kept connection at {@code socket}, when a keeper answers there for exactly this target. A
   * socket nobody answers on is left over from a keeper that died, and is removed. {@code login}
   * makes a connection of this run's own, for streams.
   */
  static Optional<Connection> attach(Path socket, SshTarget target, java.util.function.Supplier<Connection> login) {
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      KeptConnection kept = new KeptConnection(target, channel, login);
      kept.out.writeUTF(Kept.HELLO);
      Kept.bytes(kept.out, Kept.identity(target));
      kept.out.flush();
      return kept.in.readUTF().equals(Kept.HELLO) ? Optional.of(kept) : closed(channel);
    } catch (ConnectException refused) {
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        // another run may have removed it first
      }
      return closed(channel);
    } catch (IOException e) {
      return closed(channel);
    }
  }

  private static Optional<Connection> closed(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was said on it
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized ExecResult exec(String command, byte[] stdin) {
    try {
      Kept.string(out, command);
      Kept.bytes(out, stdin);
      out.flush();
      if (in.readByte() == Kept.FAILURE) {
        boolean unreachable = in.readBoolean();
        throw new HostException(Kept.string(in), unreachable, null);
      }
      int rc = in.readInt();
      return new ExecResult(rc, Kept.bytes(in), Kept.bytes(in));
    } catch (IOException e) {
      throw new HostException("lost the kept SSH connection to " + target.name() + " (" + target.address() + "): " + e.getMessage(), true, e);
    }
  }

  /**
   * Streams do not travel through the keeper's socket: they get a connection of their own, logged
   * in on first use as the keeper's was, and closed with this one.
   */
  @Override
  public synchronized StreamedCommand start(String command, java.io.OutputStream stderr) {
    if (direct == null) {
      direct = login.get();
    }
    return direct.start(command, stderr);
  }

  @Override
  public void close() {
    closed(channel);
    if (direct != null) {
      direct.close();
    }
  }
}
