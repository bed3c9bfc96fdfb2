package runbook.template;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to_datetime yields: a Python datetime as templates use it, with its fields
 * ({@code .year}, {@code .hour}...), {@code strftime()}, {@code timestamp()}, and str() as Python
 * prints it.
 */
public final class PyDateTime {
  private final LocalDateTime time;

  private PyDateTime(LocalDateTime time) {
    this.time = time;
  }

  /** Python's strptime: the directives %Y %y %m %d %H %I %M %S %f %j %b %B %p %%, the rest literal. */
  static PyDateTime parse(String text, String format) {
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
          default -> throw new TemplateError("to_datetime: the directive %" + d + " is not supported");
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
      throw new TemplateError("time data '" + text + "' does not match format '" + format + "'");
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
      return new PyDateTime(time);
    } catch (DateTimeException e) {
      throw new TemplateError("time data '" + text + "' does not match format '" + format + "': " + e.getMessage());
    }
  }

  private static int monthNamed(String name, String text, String format) {
    for (Month month : Month.values()) {
      if (month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).equalsIgnoreCase(name) || month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)) {
        return month.getValue();
      }
    }
    throw new TemplateError("time data '" + text + "' does not match format '" + format + "'");
  }

  public int getYear() {
    return time.getYear();
  }

  public int getMonth() {
    return time.getMonthValue();
  }

  public int getDay() {
    return time.getDayOfMonth();
  }

  public int getHour() {
    return time.getHour();
  }

  public int getMinute() {
    return time.getMinute();
  }

  public int getSecond() {
    return time.getSecond();
  }

  public int getMicrosecond() {
    return time.getNano() / 1000;
  }

  /** Python's strftime of this (naive) time. */
  public String strftime(String format) {
    return TextFilters.format(format, time.atZone(ZoneOffset.UTC));
  }

  /** Seconds since the epoch, the time read as the controller's local time, as Python does for a naive datetime. */
  public double timestamp() {
    return time.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0;
  }

  public String isoformat() {
    return strftime(time.getNano() == 0 ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M:%S.%f");
  }

  @Override
  public String toString() {
    return strftime(time.getNano() == 0 ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M:%S.%f");
  }
}
