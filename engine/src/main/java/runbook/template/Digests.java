package runbook.template;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import runbook.secret.Vault;

/**
 * Ansible's hashing filters: hash, checksum, md5, sha1, to_uuid, and password_hash as Ansible's
 * crypt fallback makes it (SHA-crypt, $5$ and $6$). A hash of a secret is secret, as everything
 * an expression derives from one (see Scope).
 */
final class Digests {
  private Digests() {}

  /** The namespace of Ansible's to_uuid. */
  private static final UUID ANSIBLE = UUID.fromString("361E6D51-FAEC-444A-9079-341386DA8E2E");
  private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Pattern SALT = Pattern.compile("[./0-9A-Za-z]*");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Byte order of SHA-crypt's final encoding, in groups of three (the last group shorter). */
  private static final int[] SHA512_ORDER = {
    0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51,
    31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60,
    40, 61, 19, 62, 20, 41, 63};
  private static final int[] SHA256_ORDER = {
    0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17, 18, 28, 8, 9, 19, 29, 31, 30};

  static void into(Map<String, Filters.Body> ours) {
    ours.put("hash", (v, a) -> hex(a.string(0, "hashtype", "sha1"), v));
    ours.put("checksum", (v, a) -> hex("sha1", v));
    ours.put("sha1", (v, a) -> hex("sha1", v));
    ours.put("md5", (v, a) -> hex("md5", v));
    ours.put("to_uuid", Digests::toUuid);
    ours.put("password_hash", Digests::passwordHash);
    ours.put("vault", Digests::vault);
    ours.put("unvault", Digests::unvault);
  }

  /** Ansible's vault filter: the value encrypted with the password given (a random 32-byte salt unless given). */
  private static Object vault(Object value, Args args) {
    String password = args.string(0, "secret", "");
    String salt = args.string(1, "salt", null);
    byte[] saltBytes = new byte[32];
    if (salt == null) {
      RANDOM.nextBytes(saltBytes);
    } else if (salt.isEmpty()) {
      throw new TemplateError("Unable to encrypt: Empty or invalid salt passed");
    } else {
      saltBytes = salt.getBytes(StandardCharsets.UTF_8);
    }
    return Vault.seal(Python.str(value).getBytes(StandardCharsets.UTF_8), password, saltBytes, args.string(2, "vaultid", "filter_default"));
  }

  /** Ansible's unvault filter: an envelope opened with the password given (other text as it is); what it gives is a secret. */
  private static Object unvault(Object value, Args args) {
    String text = Python.str(value);
    if (!Vault.encrypted(text)) {
      return text;
    }
    Vault.Opened opened = Vault.of(List.of(args.string(0, "secret", ""))).open(text);
    String plain = opened.text().orElseThrow(() -> new TemplateError("Unable to decrypt: " + opened.problem()));
    Scope.current().ifPresent(scope -> scope.secrets().add(plain));
    return plain;
  }

  private static MessageDigest digest(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    String name = lower.startsWith("sha3_") ? lower.replace('_', '-') : lower.replaceFirst("^sha(\\d)", "sha-$1");
    try {
      return MessageDigest.getInstance(name.toUpperCase(Locale.ROOT));
    } catch (NoSuchAlgorithmException e) {
      throw new TemplateError("unsupported hash type " + type);
    }
  }

  private static String hex(String type, Object value) {
    return HexFormat.of().formatHex(digest(type).digest(Python.str(value).getBytes(StandardCharsets.UTF_8)));
  }

  /** Python's uuid5: SHA-1 of the namespace and the name, version and variant bits set. */
  private static Object toUuid(Object value, Args args) {
    String namespace = args.string(0, "namespace", ANSIBLE.toString());
    UUID space;
    try {
      space = UUID.fromString(namespace);
    } catch (IllegalArgumentException e) {
      throw new TemplateError("to_uuid: invalid value '" + namespace + "' for 'namespace'");
    }
    MessageDigest sha1 = digest("sha1");
    sha1.update(ByteBuffer.allocate(16).putLong(space.getMostSignificantBits()).putLong(space.getLeastSignificantBits()).array());
    byte[] hash = sha1.digest(Python.str(value).getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bits.getLong(), bits.getLong()).toString();
  }

  private static Object passwordHash(Object value, Args args) {
    String type = args.string(0, "hashtype", "sha512");
    String salt = args.string(1, "salt", null);
    Object saltSize = args.get(2, "salt_size", null);
    Object rounds = args.get(3, "rounds", null);
    String id;
    int bytes;
    switch (type) {
      case "sha512", "sha512_crypt" -> {
        id = "6";
        bytes = 64;
      }
      case "sha256", "sha256_crypt" -> {
        id = "5";
        bytes = 32;
      }
      default -> throw new TemplateError("password_hash: the hash type '" + type + "' is not supported (sha512 and sha256 are)");
    }
    int size = saltSize == null ? 16 : Filters.integer(saltSize);
    if (salt == null || salt.isEmpty()) {
      StringBuilder random = new StringBuilder();
      for (int i = 0; i < size; i++) {
        random.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
      }
      salt = random.toString();
    }
    if (!SALT.matcher(salt).matches()) {
      throw new TemplateError("password_hash: invalid characters in salt");
    }
    if (salt.length() > 16) {
      throw new TemplateError("password_hash: invalid salt size");
    }
    // Ansible leaves out rounds equal to passlib's default (656000, 535000): crypt then uses its own 5000
    int implicit = bytes == 64 ? 656_000 : 535_000;
    Integer count = rounds == null || Filters.integer(rounds) == implicit ? null : Filters.integer(rounds);
    return shaCrypt(Python.str(value).getBytes(StandardCharsets.UTF_8), salt, count, id, bytes == 64 ? "sha-512" : "sha-256",
        bytes == 64 ? SHA512_ORDER : SHA256_ORDER);
  }

  /** Drepper's SHA-crypt, as glibc's crypt(3) computes it: 5000 rounds unless given, given ones written out. */
  private static String shaCrypt(byte[] password, String saltText, Integer rounds, String id, String algorithm, int[] order) {
    int clamped = rounds == null ? 5000 : Math.max(1000, Math.min(999_999_999, rounds));
    byte[] salt = saltText.getBytes(StandardCharsets.US_ASCII);
    MessageDigest b = digest(algorithm);
    b.update(password);
    b.update(salt);
    b.update(password);
    byte[] bDigest = b.digest();
    MessageDigest a = digest(algorithm);
    a.update(password);
    a.update(salt);
    repeat(a, bDigest, password.length);
    for (int n = password.length; n > 0; n >>= 1) {
      a.update((n & 1) != 0 ? bDigest : password);
    }
    byte[] c = a.digest();
    MessageDigest dp = digest(algorithm);
    for (int i = 0; i < password.length; i++) {
      dp.update(password);
    }
    byte[] p = sequence(dp.digest(), password.length);
    MessageDigest ds = digest(algorithm);
    for (int i = 0; i < 16 + (c[0] & 0xff); i++) {
      ds.update(salt);
    }
    byte[] s = sequence(ds.digest(), salt.length);
    for (int i = 0; i < clamped; i++) {
      MessageDigest round = digest(algorithm);
      round.update((i & 1) != 0 ? p : c);
      if (i % 3 != 0) {
        round.update(s);
      }
      if (i % 7 != 0) {
        round.update(p);
      }
      round.update((i & 1) != 0 ? c : p);
      c = round.digest();
    }
    StringBuilder out = new StringBuilder("$" + id + "$");
    if (rounds != null) {
      out.append("rounds=").append(clamped).append('$');
    }
    out.append(saltText).append('$');
    for (int i = 0; i < order.length; i += 3) {
      int left = order.length - i;
      int w = left >= 3 ? ((c[order[i]] & 0xff) << 16) | ((c[order[i + 1]] & 0xff) << 8) | (c[order[i + 2]] & 0xff)
          : left == 2 ? ((c[order[i]] & 0xff) << 8) | (c[order[i + 1]] & 0xff) : c[order[i]] & 0xff;
      int chars = left >= 3 ? 4 : left == 2 ? 3 : 2;
      for (int k = 0; k < chars; k++, w >>= 6) {
        out.append(SALT_CHARS.charAt(w & 0x3f));
      }
    }
    return out.toString();
  }

  private static void repeat(MessageDigest into, byte[] block, int length) {
    int n = length;
    for (; n > block.length; n -= block.length) {
      into.update(block);
    }
    into.update(block, 0, n);
  }

  private static byte[] sequence(byte[] block, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = block[i % block.length];
    }
    return out;
  }
}
