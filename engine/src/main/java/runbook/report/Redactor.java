package runbook.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hides secrets in everything printed: the values of variables whose names say they are secret
 * (password, passwd, secret, token, private key, api key). Ansible prints them in diffs; we do not.
 */
public final class Redactor {
  static final String MASK = "********";
  private static final Pattern SECRET_NAME =
      Pattern.compile("pass(word|wd)?$|pass(word|wd)?_|secret|token|private_key|api_?key", Pattern.CASE_INSENSITIVE);
  /** Shorter values would mask ordinary words. */
  private static final int MIN_LENGTH = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** Collects the secret values among these variable sets (inventory hosts, extra vars, play vars). */
  public static Redactor of(List<Map<String, Object>> varSets) {
    return new Redactor(
        varSets.stream()
            .flatMap(m -> m.entrySet().stream())
            .filter(e -> SECRET_NAME.matcher(e.getKey().toLowerCase(Locale.ROOT)).find())
            .map(e -> e.getValue() == null ? "" : String.valueOf(e.getValue()))
            .filter(v -> v.length() >= MIN_LENGTH && !v.contains("{{"))
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  public String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }
}
