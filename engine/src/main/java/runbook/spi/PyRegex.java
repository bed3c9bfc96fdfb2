package runbook.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python regular expression (as Ansible's modules and Jinja filters take them) run with
 * java.util.regex: {@code (?P<name>...)} and {@code (?P=name)} are translated (names renamed, since
 * Java's may not hold "_"), {@code \Z} means the very end, only "\n" ends a line, and replacement
 * templates follow Python's {@code \1}, {@code \g<1>}, {@code \g<name>} and escapes. The one
 * implementation: modules and templates both use it.
 */
public record PyRegex(Pattern pattern, Map<String, String> names) {
  /** An escape (skipped, so "\(" is never a group), a named group, or a reference to one. */
  private static final Pattern SYNTAX = Pattern.compile(
      "\\\\(.)|\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>|\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)", Pattern.DOTALL);
  private static final Map<String, PyRegex> CACHE = new ConcurrentHashMap<>();

  public PyRegex {
    names = Map.copyOf(names);
  }

  /**
   * Compiles {@code regex}, cached since tasks and templates compile the same few again and again;
   * flags are java.util.regex flags beyond UNIX_LINES.
   *
   * @throws PatternSyntaxException when Python would reject the expression too
   */
  public static PyRegex compile(String regex, int flags) {
    String key = flags + ":" + regex;
    PyRegex cached = CACHE.get(key);
    if (cached == null) {
      if (CACHE.size() > 1_000) {
        CACHE.clear();
      }
      cached = translate(regex, flags | Pattern.UNIX_LINES);
      CACHE.put(key, cached);
    }
    return cached;
  }

  /** Why {@code regex} does not compile, as a sentence naming the argument, or empty when it does. */
  public static Optional<String> problem(String what, String regex) {
    if (regex == null) {
      return Optional.empty();
    }
    try {
      compile(regex, 0);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of("The " + what + " '" + regex + "' is not a valid regular expression: " + e.getDescription() + ".");
    }
  }

  private static PyRegex translate(String regex, int flags) {
    var names = new HashMap<String, String>();
    var m = SYNTAX.matcher(regex);
    var java = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) != null) {
        replacement = m.group(1).equals("Z") ? "\\z" : m.group();
      } else if (m.group(2) != null) {
        if (names.containsKey(m.group(2))) {
          throw new PatternSyntaxException("redefinition of group name '" + m.group(2) + "'", regex, m.start());
        }
        String javaName = "pyGroup" + names.size();
        names.put(m.group(2), javaName);
        replacement = "(?<" + javaName + ">";
      } else {
        String javaName = names.get(m.group(3));
        if (javaName == null) {
          throw new PatternSyntaxException("unknown group name '" + m.group(3) + "'", regex, m.start());
        }
        replacement = "\\k<" + javaName + ">";
      }
      m.appendReplacement(java, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(java);
    return new PyRegex(Pattern.compile(java.toString(), flags), names);
  }

  public Matcher matcher(CharSequence text) {
    return pattern.matcher(text);
  }

  /** Python's re.search: a match anywhere. */
  public boolean search(CharSequence text) {
    return pattern.matcher(text).find();
  }

  /**
   * A group by number or by its Python name; null when it did not take part in the match.
   *
   * @throws IllegalArgumentException when the expression has no such group
   */
  public String group(Matcher match, String reference) {
    if (reference.chars().allMatch(Character::isDigit)) {
      int number = Integer.parseInt(reference);
      if (number > match.groupCount()) {
        throw new IllegalArgumentException("No group " + number);
      }
      return match.group(number);
    }
    String javaName = names.get(reference);
    if (javaName == null) {
      throw new IllegalArgumentException("No group with name <" + reference + ">");
    }
    return match.group(javaName);
  }

  /** Python's re.sub: replaces the first {@code count} matches (all when count is 0). */
  public String sub(String text, String replacement, int count) {
    Matcher match = pattern.matcher(text);
    var out = new StringBuilder();
    int done = 0;
    int last = 0;
    while ((count == 0 || done < count) && match.find()) {
      out.append(text, last, match.start()).append(expand(match, replacement));
      last = match.end();
      done++;
    }
    return out.append(text, last, text.length()).toString();
  }

  /**
   * Python's match.expand(template): group references filled in, unmatched groups empty.
   *
   * @throws IllegalArgumentException when the template refers to a group the expression lacks
   */
  public String expand(Matcher match, String template) {
    var out = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '\\' || i + 1 == template.length()) {
        out.append(c);
        continue;
      }
      char next = template.charAt(++i);
      if (next == 'g' && i + 1 < template.length() && template.charAt(i + 1) == '<') {
        int close = template.indexOf('>', i);
        if (close < 0) {
          throw new IllegalArgumentException("missing '>' in group reference of '" + template + "'");
        }
        appendGroup(out, match, template.substring(i + 2, close));
        i = close;
      } else if (Character.isDigit(next)) {
        int end = i + 1;
        if (end < template.length() && Character.isDigit(template.charAt(end))
            && Integer.parseInt(template.substring(i, end + 1)) <= match.groupCount()) {
          end++;
        }
        appendGroup(out, match, template.substring(i, end));
        i = end - 1;
      } else {
        out.append(switch (next) {
          case 'n' -> "\n";
          case 't' -> "\t";
          case 'r' -> "\r";
          case 'f' -> "\f";
          case 'v' -> "\u000b";
          case 'a' -> "\u0007";
          case 'b' -> "\b";
          case '\\' -> "\\";
          default -> "\\" + next;
        });
      }
    }
    return out.toString();
  }

  private void appendGroup(StringBuilder out, Matcher match, String reference) {
    String value = group(match, reference);
    if (value != null) {
      out.append(value);
    }
  }
}
