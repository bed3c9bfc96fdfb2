package runbook.modules.sync;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.spi.RawText;

/**
 * One line of rsync's {@code --out-format='%i %l %n'}: the itemized change ({@code YXcstpoguax}),
 * the file's length and its name, with rsync's {@code \#ooo} escapes of unprintable bytes (a
 * newline, and every byte above 0x7f under {@code LC_ALL=C}) decoded.
 *
 * @param code the eleven letters as rsync printed them ({@code >f+++++++++}, {@code *deleting  })
 * @param path the name as bytes (non-UTF-8 bytes as {@link RawText} surrogates)
 * @param shown the name as rsync printed it, escapes kept: one line however odd the name
 */
record Itemized(String code, long length, String path, String shown) {
  private static final Pattern LINE = Pattern.compile("([<>ch.][fdLDS][.+ ?a-zA-Z]{9}|\\*deleting  ) (\\d+) (.*)");
  private static final Pattern ESCAPE = Pattern.compile("\\\\#([0-7]{3})");

  /** The itemized lines of a report; rsync's other lines (errors, warnings) are not changes. */
  static List<Itemized> parse(String report) {
    List<Itemized> items = new ArrayList<>();
    for (String line : report.split("\n")) {
      of(line).ifPresent(items::add);
    }
    return items;
  }

  static Optional<Itemized> of(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    String shown = m.group(3);
    return Optional.of(new Itemized(m.group(1), Long.parseLong(m.group(2)), decode(shown), shown));
  }

  /** rsync's escapes back to the bytes they stand for; every other character is itself. */
  static String decode(String escaped) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Matcher m = ESCAPE.matcher(escaped);
    int at = 0;
    while (m.find()) {
      bytes.writeBytes(RawText.encode(escaped.substring(at, m.start())));
      bytes.write(Integer.parseInt(m.group(1), 8));
      at = m.end();
    }
    bytes.writeBytes(RawText.encode(escaped.substring(at)));
    return RawText.decode(bytes.toByteArray());
  }

  boolean deletion() {
    return code.startsWith("*deleting");
  }

  /** The content of a regular file crosses (new, or changed). */
  boolean sent() {
    return (code.charAt(0) == '<' || code.charAt(0) == '>') && code.charAt(1) == 'f';
  }

  /**
   * Whether the line changes anything worth the name: not when only the modification time is set
   * ({@code .d..t......}) and times are preserved anyway: a directory's time moves whenever an entry
   * in it changes, and setting it back is bookkeeping, not a change of the tree.
   */
  boolean changes(boolean timesPreserved) {
    if (deletion() || code.charAt(0) != '.') {
      return true;
    }
    String attributes = code.substring(2).replace('.', ' ').strip();
    return !(attributes.isEmpty() || (timesPreserved && attributes.equals("t")));
  }

  /** As rsync shows the change, one line: {@code >f+++++++++ dir/it's \#012 new}. */
  String line() {
    return code.strip() + " " + shown;
  }
}
