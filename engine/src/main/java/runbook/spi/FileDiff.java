package runbook.spi;

/**
 * A file's text before and after, rendered as a unified diff by the engine. Absent content is the
 * empty string. Content is decoded with {@link RawText}, so two different files never give the
 * same text, and bytes that are not UTF-8 show in the diff as {@code \xE9}.
 */
public record FileDiff(String path, String before, String after) {
  public static FileDiff of(String path, byte[] before, byte[] after) {
    return new FileDiff(path, RawText.decode(before), RawText.decode(after));
  }
}
