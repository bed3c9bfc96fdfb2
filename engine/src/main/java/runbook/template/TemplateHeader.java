package runbook.template;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template file's first line {@code #jinja2: trim_blocks: False, lstrip_blocks: True}, as
 * Ansible's template module reads it: options for that file only, the line itself not rendered.
 * Jinjava has no other delimiters than Jinja's, so the *_start_string and *_end_string options are
 * refused rather than ignored.
 *
 * @param body the template without its header line
 * @param newline what ends a line of the output ({@code newline_sequence})
 */
record TemplateHeader(String body, boolean trimBlocks, boolean lstripBlocks, String newline) {
  private static final Pattern OPTION = Pattern.compile("\\s*([a-z_]+)\\s*:\\s*([^,]+?)\\s*(?:,|$)");

  /** The header of {@code template}, or the template module's defaults (trim_blocks on) when it has none. */
  static TemplateHeader of(String template) {
    if (!template.startsWith("#jinja2:")) {
      return new TemplateHeader(template, true, false, "\n");
    }
    int eol = template.indexOf('\n');
    String line = template.substring("#jinja2:".length(), eol < 0 ? template.length() : eol);
    String body = eol < 0 ? "" : template.substring(eol + 1);
    boolean trim = true;
    boolean lstrip = false;
    String newline = "\n";
    Matcher m = OPTION.matcher(line);
    int at = 0;
    while (at < line.length() && m.find(at) && m.start() == at) {
      String value = m.group(2);
      switch (m.group(1)) {
        case "trim_blocks" -> trim = bool(m.group(1), value);
        case "lstrip_blocks" -> lstrip = bool(m.group(1), value);
        case "newline_sequence" -> newline = newline(value);
        case "keep_trailing_newline" -> bool(m.group(1), value); // the template module keeps the file's last newline either way
        default -> throw new TemplateError("the #jinja2: header option '" + m.group(1) + "' is not supported (only trim_blocks, "
            + "lstrip_blocks, newline_sequence and keep_trailing_newline are)");
      }
      at = m.end();
    }
    if (!line.substring(at).isBlank()) {
      throw new TemplateError("the #jinja2: header is not 'option: value, ...' from '" + line.substring(at).strip() + "'");
    }
    return new TemplateHeader(body, trim, lstrip, newline);
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

  /** The rendered text with this header's line endings. */
  String lines(String rendered) {
    return newline.equals("\n") ? rendered : rendered.replace("\r\n", "\n").replace("\n", newline);
  }
}
