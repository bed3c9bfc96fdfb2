package runbook.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ansible Vault's AES256 format (1.1, and 1.2 with a label), opened with the JDK alone: PBKDF2 with
 * HMAC-SHA256 (10000 rounds) gives 80 bytes, the AES-256 key, the HMAC-SHA256 key and the CTR
 * counter's start; the HMAC over the ciphertext says whether the password is the right one.
 */
public final class Vault {
  static final String HEADER = "$ANSIBLE_VAULT;";
  private static final int ROUNDS = 10_000;
  private static final HexFormat HEX = HexFormat.of();

  /** The passwords to try, in order. */
  private final List<char[]> passwords;

  private Vault(List<char[]> passwords) {
    this.passwords = passwords;
  }

  public static Vault none() {
    return new Vault(List.of());
  }

  /** A vault opened with any of these passwords (as Ansible reads them: surrounding whitespace removed). */
  public static Vault of(List<String> passwords) {
    List<char[]> stripped = new ArrayList<>();
    passwords.forEach(p -> stripped.add(p.strip().toCharArray()));
    return new Vault(List.copyOf(stripped));
  }

  /** Whether text is a vault envelope (what ansible-vault writes, or a {@code !vault} value). */
  public static boolean encrypted(String text) {
    return text.stripLeading().startsWith(HEADER);
  }

  /**
   * What opening an envelope gave: the plain bytes, or why not, as a sentence to put after the
   * place it was written.
   */
  public record Opened(byte[] plain, String problem) {
    public Optional<String> text() {
      return plain == null ? Optional.empty() : Optional.of(new String(plain, StandardCharsets.UTF_8));
    }
  }

  /** Decrypts an envelope with the first password whose HMAC matches. */
  public Opened open(String envelope) {
    List<String> lines = envelope.strip().lines().map(String::strip).toList();
    String[] header = lines.get(0).split(";");
    if (header.length < 3 || !header[2].equals("AES256") || !(header[1].equals("1.1") || header[1].equals("1.2"))) {
      return new Opened(null, "a vault in a format runbook cannot read ('" + lines.get(0) + "'; only 1.1 and 1.2 with AES256)");
    }
    if (passwords.isEmpty()) {
      return new Opened(null, "vault-encrypted, but no vault password was given (--vault-password-file FILE or --ask-vault-pass)");
    }
    byte[] salt;
    byte[] hmac;
    byte[] ciphertext;
    try {
      String[] parts = new String(HEX.parseHex(String.join("", lines.subList(1, lines.size()))), StandardCharsets.US_ASCII)
          .split("\n", 3);
      salt = HEX.parseHex(parts[0]);
      hmac = HEX.parseHex(parts[1]);
      ciphertext = HEX.parseHex(parts[2]);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return new Opened(null, "a damaged vault: its body is not what ansible-vault writes");
    }
    for (char[] password : passwords) {
      byte[] padded = decrypt(password, salt, hmac, ciphertext);
      if (padded != null) {
        byte[] plain = unpad(padded);
        return plain != null ? new Opened(plain, null) : new Opened(null, "a damaged vault: its padding is wrong");
      }
    }
    String label = header.length > 3 ? " (vault id '" + header[3] + "')" : "";
    return new Opened(null, "the vault password does not open this vault" + label);
  }

  /**
   * Encrypts as ansible-vault does (the {@code vault} filter): 1.2 with the vault id as label (1.1
   * without one), PKCS#7 padding, lines of 80 hex digits, a newline at the end.
   */
  public static String seal(byte[] plain, String password, byte[] salt, String vaultId) {
    try {
      byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ROUNDS, 80 * 8))
          .getEncoded();
      int pad = 16 - plain.length % 16;
      byte[] padded = Arrays.copyOf(plain, plain.length + pad);
      Arrays.fill(padded, plain.length, padded.length, (byte) pad);
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(derived, 0, 32, "AES"), new IvParameterSpec(derived, 64, 16));
      byte[] ciphertext = aes.doFinal(padded);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(derived, 32, 32, "HmacSHA256"));
      String body = HEX.formatHex((HEX.formatHex(salt) + "\n" + HEX.formatHex(mac.doFinal(ciphertext)) + "\n" + HEX.formatHex(ciphertext))
          .getBytes(StandardCharsets.US_ASCII));
      StringBuilder out = new StringBuilder(HEADER + (vaultId == null || vaultId.isEmpty() || vaultId.equals("default") ? "1.1;AES256" : "1.2;AES256;" + vaultId));
      for (int i = 0; i < body.length(); i += 80) {
        out.append('\n').append(body, i, Math.min(body.length(), i + 80));
      }
      return out.append('\n').toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2, HMAC-SHA256 or AES-CTR", e);
    }
  }

  /** The padded plain bytes, or null when the HMAC says the password is wrong. */
  private static byte[] decrypt(char[] password, byte[] salt, byte[] hmac, byte[] ciphertext) {
    try {
      byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password, salt, ROUNDS, 80 * 8))
          .getEncoded();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(derived, 32, 32, "HmacSHA256"));
      if (!MessageDigest.isEqual(mac.doFinal(ciphertext), hmac)) {
        return null;
      }
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, 0, 32, "AES"), new IvParameterSpec(derived, 64, 16));
      return aes.doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks PBKDF2, HMAC-SHA256 or AES-CTR", e);
    }
  }

  /** PKCS#7 over 16-byte blocks removed; null when it is not PKCS#7. */
  private static byte[] unpad(byte[] padded) {
    int n = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
    if (n < 1 || n > 16 || n > padded.length) {
      return null;
    }
    for (int i = padded.length - n; i < padded.length; i++) {
      if ((padded[i] & 0xff) != n) {
        return null;
      }
    }
    return Arrays.copyOf(padded, padded.length - n);
  }
}
