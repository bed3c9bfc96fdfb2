package runbook.spi;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's time.strptime, for to_datetime and file's access_time and modification_time. */
public final class Strptime {
  private Strptime() {}

  /**
   * Python's strptime: the directives %Y %y %m %d %H %I %M %S %f %j %b %B %p %%, white space
   * matching any run of it, the rest literal; fields not given are 1900-01-01 00:00:00.
   *
   * @throws IllegalArgumentException saying why, in Python's words, when the text does not match
   */
  public static LocalDateTime parse(String text, String format) {
    StringBuilder regex = new StringBuilder();
    List<Character> fields = new ArrayList<>();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c == '%' && i + 1 < format.length()) {
        char d = format.charAt(++i);
        String group = switch (d) {
          case 'Y' -> "(\\d{4})";
          case 'y', 'm', 'd', 'H', 'I', 'M', 'S' -> "(\\d{1,2})";
          case 'f' -> "(\\d{1,6})";
          case 'j' -> "(\\d{1,3})";
          case 'b', 'B', 'p' -> "([A-Za-z]+)";
          case '%' -> null;
          default -> throw new IllegalArgumentException("'" + d + "' is a bad directive in format '" + format + "'");
        };
        if (group == null) {
          regex.append('%');
        } else {
          regex.append(group);
          fields.add(d);
        }
      } else if (Character.isWhitespace(c)) {
        regex.append("\\s+");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    Matcher m = Pattern.compile(regex.toString()).matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("time data '" + text + "' does not match format '" + format + "'");
    }
    int year = 1900;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int micros = 0;
    int dayOfYear = 0;
    boolean pm = false;
    try {
      for (int i = 0; i < fields.size(); i++) {
        String v = m.group(i + 1);
        switch (fields.get(i)) {
          case 'Y' -> year = Integer.parseInt(v);
          case 'y' -> year = Integer.parseInt(v) + (Integer.parseInt(v) < 69 ? 2000 : 1900);
          case 'm' -> month = Integer.parseInt(v);
          case 'd' -> day = Integer.parseInt(v);
          case 'H', 'I' -> hour = Integer.parseInt(v);
          case 'M' -> minute = Integer.parseInt(v);
          case 'S' -> second = Integer.parseInt(v);
          case 'f' -> micros = Integer.parseInt((v + "00000").substring(0, 6));
          case 'j' -> dayOfYear = Integer.parseInt(v);
          case 'p' -> pm = v.equalsIgnoreCase("pm");
          default -> month = monthNamed(v, text, format);
        }
      }
      if (fields.contains('p') && fields.contains('I')) {
        hour = hour % 12 + (pm ? 12 : 0);
      }
      LocalDateTime time = dayOfYear > 0
          ? LocalDateTime.of(year, 1, 1, hour, minute, second, micros * 1000).withDayOfYear(dayOfYear)
          : LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
      return time;
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("time data '" + text + "' does not match format '" + format + "': " + e.getMessage());
    }
  }

  private static int monthNamed(String name, String text, String format) {
    for (Month month : Month.values()) {
      if (month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).equalsIgnoreCase(name) || month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)) {
        return month.getValue();
      }
    }
    throw new IllegalArgumentException("time data '" + text + "' does not match format '" + format + "'");
  }
}
