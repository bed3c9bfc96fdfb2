package runbook.run;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * One of {@code count} parts of the inventory (--shard INDEX/COUNT): a host is in the part its
 * name's hash gives, so the same host always lands in the same part, on every controller, and in
 * exactly one. SHA-256 rather than String.hashCode, whose sums of similar names (web001, web002)
 * are spread by their last letter only.
 *
 * @param index 1 to count
 */
public record Shard(int index, int count) {
  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("a shard is I/N with 1 <= I <= N, not " + index + "/" + count);
    }
  }

  /** "2/5", or empty with a sentence on what is wrong. */
  public static Optional<Shard> parse(String text) {
    String[] parts = text.split("/", -1);
    try {
      if (parts.length == 2) {
        return Optional.of(new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())));
      }
    } catch (IllegalArgumentException e) {
      // below: one message for every malformed shard
    }
    return Optional.empty();
  }

  /** Whether the host named so is in this part. */
  public boolean has(String host) {
    return of(host, count) == index;
  }

  /** The part, 1 to count, that a host named so is in. */
  static int of(String host, int count) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
      long value = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
      return (int) Long.remainderUnsigned(value, count) + 1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
