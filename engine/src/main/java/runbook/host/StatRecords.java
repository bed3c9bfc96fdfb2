package runbook.host;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import runbook.spi.FileState;
import runbook.spi.FileType;
import runbook.spi.HostException;
import runbook.spi.Shell;

/**
 * The one file-attribute format of the protocol: {@code find -printf} with seven fields, each ended
 * by a NUL byte (type, octal mode, owner, group, size, link target, path below the starting point).
 * NUL is the only byte a path cannot hold, so names with spaces, quotes or newlines parse exactly.
 */
final class StatRecords {
  private static final String FORMAT = "%y\\0%m\\0%u\\0%g\\0%s\\0%l\\0%P\\0";
  private static final int FIELDS = 7;

  private StatRecords() {}

  /** A find command over {@code path}: the path itself, or everything under it when {@code recurse}. */
  static String find(String path, boolean recurse) {
    return "LC_ALL=C find " + Shell.quote(startingPoint(path)) + (recurse ? "" : " -maxdepth 0")
        + " -printf " + Shell.quote(FORMAT);
  }

  /** One find over many starting points, each the path itself: its records in their order, as each alone prints it. */
  static String findEach(String pathsWord) {
    return "LC_ALL=C find " + pathsWord + " -maxdepth 0 -printf " + Shell.quote(FORMAT);
  }

  /** Where the record at {@code from} ends (past its last NUL), or -1 when it is cut short. */
  static int recordEnd(byte[] bytes, int from) {
    int at = from;
    for (int i = 0; i < FIELDS; i++) {
      int end = indexOfNul(bytes, at);
      if (end < 0) {
        return -1;
      }
      at = end + 1;
    }
    return at;
  }

  /** A record's size field (the fifth), as find printed it. */
  static long size(byte[] bytes, int from) {
    int at = from;
    for (int i = 0; i < 4; i++) {
      at = indexOfNul(bytes, at) + 1;
    }
    return Long.parseLong(new String(bytes, at, indexOfNul(bytes, at) - at, StandardCharsets.US_ASCII));
  }

  /** find reads a leading '-', '!' or '(' as an expression, so relative paths start with "./". */
  static String startingPoint(String path) {
    return path.startsWith("/") ? path : "./" + path;
  }

  /** Parses records from {@code bytes}; stops at {@code limit} records and reports where it stopped. */
  static Parsed parse(String root, byte[] bytes, int limit) {
    List<FileState> states = new ArrayList<>();
    int at = 0;
    while (at < bytes.length && states.size() < limit) {
      String[] f = new String[FIELDS];
      for (int i = 0; i < FIELDS; i++) {
        int end = indexOfNul(bytes, at);
        if (end < 0) {
          throw new HostException("the host sent a truncated answer for " + root);
        }
        f[i] = new String(bytes, at, end - at, StandardCharsets.UTF_8);
        at = end + 1;
      }
      states.add(state(root, f));
    }
    return new Parsed(List.copyOf(states), at);
  }

  record Parsed(List<FileState> states, int end) {}

  private static FileState state(String root, String[] f) {
    FileType type = switch (f[0]) {
      case "f" -> FileType.FILE;
      case "d" -> FileType.DIRECTORY;
      case "l" -> FileType.LINK;
      default -> FileType.OTHER;
    };
    String path = f[6].isEmpty() ? root : root.endsWith("/") ? root + f[6] : root + "/" + f[6];
    return new FileState(path, type, Integer.parseInt(f[1], 8), f[2], f[3], Long.parseLong(f[4]),
        type == FileType.LINK ? f[5] : null, null);
  }

  private static int indexOfNul(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
