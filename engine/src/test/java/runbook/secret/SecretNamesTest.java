package runbook.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "password, true",
      "db_password, true",
      "mysql_root_pass, true",
      "pwd, true",
      "db_pw, true",
      "pw_hash, true",
      "api_key, true",
      "github_token, true",
      "vault_db, true",
      // stat's and find's owner name: masking it would hide "root" all over the output
      "pw_name, false",
      "gr_name, false",
      "passwd_file, true",
      "path, false",
      "owner, false",
  })
  void aNameSaysWhetherItsValueIsSecret(String name, boolean secret) {
    assertEquals(secret, Secrets.none().named(name));
  }
}
