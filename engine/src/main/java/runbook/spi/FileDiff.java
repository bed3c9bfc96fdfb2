package runbook.spi;

/**
 * A file's text before and after, rendered as a unified diff by the engine. Absent content is the
 * empty string; {@code beforeLabel}/{@code afterLabel} name the sides (usually the path).
 */
public record FileDiff(String path, String before, String after) {
  public static FileDiff of(String path, byte[] before, byte[] after) {
    return new FileDiff(path, text(before), text(after));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
