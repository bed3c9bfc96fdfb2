package runbook.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSH known_hosts files: plain and hashed ({@code |1|salt|hash}) host patterns, wildcards,
 * negation, the {@code [host]:port} form and the {@code @revoked} marker. Keys are compared as
 * their SSH wire encoding, so every key type is handled alike.
 */
final class KnownHosts {
  enum Verdict { TRUSTED, UNKNOWN, CHANGED, REVOKED }

  private record Entry(String marker, String[] patterns, String keyType, byte[] key) {
    boolean appliesTo(String name) {
      boolean matched = false;
      for (String pattern : patterns) {
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
  }

  private final List<Entry> entries;

  private KnownHosts(List<Entry> entries) {
    this.entries = entries;
  }

  /** Reads the files that exist; a missing file holds no keys, like OpenSSH. */
  static KnownHosts load(List<Path> files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      if (Files.isRegularFile(file)) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return parse(lines);
  }

  /** Lines that cannot be understood are skipped, as OpenSSH does. */
  static KnownHosts parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f[0].isEmpty() || f[0].startsWith("#")) {
        continue;
      }
      int i = f[0].startsWith("@") ? 1 : 0;
      if (f.length < i + 3) {
        continue;
      }
      try {
        byte[] key = Base64.getDecoder().decode(f[i + 2]);
        entries.add(new Entry(i == 1 ? f[0] : "", f[i].split(","), f[i + 1], key));
      } catch (IllegalArgumentException notBase64) {
        // skipped: not a key
      }
    }
    return new KnownHosts(List.copyOf(entries));
  }

  /** The name a host is filed under: {@code host} on port 22, else {@code [host]:port}. */
  static String lookupName(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    return port == 22 ? h : "[" + h + "]:" + port;
  }

  Verdict check(String host, int port, byte[] key) {
    String name = lookupName(host, port);
    boolean known = false;
    for (Entry e : entries) {
      if (!e.appliesTo(name)) {
        continue;
      }
      boolean same = Arrays.equals(e.key(), key);
      switch (e.marker()) {
        case "@revoked":
          if (same) {
            return Verdict.REVOKED;
          }
          break;
        case "":
          if (same) {
            return Verdict.TRUSTED;
          }
          known = true;
          break;
        default: // @cert-authority: host certificates are not supported
      }
    }
    return known ? Verdict.CHANGED : Verdict.UNKNOWN;
  }

  /** Key types on file for the host, so the server is asked for a key that can be checked. */
  List<String> keyTypes(String host, int port) {
    String name = lookupName(host, port);
    return entries.stream()
        .filter(e -> e.marker().isEmpty() && e.appliesTo(name))
        .map(Entry::keyType)
        .distinct()
        .toList();
  }

  /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 digest of the key. */
  static String fingerprint(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
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

  /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}. */
  private static boolean hashedMatches(String pattern, String name) {
    String[] parts = pattern.split("\\|");
    if (parts.length != 4) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }
}
