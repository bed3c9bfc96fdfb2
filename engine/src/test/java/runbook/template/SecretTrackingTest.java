package runbook.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.secret.Secrets;

/**
 * What a template derives from a secret is secret: each case renders a template, then masks its
 * output with what the run's secrets hold afterwards.
 */
class SecretTrackingTest {
  private static final Templar TEMPLAR = new Templar();
  private static final Map<String, Object> VARS = Map.of(
      "known", "Known-Secret-1",
      "db_password", "Named-Secret-2",
      "creds", Map.of("user", "admin", "login_token", "Nested-Secret-3"),
      "short_pw", "abc",
      "vault_list", List.of("Listed-Secret-4"),
      "derived_later", "{{ known | upper }}",
      "user", "admin",
      "users", List.of("alice", "bob"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " ;; ",
      value = {
        "a filter of a known secret ;; {{ known | b64encode }} ;; #",
        "filters one after another ;; {{ known | upper | b64encode | reverse }} ;; #",
        "a secret name ;; {{ db_password | upper }} ;; #",
        "a secret key in a mapping ;; {{ creds.login_token | b64encode }} ;; #",
        "a list under a secret name ;; {{ vault_list | first | lower }} ;; #",
        "a concatenation ;; {{ ('x' ~ known) | b64encode }} ;; #",
        "a variable's template ;; {{ derived_later | b64encode }} ;; #",
        "a set variable ;; {% set x = known | upper %}{{ x | b64encode }} ;; #",
        "a for loop ;; {% for s in [known] %}{{ s | b64encode }}{% endfor %} ;; #",
        "a structure's JSON ;; {{ creds | to_json | b64encode }} ;; #",
        "only what holds a secret ;; {{ user | upper }}-{{ known | b64encode }} ;; ADMIN-#",
        "line by line ;; 'a={{ user }}\nb={{ known | upper }}\n' ;; 'a=admin\nb=#\n'",
        "other values stay shown ;; {{ users | join(',') | upper }} ;; ALICE,BOB",
        "a secret's length is not secret ;; {{ known | length }} ;; 14",
      })
  void whatAnExpressionMakesOfASecretIsSecret(String name, String template, String masked) {
    Secrets secrets = Secrets.none();
    secrets.add("Known-Secret-1");
    String text = template.replace("\\n", "\n");
    String out = String.valueOf(TEMPLAR.tracking(secrets).render(text, VARS));
    assertEquals(masked.replace("\\n", "\n"), secrets.mask(out, "#"), "rendered: " + out);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " ;; ",
      value = {
        "a template file ;; 'user={{ user }}\npw={{ db_password | b64encode }}\n' ;; 'user=admin\npw=#\n'",
        "a set variable in a file ;; '{% set p = creds.login_token %}t={{ p | upper }}\n' ;; 't=#\n'",
        "a short secret read twice ;; 'a={{ short_pw }}\nb={{ short_pw | b64encode }}\n' ;; 'a=abc\nb=#\n'",
      })
  void aRenderedFileHidesOnlyWhatHoldsASecret(String name, String template, String masked) {
    Secrets secrets = Secrets.none();
    String out = TEMPLAR.tracking(secrets).renderText(template.replace("\\n", "\n"), VARS);
    assertEquals(masked.replace("\\n", "\n"), secrets.mask(out, "#"), "rendered: " + out);
  }
}
