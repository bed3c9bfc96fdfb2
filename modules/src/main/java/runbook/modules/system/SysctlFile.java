package runbook.modules.system;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A sysctl.conf edited line by line: only the lines of one key change, every other byte is kept
 * (Ansible re-renders the whole file, ansible#33974). The bytes are read as ISO-8859-1, one char a
 * byte, so that whatever encoding the file has survives unchanged.
 */
record SysctlFile(byte[] content) {
  /** "key = value": leading blanks, the key, the equals sign with its blanks, the value, trailing blanks. */
  private static final Pattern SETTING =
      Pattern.compile("(?m)^[ \\t]*([^#;\\s=][^=\\n]*?)[ \\t]*=[ \\t]*([^\\n]*?)[ \\t\\r]*$");

  static SysctlFile of(byte[] content) {
    return new SysctlFile(content == null ? new byte[0] : content);
  }

  /** The value the file sets for {@code key}: its last setting, as sysctl -p applies them in order; null if none. */
  String value(String key) {
    List<MatchResult> settings = settings(key);
    return settings.isEmpty() ? null : utf8(settings.get(settings.size() - 1).group(2));
  }

  /** The file with {@code key} set to {@code value}: its last setting's value replaced, or a line appended. */
  SysctlFile with(String key, String value) {
    String text = text();
    List<MatchResult> settings = settings(key);
    if (settings.isEmpty()) {
      String end = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
      return new SysctlFile(latin1(text + end + latin(key) + "=" + latin(value) + "\n"));
    }
    MatchResult last = settings.get(settings.size() - 1);
    return new SysctlFile(latin1(text.substring(0, last.start(2)) + latin(value) + text.substring(last.end(2))));
  }

  /** The file without any line setting {@code key}. */
  SysctlFile without(String key) {
    String text = text();
    var out = new StringBuilder();
    int at = 0;
    for (MatchResult m : settings(key)) {
      out.append(text, at, m.start());
      at = m.end() < text.length() ? m.end() + 1 : m.end();
    }
    return new SysctlFile(latin1(out.append(text.substring(at)).toString()));
  }

  /** Values as sysctl prints them: words separated by one space (multi-value keys use tabs). */
  static String normal(String value) {
    return value == null ? null : String.join(" ", value.trim().split("\\s+"));
  }

  private List<MatchResult> settings(String key) {
    String wanted = latin(key);
    return SETTING.matcher(text()).results().filter(m -> m.group(1).equals(wanted)).toList();
  }

  private String text() {
    return new String(content, StandardCharsets.ISO_8859_1);
  }

  /** A UTF-8 string as the chars of its bytes. */
  private static String latin(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String utf8(String latin) {
    return new String(latin.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
