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
import runbook.spi.KnownHostNames;

/**
 * OpenSSH known_hosts files: plain and hashed ({@code |1|salt|hash}) host patterns, wildcards,
 * negation, the {@code [host]:port} form and the {@code @revoked} marker. Keys are compared as
 * their SSH wire encoding, so every key type is handled alike.
 */
final class KnownHosts {
  enum Verdict { TRUSTED, UNKNOWN, CHANGED, REVOKED }

  private record Entry(String marker, String patterns, String keyType, byte[] key) {
    boolean appliesTo(String name) {
      return KnownHostNames.match(patterns, name);
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
        entries.add(new Entry(i == 1 ? f[0] : "", f[i], f[i + 1], key));
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
}
