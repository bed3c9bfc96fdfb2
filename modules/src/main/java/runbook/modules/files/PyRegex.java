package runbook.modules.files;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python regular expression, as Ansible's line modules take them, run with java.util.regex:
 * {@code (?P<name>..)} and {@code (?P=name)} are translated (names renamed, since Java's may not hold
 * "_"), {@code \Z} means the very end, only "\n" ends a line, and replacement templates follow
 * Python's {@code \1}, {@code \g<1>}, {@code \g<name>} and escapes.
 */
record PyRegex(Pattern pattern, Map<String, String> names) {
  private static final Pattern NAMED = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>");
  private static final Pattern NAMED_REFERENCE = Pattern.compile("\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Compiles {@code regex}; flags are java.util.regex flags beyond UNIX_LINES. */
  static PyRegex compile(String regex, int flags) {
    var names = new HashMap<String, String>();
    var named = NAMED.matcher(regex);
    var sb = new StringBuilder();
    while (named.find()) {
      String javaName = "g" + names.size() + "x" + named.group(1).replace("_", "");
      names.put(named.group(1), javaName);
      named.appendReplacement(sb, Matcher.quoteReplacement("(?<" + javaName + ">"));
    }
    named.appendTail(sb);
    var reference = NAMED_REFERENCE.matcher(sb.toString());
    var translated = new StringBuilder();
    while (reference.find()) {
      String javaName = names.getOrDefault(reference.group(1), reference.group(1));
      reference.appendReplacement(translated, Matcher.quoteReplacement("\\k<" + javaName + ">"));
    }
    reference.appendTail(translated);
    String java = translated.toString().replace("\\Z", "\\z");
    return new PyRegex(Pattern.compile(java, flags | Pattern.UNIX_LINES), Map.copyOf(names));
  }

  /** Why {@code regex} does not compile, or empty when it does. */
  static Optional<String> problem(String what, String regex) {
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

  Matcher matcher(CharSequence text) {
    return pattern.matcher(text);
  }

  boolean search(CharSequence text) {
    return pattern.matcher(text).find();
  }

  /** Python's match.expand(template): group references filled in, unmatched groups empty. */
  String expand(Matcher match, String template) {
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
          throw new IllegalArgumentException("missing > in group reference of " + template);
        }
        String name = template.substring(i + 2, close);
        out.append(group(match, name.chars().allMatch(Character::isDigit) ? name : names.getOrDefault(name, name)));
        i = close;
      } else if (Character.isDigit(next)) {
        int end = i + 1;
        if (end < template.length() && Character.isDigit(template.charAt(end)) && Integer.parseInt(template.substring(i, end + 1)) <= match.groupCount()) {
          end++;
        }
        out.append(group(match, template.substring(i, end)));
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

  private static String group(Matcher match, String ref) {
    String value = ref.chars().allMatch(Character::isDigit) ? match.group(Integer.parseInt(ref)) : match.group(ref);
    return value == null ? "" : value;
  }
}
