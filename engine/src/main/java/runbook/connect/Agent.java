package runbook.connect;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.common.Buffer;

/**
 * A client of the OpenSSH agent (draft-miller-ssh-agent) on its Unix socket, for the two requests a
 * login needs: the keys it holds, and a signature by one of them. Each request is one short
 * connection, so logins to many hosts at once share nothing; every wait is bounded by a deadline.
 */
final class Agent {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final byte FAILURE = 5;
  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;
  private static final int RSA_SHA2_256 = 2;
  private static final int RSA_SHA2_512 = 4;
  /** OpenSSH's own limit on an agent's reply. */
  private static final int MAX_REPLY = 256 * 1024;

  /** A key the agent holds: its type ("ssh-ed25519"), public key blob (the type, then the key) and comment. */
  record Identity(String type, byte[] blob, String comment) {}

  private final Path socket;
  private final Duration timeout;

  Agent(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  /** The agent's keys; none when it is absent, unreachable or refuses, as OpenSSH's client treats it. */
  List<Identity> identities() {
    try {
      Buffer.PlainBuffer reply = call(new Buffer.PlainBuffer().putByte(REQUEST_IDENTITIES), IDENTITIES_ANSWER);
      int n = reply.readUInt32AsInt();
      List<Identity> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] blob = reply.readStringAsBytes();
        keys.add(new Identity(new Buffer.PlainBuffer(blob).readString(), blob, reply.readString()));
      }
      return List.copyOf(keys);
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The agent's signature of {@code data} with the key {@code blob}, as an SSH signature blob (string
   * algorithm, string signature). {@code algorithm} picks SHA-2 for an RSA key.
   *
   * @throws IOException one sentence: the agent is unreachable, silent, or refuses
   */
  byte[] sign(byte[] blob, byte[] data, String algorithm) throws IOException {
    int flags = switch (algorithm) {
      case "rsa-sha2-512" -> RSA_SHA2_512;
      case "rsa-sha2-256" -> RSA_SHA2_256;
      default -> 0;
    };
    Buffer.PlainBuffer request = new Buffer.PlainBuffer().putByte(SIGN_REQUEST).putString(blob).putString(data).putUInt32(flags);
    return call(request, SIGN_RESPONSE).readStringAsBytes();
  }

  /** Sends one request and returns the reply after its type byte, which must be {@code expected}. */
  private Buffer.PlainBuffer call(Buffer.PlainBuffer request, byte expected) throws IOException {
    try {
      return exchange(request, expected);
    } catch (Refusal e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("cannot talk to the ssh-agent at " + socket + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  private Buffer.PlainBuffer exchange(Buffer.PlainBuffer request, byte expected) throws IOException {
    byte[] body = request.getCompactData();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0);
      if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
        while (!channel.finishConnect()) {
          await(key, SelectionKey.OP_CONNECT, deadline);
        }
      }
      ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(key, SelectionKey.OP_WRITE, deadline);
        }
      }
      int length = fill(channel, key, ByteBuffer.allocate(4), deadline).getInt(0);
      if (length < 1 || length > MAX_REPLY) {
        throw new Refusal("sent a reply of " + Integer.toUnsignedString(length) + " bytes");
      }
      Buffer.PlainBuffer reply = new Buffer.PlainBuffer(fill(channel, key, ByteBuffer.allocate(length), deadline).array());
      byte type = reply.readByte();
      if (type == FAILURE) {
        throw new Refusal("refused the request");
      }
      if (type != expected) {
        throw new Refusal("answered with message " + type + " instead of " + expected);
      }
      return reply;
    }
  }

  private ByteBuffer fill(SocketChannel channel, SelectionKey key, ByteBuffer in, long deadline) throws IOException {
    while (in.hasRemaining()) {
      int n = channel.read(in);
      if (n < 0) {
        throw new Refusal("closed the connection without an answer");
      }
      if (n == 0) {
        await(key, SelectionKey.OP_READ, deadline);
      }
    }
    return in;
  }

  /** Waits until the channel is ready for {@code op}, or throws once the deadline has passed. */
  private void await(SelectionKey key, int op, long deadline) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new Refusal("did not answer within " + timeout.toMillis() + " ms");
    }
    key.interestOps(op);
    key.selector().select(left);
    key.selector().selectedKeys().clear();
  }

  /** What the agent did wrong, already one sentence naming it. */
  private final class Refusal extends IOException {
    Refusal(String what) {
      super("the ssh-agent at " + socket + " " + what);
    }
  }
}
