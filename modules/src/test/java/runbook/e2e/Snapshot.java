package runbook.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything observable about a directory tree: type, full mode (setgid included), owner, mtime,
 * content digest and link target of every entry. Two equal snapshots mean nothing was touched.
 */
record Snapshot(Map<String, String> entries) {
  static Snapshot of(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        entries.put(root.relativize(p).toString(), describe(p));
      }
    }
    return new Snapshot(entries);
  }

  private static String describe(Path p) throws IOException {
    var attrs = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,ino", LinkOption.NOFOLLOW_LINKS);
    StringBuilder d = new StringBuilder();
    d.append(String.format("mode=%o uid=%s gid=%s mtime=%s ino=%s", attrs.get("mode"), attrs.get("uid"), attrs.get("gid"),
        attrs.get("lastModifiedTime"), attrs.get("ino")));
    if (Files.isSymbolicLink(p)) {
      d.append(" link=").append(Files.readSymbolicLink(p));
    } else if (Files.isRegularFile(p)) {
      try {
        d.append(" sha256=").append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return d.toString();
  }
}
