package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.secret.Secrets;

class RedactorTest {
  private final Redactor redactor = redactor();

  private static Redactor redactor() {
    Secrets secrets = Secrets.none();
    secrets.addNamed(Map.of("db_password", "s3cr3t-pw", "api_token", "tok-123456", "user", "admin"));
    secrets.addNamed(Map.of("ansible_become_pass", "hunter22", "short_secret", "ab", "templated_password", "{{ vault_pw }}"));
    secrets.addNamed(Map.of("mysql_root_pw", "root-pw-1", "api_credentials", "cred-22", "ssl_key", "key-333", "vault_db", "vault-4444"));
    secrets.addNamed(Map.of("nested", Map.of("login", Map.of("password", "deep-pw-5")), "said", "it's \"quoted\""));
    secrets.add("it's \"quoted\"");
    return new Redactor(secrets);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "password in a line           | pass=s3cr3t-pw                | pass=********",
        "token anywhere               | Authorization: tok-123456     | Authorization: ********",
        "become password              | echo hunter22                 | echo ********",
        "a name ending in _pw         | -p root-pw-1                  | -p ********",
        "credentials                  | cred-22                       | ********",
        "a name ending in _key        | key-333                       | ********",
        "vault_ names                 | vault-4444                    | ********",
        "a key deep in a mapping      | deep-pw-5                     | ********",
        "as JSON prints it            | {\"x\":\"it's \\\"quoted\\\"\"}  | {\"x\":\"********\"}",
        "non-secret variables stay    | user admin                    | user admin",
        "values too short are kept    | ab ab                         | ab ab",
        "templates are not values     | {{ vault_pw }}                | {{ vault_pw }}",
      })
  void redacts(String name, String line, String expected) {
    assertEquals(expected, redactor.redact(line));
  }

  /** A line holding a secret is shown changed, without its content; the lines it replaced are hidden with it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an added secret line            | +pass=s3cr3t-pw                | +******** (a line holding a secret)",
        "the line it replaced            | -pass=old,+pass=s3cr3t-pw      | -******** (a line holding a secret),+******** (a line holding a secret)",
        "context with a secret           | ' pass=s3cr3t-pw'              | ' ******** (a line holding a secret)'",
        "other lines are shown           | ' a=1',-b=2,+b=3               | ' a=1',-b=2,+b=3",
        "a removed secret line           | -pass=hunter22,+pass=new       | -******** (a line holding a secret),+pass=new",
        "the label is masked only        | --- before: /etc/hunter22      | --- before: /etc/********",
      })
  void hidesTheLinesOfADiffThatHoldASecret(String name, String lines, String expected) {
    assertEquals(
        String.join("\n", expected.split(",")) + "\n", redactor.diff(String.join("\n", lines.split(",")) + "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a secret name's value         | '  db_password: typo{'       | '  db_password: ********'",
        "in a list item                | '  - api_token=abc def'      | '  - api_token=********'",
        "a vault value is ciphertext   | '  vault_db: !vault |'       | '  vault_db: !vault |'",
        "a known value anywhere        | '  x: [hunter22'             | '  x: [********'",
        "other lines stay              | '  user: admin'              | '  user: admin'",
      })
  void hidesSecretsInQuotedSourceLines(String name, String line, String expected) {
    assertEquals(expected, redactor.sourceLine(line));
  }
}
