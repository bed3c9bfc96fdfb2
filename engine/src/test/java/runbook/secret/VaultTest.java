package runbook.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Envelopes written by ansible-vault 2.14 (encrypt_string, encrypt) with the password in vault-password. */
class VaultTest {
  private static final Vault VAULT = Vault.of(List.of(fixture("vault-password")));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "format 1.1                          | v11-short.vault | Vault-Secret-71b",
        "format 1.2 with a label             | v12-label.vault | Labelled-Secret-9f",
        "a whole block of padding            | v11-block.vault | exactly16bytes!!",
        "UTF-8                               | v11-utf8.vault  | café – ünïcode ✓",
        "a whole file                        | v11-file.vault  | 'line one\nline two\n'",
      })
  void opensWhatAnsibleVaultWrote(String name, String file, String plain) {
    Vault.Opened opened = VAULT.open(fixture(file));
    assertNull(opened.problem());
    assertEquals(plain.replace("\\n", "\n"), opened.text().orElseThrow());
  }

  @Test
  void theRightPasswordIsFoundAmongSeveral() {
    Vault several = Vault.of(List.of("not it", fixture("vault-password")));
    assertEquals("Vault-Secret-71b", several.open(fixture("v11-short.vault")).text().orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a wrong password     | v11-short.vault | the vault password does not open this vault",
        "a wrong one, labelled| v12-label.vault | the vault password does not open this vault (vault id 'prod')",
      })
  void aWrongPasswordIsASentence(String name, String file, String problem) {
    Vault.Opened opened = Vault.of(List.of("wrong")).open(fixture(file));
    assertNull(opened.plain());
    assertEquals(problem, opened.problem());
  }

  @Test
  void withoutAPasswordItSaysHowToGiveOne() {
    assertEquals(
        "vault-encrypted, but no vault password was given (--vault-password-file FILE or --ask-vault-pass)",
        Vault.none().open(fixture("v11-short.vault")).problem());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an unknown cipher   | '$ANSIBLE_VAULT;1.1;AES\n3132'         | a vault in a format runbook cannot read ('$ANSIBLE_VAULT;1.1;AES'; only 1.1 and 1.2 with AES256)",
        "a body that is no hex| '$ANSIBLE_VAULT;1.1;AES256\nzz'       | a damaged vault: its body is not what ansible-vault writes",
        "a body cut short    | '$ANSIBLE_VAULT;1.1;AES256\n3132'       | a damaged vault: its body is not what ansible-vault writes",
      })
  void aDamagedVaultIsASentence(String name, String envelope, String problem) {
    assertEquals(problem, VAULT.open(envelope.replace("\\n", "\n")).problem());
  }

  @Test
  void knowsAnEnvelope() {
    assertTrue(Vault.encrypted(fixture("v11-short.vault")));
    assertTrue(Vault.encrypted("  $ANSIBLE_VAULT;1.2;AES256;x\n"));
    assertFalse(Vault.encrypted("plain: yaml\n"));
  }

  private static String fixture(String name) {
    try (InputStream in = VaultTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
