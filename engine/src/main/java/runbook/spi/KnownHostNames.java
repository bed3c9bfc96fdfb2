package runbook.spi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The names field of an OpenSSH known_hosts line, matched as ssh matches it: a comma-separated
 * list of patterns ({@code *} and {@code ?} wildcards, {@code !} excluding, without case), each of
 * which may be a hashed name {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}. A name is a
 * host in lower case, or {@code [host]:port} for a port other than 22.
 */
public final class KnownHostNames {
  private KnownHostNames() {}

  /** Whether the names field {@code patterns} names {@code name} (in lower case). */
  public static boolean match(String patterns, String name) {
    boolean matched = false;
    for (String pattern : patterns.split(",")) {
      boolean negated = pattern.startsWith("!");
      if (matches(negated ? pattern.substring(1) : pattern, name)) {
        if (negated) {
          return false;
        }
        matched = true;
      }
    }
    return matched;
  }

  /** {@code name} hashed with {@code salt}, as ssh-keygen -H writes it. */
  public static String hashed(byte[] salt, String name) {
    return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hmac(salt, name));
  }

  private static boolean matches(String pattern, String name) {
    if (pattern.startsWith("|1|")) {
      return hashedMatches(pattern, name);
    }
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.indexOf('*') < 0 && p.indexOf('?') < 0) {
      return p.equals(name);
    }
    StringBuilder regex = new StringBuilder();
    for (char c : p.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return name.matches(regex.toString());
  }

  private static boolean hashedMatches(String pattern, String name) {
    String[] parts = pattern.split("\\|");
    if (parts.length != 4) {
      return false;
    }
    try {
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, hmac(Base64.getDecoder().decode(parts[2]), name));
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private static byte[] hmac(byte[] salt, String name) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return new byte[0]; // an empty salt is no key: it hashes to nothing any name matches
    }
  }
}
