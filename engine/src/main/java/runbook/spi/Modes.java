package runbook.spi;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * File modes as Ansible's file arguments take them: octal ("0644", "644", "0o644", "2775") or
 * symbolic ("u=rwx,g=rx,o=", "u+x,g-w", "g+s", "a+X"), applied the way Ansible applies them, so a
 * plan knows the numeric mode a path will end with, and check mode knows the mode a path is
 * predicted to have. The one implementation: modules and engine both use it.
 */
public final class Modes {
  /**
   * The umask assumed for clauses without a "who" ("+x") and for new files. The remote umask is not
   * read, to keep planning at one round trip; 022 is the common default.
   */
  public static final int UMASK = 0022;

  private static final Pattern OCTAL = Pattern.compile("(?:0o)?[0-7]{1,5}");
  private static final Pattern CLAUSE = Pattern.compile("[ugoa]*(?:[-+=][rwxXstugo]*)+");
  private static final Pattern OPERATION = Pattern.compile("([-+=])([rwxXstugo]*)");

  private Modes() {}

  /** Why {@code spec} is not a mode, or empty when it is one. */
  public static Optional<String> problem(String spec) {
    if (isOctal(spec)) {
      return Optional.empty();
    }
    for (String clause : spec.split(",", -1)) {
      if (!CLAUSE.matcher(clause).matches()) {
        return Optional.of("bad symbolic permission for mode: " + spec);
      }
    }
    return Optional.empty();
  }

  public static boolean isOctal(String spec) {
    return OCTAL.matcher(spec).matches() && Integer.parseInt(digits(spec), 8) <= 07777;
  }

  /** The mode a path with {@code current} mode ends with after {@code spec}; spec must be valid. */
  public static int apply(String spec, int current, boolean directory) {
    if (isOctal(spec)) {
      return Integer.parseInt(digits(spec), 8);
    }
    int mode = current & 07777;
    for (String clause : spec.split(",")) {
      int op = firstOperator(clause);
      String who = clause.substring(0, op);
      boolean masked = who.isEmpty();
      String users = who.isEmpty() || who.contains("a") ? "ugo" : who;
      var operations = OPERATION.matcher(clause.substring(op));
      while (operations.find()) {
        for (char user : users.toCharArray()) {
          int bits = bits(user, operations.group(2), masked, mode, directory);
          mode = operate(user, operations.group(1).charAt(0), bits, mode);
        }
      }
    }
    return mode;
  }

  /** As Ansible prints modes: a 0, then at least three octal digits ("0644", "02775"). */
  public static String octal(int mode) {
    return String.format("0%03o", mode);
  }

  /** The mode a new regular file gets when none is asked for. */
  public static int newFile() {
    return 0666 & ~UMASK;
  }

  public static int newDirectory() {
    return 0777 & ~UMASK;
  }

  private static String digits(String spec) {
    return spec.startsWith("0o") ? spec.substring(2) : spec;
  }

  private static int firstOperator(String clause) {
    for (int i = 0; i < clause.length(); i++) {
      if ("+-=".indexOf(clause.charAt(i)) >= 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("no operator in " + clause);
  }

  /** Bits of {@code perms} for one user class, in that class's position (Ansible's table). */
  private static int bits(char user, String perms, boolean masked, int previous, boolean directory) {
    int shift = switch (user) {
      case 'u' -> 6;
      case 'g' -> 3;
      default -> 0;
    };
    int allowed = masked ? ~UMASK : 07777;
    boolean applyX = directory || (previous & 0111) != 0;
    int result = 0;
    for (char p : perms.toCharArray()) {
      result |= switch (p) {
        case 'r' -> (4 << shift) & allowed;
        case 'w' -> (2 << shift) & allowed;
        case 'x' -> (1 << shift) & allowed;
        case 'X' -> applyX ? 1 << shift : 0;
        case 's' -> user == 'u' ? 04000 : user == 'g' ? 02000 : 0;
        case 't' -> user == 'o' ? 01000 : 0;
        case 'u' -> ((previous >> 6) & 7) << shift;
        case 'g' -> ((previous >> 3) & 7) << shift;
        case 'o' -> (previous & 7) << shift;
        default -> throw new IllegalArgumentException("bad permission " + p);
      };
    }
    return result;
  }

  private static int operate(char user, char operator, int bits, int mode) {
    return switch (operator) {
      case '+' -> mode | bits;
      case '-' -> mode & ~bits;
      default -> {
        int mask = switch (user) {
          case 'u' -> 0700 | 04000;
          case 'g' -> 0070 | 02000;
          default -> 0007 | 01000;
        };
        yield (mode & ~mask) | bits;
      }
    };
  }
}
