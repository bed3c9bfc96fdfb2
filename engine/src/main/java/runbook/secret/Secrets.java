package runbook.secret;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * What is secret in one run (README, "Secrets"): the values of vault-encrypted data, of variables
 * whose names say so or that the runbooks or the command line declare secret, and every value a
 * template derived from one of them. Values are added as the run finds them and stay secret for the
 * rest of the run. Safe for use by every host's thread at once.
 */
public final class Secrets {
  /** Shorter values would mask ordinary words wherever they appear. */
  public static final int MIN_LENGTH = 4;
  /** {@code pw_name} is a user name (stat's owner, as Ansible names it), not a password. */
  private static final Pattern NAMED = Pattern.compile(
      "pass(word|wd|phrase)?($|_)|(^|_)pwd?($|_(?!name$))|secret|token|credential|private_key|api_?key|_key$|^vault_",
      Pattern.CASE_INSENSITIVE);
  /** Bounds the walk through a structure given as secret. */
  private static final int MAX_LEAVES = 10_000;

  private final Vault vault;
  private final List<Pattern> declared = new CopyOnWriteArrayList<>();
  private final Set<String> known = new LinkedHashSet<>();
  /** Every known value and the forms it is printed in, longest first; replaced whole on change. */
  private volatile String[] values = new String[0];

  public Secrets(Vault vault) {
    this.vault = vault;
  }

  /** No vault and nothing declared: secrets found by name and derivation only. */
  public static Secrets none() {
    return new Secrets(Vault.none());
  }

  public Vault vault() {
    return vault;
  }

  /** Opens a vault envelope with the run's vault; what it holds is secret from then on. */
  public Vault.Opened open(String envelope) {
    Vault.Opened opened = vault.open(envelope);
    opened.text().ifPresent(this::add);
    return opened;
  }

  /** Declares the variables whose names match this glob ({@code *} any run of characters, {@code ?} one) secret. */
  public void declare(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.strip().toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    declared.add(Pattern.compile(regex.toString()));
  }

  /** Whether a variable (or a key of a mapping) of this name holds a secret. */
  public boolean named(String name) {
    if (NAMED.matcher(name).find()) {
      return true;
    }
    for (Pattern p : declared) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the values in these variables that are secret by name, at any depth: a key named so makes
   * everything below it secret. Templates are left to be added when they are rendered.
   */
  public void addNamed(Map<?, ?> vars) {
    List<Object> found = new ArrayList<>();
    collectNamed(vars, false, found, new int[] {0});
    found.forEach(this::add);
  }

  private void collectNamed(Object value, boolean secret, List<Object> found, int[] leaves) {
    if (leaves[0]++ > MAX_LEAVES) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collectNamed(v, secret || named(String.valueOf(k)), found, leaves));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> collectNamed(v, secret, found, leaves));
    } else if (secret && value != null && !(value instanceof String s && (s.contains("{{") || s.contains("{%")))) {
      found.add(value);
    }
  }

  /** Adds a value: a string or number, or every one inside a list or mapping. */
  public void add(Object value) {
    List<String> texts = new ArrayList<>();
    leaves(value, texts, new int[] {0});
    List<String> forms = new ArrayList<>();
    for (String text : texts) {
      if (text.length() >= MIN_LENGTH) {
        forms.add(text);
        // a diff and the lines of an error show a value of several lines line by line
        text.lines().filter(l -> l.strip().length() >= MIN_LENGTH).forEach(forms::add);
        forms.add(json(text));
      }
    }
    if (forms.isEmpty()) {
      return;
    }
    synchronized (known) {
      if (known.addAll(forms)) {
        String[] sorted = known.toArray(String[]::new);
        Arrays.sort(sorted, Comparator.comparingInt(String::length).reversed());
        values = sorted;
      }
    }
  }

  private static void leaves(Object value, List<String> into, int[] count) {
    if (count[0]++ > MAX_LEAVES) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> leaves(v, into, count));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> leaves(v, into, count));
    } else if (value instanceof CharSequence || value instanceof Number) {
      into.add(value.toString());
    }
  }

  /** Whether anything is secret yet; when not, nothing needs looking at. */
  public boolean any() {
    return values.length > 0;
  }

  /** Whether text holds a secret value. */
  public boolean in(String text) {
    for (String secret : values) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** The text with every secret value in it replaced by {@code mask}. */
  public String mask(String text, String mask) {
    String result = text;
    for (String secret : values) {
      if (result.contains(secret)) {
        result = result.replace(secret, mask);
      }
    }
    return result;
  }

  /** The text as the console's JSON shows it, without the quotes. */
  private static String json(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }
}
