package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  private final Redactor redactor =
      Redactor.of(
          List.of(
              Map.of("db_password", "s3cr3t-pw", "api_token", "tok-123456", "user", "admin"),
              Map.of("ansible_become_pass", "hunter22", "short_secret", "ab", "templated_password", "{{ vault_pw }}")));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "password in a diff line      | +pass=s3cr3t-pw               | +pass=********",
        "token anywhere               | Authorization: tok-123456     | Authorization: ********",
        "become password              | echo hunter22                 | echo ********",
        "non-secret variables stay    | user admin                    | user admin",
        "values too short are kept    | ab ab                         | ab ab",
        "templates are not values     | {{ vault_pw }}                | {{ vault_pw }}",
      })
  void redacts(String name, String line, String expected) {
    assertEquals(expected, redactor.redact(line));
  }
}
