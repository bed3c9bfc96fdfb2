package runbook.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python regular expressions on java.util.regex: named groups (?P<name>...) and (?P=name), and
 * re.sub's replacement syntax (\1, \g<1>, \g<name>). Java group names cannot hold '_', so named
 * groups are renamed and looked up through {@link #group}.
 */
record PyRegex(Pattern pattern, Map<String, String> names) {
  private static final Pattern PY_GROUP = Pattern.compile("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>|\\(\\?P=([A-Za-z_][A-Za-z0-9_]*)\\)");
  private static final Map<String, PyRegex> CACHE = new ConcurrentHashMap<>();

  static PyRegex compile(String regex, boolean ignoreCase, boolean multiline) {
    String key = (ignoreCase ? "i" : "-") + (multiline ? "m" : "-") + regex;
    PyRegex cached = CACHE.get(key);
    if (cached == null) {
      if (CACHE.size() > 1_000) {
        CACHE.clear();
      }
      cached = translate(regex, (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0));
      CACHE.put(key, cached);
    }
    return cached;
  }

  private static PyRegex translate(String regex, int flags) {
    Map<String, String> names = new HashMap<>();
    Matcher m = PY_GROUP.matcher(regex);
    StringBuilder java = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String javaName = names.computeIfAbsent(name, n -> "pyGroup" + names.size());
      m.appendReplacement(java, Matcher.quoteReplacement(
          m.group(1) != null ? "(?<" + javaName + ">" : "\\k<" + javaName + ">"));
    }
    m.appendTail(java);
    try {
      return new PyRegex(Pattern.compile(java.toString(), flags), Map.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new TemplateError("invalid regular expression '" + regex + "': " + e.getDescription());
    }
  }

  /** A group by number or by its Python name; null when it did not take part in the match. */
  String group(Matcher match, String reference) {
    if (reference.chars().allMatch(Character::isDigit)) {
      int number = Integer.parseInt(reference);
      if (number > match.groupCount()) {
        throw new TemplateError("invalid group reference " + number + " in regular expression '" + pattern + "'");
      }
      return match.group(number);
    }
    String javaName = names.get(reference);
    if (javaName == null) {
      throw new TemplateError("unknown group name '" + reference + "' in regular expression");
    }
    return match.group(javaName);
  }

  /** re.sub: replaces the first count matches (all when count is 0). */
  String sub(String text, String replacement, int count) {
    Matcher match = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    int done = 0;
    int last = 0;
    while ((count == 0 || done < count) && match.find()) {
      out.append(text, last, match.start()).append(expand(match, replacement));
      last = match.end();
      done++;
    }
    return out.append(text, last, text.length()).toString();
  }

  /** A Python replacement template (\1, \g<name>, \n...) expanded for one match. */
  String expand(Matcher match, String template) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '\\' || i + 1 == template.length()) {
        out.append(c);
        continue;
      }
      char next = template.charAt(++i);
      if (Character.isDigit(next)) {
        int end = i + 1;
        if (end < template.length() && Character.isDigit(template.charAt(end))
            && Integer.parseInt(template.substring(i, end + 1)) <= match.groupCount()) {
          end++;
        }
        appendGroup(out, match, template.substring(i, end));
        i = end - 1;
      } else if (next == 'g' && i + 1 < template.length() && template.charAt(i + 1) == '<') {
        int close = template.indexOf('>', i);
        if (close < 0) {
          throw new TemplateError("missing '>' in group reference of replacement '" + template + "'");
        }
        appendGroup(out, match, template.substring(i + 2, close));
        i = close;
      } else {
        switch (next) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '\\' -> out.append('\\');
          default -> out.append('\\').append(next);
        }
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

  /** The group references of regex_search's extra arguments ('\\1', '\\g<name>'). */
  List<String> groups(Matcher match, List<Object> references) {
    List<String> values = new ArrayList<>();
    for (Object reference : references) {
      String text = Python.str(reference);
      if (text.startsWith("\\g<") && text.endsWith(">")) {
        values.add(group(match, text.substring(3, text.length() - 1)));
      } else if (text.startsWith("\\")) {
        values.add(group(match, text.substring(1)));
      } else {
        throw new TemplateError("unknown regex_search group argument '" + text + "'");
      }
    }
    return values;
  }
}
