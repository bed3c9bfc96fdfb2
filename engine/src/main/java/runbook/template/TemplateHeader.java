package runbook.template;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template file's first line {@code #jinja2: trim_blocks: False, lstrip_blocks: True}, as
 * Ansible's template module reads it: options for that file only, the line itself not rendered.
 * Its own delimiters ({@code variable_start_string: '[['}, ...) are read by rewriting the body into
 * Jinja's (see {@link Delimiters}); the line_statement and line_comment prefixes are refused.
 *
 * @param body the template without its header line
 * @param newline what ends a line of the output ({@code newline_sequence})
 * @param keepTrailingNewline whether the body's last line break is rendered (Jinja drops it)
 */
record TemplateHeader(String body, boolean trimBlocks, boolean lstripBlocks, String newline, boolean keepTrailingNewline) {
  private static final Pattern OPTION = Pattern.compile("\\s*([a-z_]+)\\s*:\\s*([^,]+?)\\s*(?:,|$)");

  /** The header of {@code template}, or the template module's defaults (trim_blocks on) when it has none. */
  static TemplateHeader of(String template) {
    if (!template.startsWith("#jinja2:")) {
      return new TemplateHeader(template, true, false, "\n", false);
    }
    int eol = template.indexOf('\n');
    String line = template.substring("#jinja2:".length(), eol < 0 ? template.length() : eol);
    String body = eol < 0 ? "" : template.substring(eol + 1);
    boolean trim = true;
    boolean lstrip = false;
    String newline = "\n";
    boolean keep = false;
    Map<String, String> delimiters = new HashMap<>();
    Matcher m = OPTION.matcher(line);
    int at = 0;
    while (at < line.length() && m.find(at) && m.start() == at) {
      String value = m.group(2);
      switch (m.group(1)) {
        case "trim_blocks" -> trim = bool(m.group(1), value);
        case "lstrip_blocks" -> lstrip = bool(m.group(1), value);
        case "newline_sequence" -> newline = newline(value);
        case "keep_trailing_newline" -> keep = bool(m.group(1), value);
        case "block_start_string", "block_end_string", "variable_start_string", "variable_end_string", "comment_start_string",
            "comment_end_string" -> delimiters.put(m.group(1), string(m.group(1), value));
        default -> throw new TemplateError("the #jinja2: header option '" + m.group(1) + "' is not supported (only trim_blocks, "
            + "lstrip_blocks, newline_sequence, keep_trailing_newline and the *_start_string and *_end_string options are)");
      }
      at = m.end();
    }
    if (!line.substring(at).isBlank()) {
      throw new TemplateError("the #jinja2: header is not 'option: value, ...' from '" + line.substring(at).strip() + "'");
    }
    Delimiters jinja = Delimiters.JINJA;
    Delimiters own = new Delimiters(delimiters.getOrDefault("block_start_string", jinja.blockStart()),
        delimiters.getOrDefault("block_end_string", jinja.blockEnd()), delimiters.getOrDefault("variable_start_string", jinja.variableStart()),
        delimiters.getOrDefault("variable_end_string", jinja.variableEnd()), delimiters.getOrDefault("comment_start_string", jinja.commentStart()),
        delimiters.getOrDefault("comment_end_string", jinja.commentEnd()));
    return new TemplateHeader(own.toJinja(body), trim, lstrip, newline, keep);
  }

  /** A string option, written as a Python string literal ('[[' or "[["), as Ansible reads it. */
  private static String string(String option, String value) {
    if (value.length() > 2 && (value.startsWith("'") && value.endsWith("'") || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    throw new TemplateError("the #jinja2: header option " + option + " must be a quoted string such as '[[', not " + value);
  }

  private static boolean bool(String option, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new TemplateError("the #jinja2: header option " + option + " must be True or False, not " + value);
    };
  }

  private static String newline(String value) {
    return switch (value) {
      case "'\\n'", "\"\\n\"" -> "\n";
      case "'\\r\\n'", "\"\\r\\n\"" -> "\r\n";
      case "'\\r'", "\"\\r\"" -> "\r";
      default -> throw new TemplateError("the #jinja2: header option newline_sequence must be '\\n', '\\r\\n' or '\\r', not " + value);
    };
  }

  /** What Jinja renders: the body without its last line break, unless keep_trailing_newline. */
  String source() {
    return keepTrailingNewline || !body.endsWith("\n") ? body : body.substring(0, body.length() - (body.endsWith("\r\n") ? 2 : 1));
  }

  /**
   * The rendered text with this header's line endings, and as many line breaks at its end as the
   * body has, as Ansible's template module gives them back.
   */
  String lines(String rendered) {
    String text = newline.equals("\n") ? rendered : rendered.replace("\r\n", "\n").replace("\n", newline);
    int missing = trailingNewlines(body) - trailingNewlines(rendered);
    return missing > 0 ? text + newline.repeat(missing) : text;
  }

  private static int trailingNewlines(String text) {
    int n = 0;
    while (n < text.length() && text.charAt(text.length() - 1 - n) == '\n') {
      n++;
    }
    return n;
  }
}
