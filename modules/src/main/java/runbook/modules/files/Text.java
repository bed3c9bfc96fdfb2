package runbook.modules.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Text and paths as the file modules handle them: "\n" line ends, POSIX paths. Content becomes
 * text through {@link runbook.spi.RawText}, so every byte an edit does not touch is written back.
 */
final class Text {
  private Text() {}

  /** Lines with their "\n" kept, as Python's readlines() gives them; the last may lack one. */
  static List<String> lines(String text) {
    var lines = new ArrayList<String>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int next = end < 0 ? text.length() : end + 1;
      lines.add(text.substring(start, next));
      start = next;
    }
    return lines;
  }

  /** True when the content can be shown as a text diff. */
  static boolean isText(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }

  static String sha1(byte[] bytes) {
    return digest("SHA-1", bytes);
  }

  static String md5(byte[] bytes) {
    return digest("MD5", bytes);
  }

  private static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + algorithm, e);
    }
  }

  static String basename(String path) {
    String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /** The directory part of a path, "" when it has none (a path relative to the working directory). */
  static String dirname(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : slash == 0 ? "/" : path.substring(0, slash);
  }

  static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** Where a symlink at {@code link} pointing to {@code target} leads. */
  static String resolve(String link, String target) {
    if (target.startsWith("/")) {
      return target;
    }
    String dir = dirname(link);
    return dir.isEmpty() ? target : join(dir, target);
  }
}
