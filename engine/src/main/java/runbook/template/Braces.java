package runbook.template;

/**
 * Jinja2 ends an expression at the first {@code }}} outside brackets; the template library ends it
 * at the first {@code }}} of all, so {@code {{ x | combine({'a': {'b': 1}}) }}} would end inside its
 * dict. This writes such closing braces apart ({@code } }}), which means the same in an expression.
 * Strings, comments and raw blocks are left as they are.
 */
final class Braces {
  private Braces() {}

  static String apart(String template) {
    if (!template.contains("}}")) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 8);
    int at = 0;
    while (at < template.length()) {
      if (template.startsWith("{{", at) || template.startsWith("{%", at)) {
        boolean block = template.charAt(at + 1) == '%';
        int end = tag(template, at + 2, block ? "%}" : "}}", out.append(template, at, at + 2));
        if (end < 0) {
          return template; // unbalanced: the template library's own message will say where
        }
        if (block && isTag(template.substring(at + 2, Math.max(at + 2, end - 2)), "raw")) {
          int endraw = endOfRaw(template, end);
          out.append(template, end, endraw);
          end = endraw;
        }
        at = end;
      } else if (template.startsWith("{#", at)) {
        int close = template.indexOf("#}", at + 2);
        int end = close < 0 ? template.length() : close + 2;
        out.append(template, at, end);
        at = end;
      } else {
        out.append(template.charAt(at++));
      }
    }
    return out.toString();
  }

  /** Copies a tag's inside and its closing delimiter; returns the index after it, or -1 when it never closes. */
  private static int tag(String template, int from, String close, StringBuilder out) {
    int depth = 0;
    char quote = 0;
    int at = from;
    while (at < template.length()) {
      char c = template.charAt(at);
      if (quote != 0) {
        out.append(c);
        if (c == '\\' && at + 1 < template.length()) {
          out.append(template.charAt(++at));
        } else if (c == quote) {
          quote = 0;
        }
        at++;
        continue;
      }
      if (depth == 0 && template.startsWith(close, at)) {
        out.append(close);
        return at + close.length();
      }
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      }
      out.append(c);
      if (c == '}' && template.startsWith("}", at + 1)) {
        out.append(' ');
      }
      at++;
    }
    return -1;
  }

  /** Whether a block tag's inside, whitespace control and all ({@code - raw +}), is the tag {@code name}. */
  static boolean isTag(String inside, String name) {
    return inside.strip().replaceAll("^[-+]|[-+]$", "").strip().equals(name);
  }

  /** The index after the {% endraw %} that ends a raw block starting at {@code from}, or the end. */
  private static int endOfRaw(String template, int from) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%\\}").matcher(template);
    return m.find(from) ? m.end() : template.length();
  }
}
