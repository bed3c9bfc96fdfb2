package runbook.template;

import com.hubspot.jinjava.objects.collections.PyMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jinjava.javax.el.ELContext;

/**
 * Python's methods of str and dict, which Ansible's templates call ({@code x.split()},
 * {@code name.startswith('web')}, {@code d.get('k', 0)}, {@code d.items()}): the template library
 * would call Java's methods of the same name where there are any ({@code split} takes a regular
 * expression there) and fail where there are none.
 */
final class PythonMethods extends ReadOnlyResolver {
  /** What a method this class does not know gives: the call goes on to the next resolver. */
  private static final Object NOT_OURS = new Object();

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
    if (base instanceof Undefined undefined) {
      throw undefined.error(); // x.missing.split(): say what is missing, not that Undefined has no split
    }
    Object[] args = params == null ? new Object[0] : params;
    Object result = base instanceof String s ? str(s, String.valueOf(method), args)
        : base instanceof Map<?, ?> map ? dict(map instanceof PyMap py ? py.toMap() : map, String.valueOf(method), args) : NOT_OURS;
    if (result == NOT_OURS) {
      return null;
    }
    context.setPropertyResolved(true);
    return result;
  }

  private static Object str(String s, String method, Object[] a) {
    return switch (method) {
      case "split" -> split(s, text(a, 0), count(a, 1), false);
      case "rsplit" -> split(s, text(a, 0), count(a, 1), true);
      case "splitlines" -> splitlines(s, a.length > 0 && Python.truthy(a[0]));
      case "strip" -> strip(s, text(a, 0), true, true);
      case "lstrip" -> strip(s, text(a, 0), true, false);
      case "rstrip" -> strip(s, text(a, 0), false, true);
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower", "casefold" -> s.toLowerCase(Locale.ROOT);
      case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
      case "title" -> title(s);
      case "swapcase" -> swapcase(s);
      case "replace" -> replace(s, Python.str(a[0]), Python.str(a[1]), count(a, 2));
      case "startswith" -> affixes(a[0]).stream().anyMatch(s::startsWith);
      case "endswith" -> affixes(a[0]).stream().anyMatch(s::endsWith);
      case "find" -> (long) s.indexOf(Python.str(a[0]));
      case "rfind" -> (long) s.lastIndexOf(Python.str(a[0]));
      case "index", "rindex" -> found(method.equals("index") ? s.indexOf(Python.str(a[0])) : s.lastIndexOf(Python.str(a[0])));
      case "count" -> occurrences(s, Python.str(a[0]));
      case "join" -> join(s, a[0]);
      case "format" -> format(s, a);
      case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
      case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
      case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
      case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
      case "isupper" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
      case "islower" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
      case "zfill" -> zfill(s, (int) count(a, 0));
      case "ljust", "rjust", "center" -> pad(s, method, (int) count(a, 0), a.length > 1 ? Python.str(a[1]) : " ");
      case "partition", "rpartition" -> partition(s, Python.str(a[0]), method.equals("rpartition"));
      default -> NOT_OURS;
    };
  }

  private static Object dict(Map<?, ?> map, String method, Object[] a) {
    return switch (method) {
      case "get" -> a.length == 0 ? NOT_OURS : map.containsKey(a[0]) ? map.get(a[0]) : a.length > 1 ? a[1] : null;
      case "items" -> map.entrySet().stream().map(e -> (Object) java.util.Arrays.asList(e.getKey(), map.get(e.getKey()))).toList();
      case "keys" -> List.copyOf(map.keySet());
      case "values" -> map.keySet().stream().map(key -> (Object) map.get(key)).toList();
      default -> NOT_OURS;
    };
  }

  private static String text(Object[] a, int i) {
    return a.length > i && a[i] != null ? Python.str(a[i]) : null;
  }

  private static long count(Object[] a, int i) {
    return a.length > i ? Filters.integer(a[i]) : -1;
  }

  /** Python's split: on runs of whitespace, ends trimmed, without a separator; else on each separator. */
  private static List<Object> split(String s, String sep, long max, boolean fromRight) {
    if (sep != null && sep.isEmpty()) {
      throw new TemplateError("empty separator");
    }
    List<Object> parts = new ArrayList<>();
    String rest = sep == null ? (fromRight ? s.stripTrailing() : s.stripLeading()) : s;
    while (max < 0 || parts.size() < max) {
      int at = fromRight ? lastSeparator(rest, sep) : firstSeparator(rest, sep);
      if (at < 0) {
        break;
      }
      int width = sep == null ? 1 : sep.length();
      String piece = fromRight ? rest.substring(at + width) : rest.substring(0, at);
      parts.add(piece);
      rest = fromRight ? rest.substring(0, at) : rest.substring(at + width);
      if (sep == null) {
        rest = fromRight ? rest.stripTrailing() : rest.stripLeading();
      }
    }
    if (sep == null) {
      rest = rest.strip();
    }
    if (sep != null || !rest.isEmpty()) {
      parts.add(rest);
    }
    if (fromRight) {
      java.util.Collections.reverse(parts);
    }
    return parts;
  }

  private static int firstSeparator(String s, String sep) {
    if (sep != null) {
      return s.indexOf(sep);
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int lastSeparator(String s, String sep) {
    if (sep != null) {
      return s.lastIndexOf(sep);
    }
    for (int i = s.length() - 1; i >= 0; i--) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static List<Object> splitlines(String s, boolean keepEnds) {
    List<Object> lines = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[^\\r\\n]*(\\r\\n|\\r|\\n)|[^\\r\\n]+$").matcher(s);
    while (m.find()) {
      String line = m.group();
      lines.add(keepEnds || m.group(1) == null ? line : line.substring(0, line.length() - m.group(1).length()));
    }
    return lines;
  }

  private static String strip(String s, String chars, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    while (left && start < end && stripped(s.charAt(start), chars)) {
      start++;
    }
    while (right && end > start && stripped(s.charAt(end - 1), chars)) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean stripped(char c, String chars) {
    return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean inWord = false;
    for (char c : s.toCharArray()) {
      out.append(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
      inWord = Character.isLetter(c);
    }
    return out.toString();
  }

  private static String swapcase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }

  private static String replace(String s, String old, String by, long max) {
    if (max < 0) {
      return s.replace(old, by);
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (long n = 0; n < max; n++) {
      int found = s.indexOf(old, at);
      if (found < 0) {
        break;
      }
      out.append(s, at, found).append(by);
      at = found + old.length();
      if (old.isEmpty()) {
        if (at < s.length()) {
          out.append(s.charAt(at));
        }
        at++;
      }
    }
    return at > s.length() ? out.toString() : out.append(s.substring(at)).toString();
  }

  /** A prefix or suffix, or a tuple (a list here) of them. */
  private static List<String> affixes(Object given) {
    return given instanceof List<?> list ? list.stream().map(Python::str).toList() : List.of(Python.str(given));
  }

  private static long found(int at) {
    if (at < 0) {
      throw new TemplateError("substring not found");
    }
    return at;
  }

  private static long occurrences(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1L;
    }
    long n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  private static String join(String sep, Object items) {
    List<String> parts = new ArrayList<>();
    Iterator<?> each = items instanceof Map<?, ?> map ? map.keySet().iterator()
        : items instanceof Iterable<?> iterable ? iterable.iterator() : List.of(items).iterator();
    each.forEachRemaining(item -> parts.add(Python.str(item)));
    return String.join(sep, parts);
  }

  /** str.format with positional fields: {} and {0}, and {{ }} for braces. */
  private static String format(String s, Object[] a) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < s.length() && s.charAt(i + 1) == c) {
        out.append(c);
        i++;
      } else if (c == '{') {
        int close = s.indexOf('}', i);
        if (close < 0) {
          throw new TemplateError("Single '{' encountered in format string");
        }
        String field = s.substring(i + 1, close);
        int index = field.isEmpty() ? next++ : Integer.parseInt(field);
        if (index >= a.length) {
          throw new TemplateError("Replacement index " + index + " out of range for positional args tuple");
        }
        out.append(Python.str(a[index]));
        i = close;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String zfill(String s, int width) {
    boolean signed = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+');
    String zeros = "0".repeat(Math.max(0, width - s.length()));
    return signed ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
  }

  private static String pad(String s, String how, int width, String fill) {
    int missing = Math.max(0, width - s.length());
    int left = switch (how) {
      case "ljust" -> 0;
      case "rjust" -> missing;
      default -> missing / 2 + (missing & width & 1); // Python's center
    };
    return fill.repeat(left) + s + fill.repeat(missing - left);
  }

  private static List<Object> partition(String s, String sep, boolean fromRight) {
    int at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (at < 0) {
      return fromRight ? List.of("", "", s) : List.of(s, "", "");
    }
    return List.of(s.substring(0, at), sep, s.substring(at + sep.length()));
  }
}
