package runbook.template;

/**
 * A template's own delimiters ({@code variable_start_string: '[['} and the rest of a #jinja2:
 * header), read by rewriting the template into Jinja's: the template library knows only {{ }},
 * {% %} and {# #}. Its tags become Jinja's, their insides kept as written; a Jinja delimiter in its
 * text, which is only text there, prints as itself.
 */
record Delimiters(String blockStart, String blockEnd, String variableStart, String variableEnd, String commentStart, String commentEnd) {
  static final Delimiters JINJA = new Delimiters("{%", "%}", "{{", "}}", "{#", "#}");

  /** The template in Jinja's delimiters. */
  String toJinja(String template) {
    if (equals(JINJA)) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    int at = 0;
    while (at < template.length()) {
      String start = startAt(template, at);
      if (start != null) {
        String end = endOf(start);
        int close = template.indexOf(end, at + start.length());
        if (close < 0) {
          throw new TemplateError("the template's " + start + " at offset " + at + " has no " + end);
        }
        String inside = template.substring(at + start.length(), close);
        at = close + end.length();
        if (start.equals(variableStart)) {
          out.append("{{").append(inside).append("}}");
        } else if (start.equals(blockStart)) {
          out.append("{%").append(inside).append("%}");
          if (Braces.isTag(inside, "raw")) {
            at = raw(template, at, out);
          }
        } else {
          out.append("{#").append(inside.replace("#}", "# }")).append("#}");
        }
        continue;
      }
      char c = template.charAt(at++);
      // a brace that would open a Jinja tag with what follows it prints as itself instead
      boolean opens = c == '{' && at < template.length() && ("{%#".indexOf(template.charAt(at)) >= 0 || startAt(template, at) != null);
      out.append(opens ? "{{ '{' }}" : String.valueOf(c));
    }
    return out.toString();
  }

  /** A raw block's text as written, up to its endraw tag, which is written as Jinja's. */
  private int raw(String template, int from, StringBuilder out) {
    int at = from;
    while (true) {
      int open = template.indexOf(blockStart, at);
      if (open < 0) {
        throw new TemplateError("the template's raw block has no " + blockStart + " endraw " + blockEnd);
      }
      int close = template.indexOf(blockEnd, open + blockStart.length());
      String inside = close < 0 ? "" : template.substring(open + blockStart.length(), close);
      if (Braces.isTag(inside, "endraw")) {
        out.append(template, from, open).append("{%").append(inside).append("%}");
        return close + blockEnd.length();
      }
      at = open + blockStart.length();
    }
  }

  /** The longest of this template's start strings at {@code at}, or null. */
  private String startAt(String template, int at) {
    String found = null;
    for (String start : new String[] {variableStart, blockStart, commentStart}) {
      if (template.startsWith(start, at) && (found == null || start.length() > found.length())) {
        found = start;
      }
    }
    return found;
  }

  private String endOf(String start) {
    return start.equals(variableStart) ? variableEnd : start.equals(blockStart) ? blockEnd : commentEnd;
  }
}
