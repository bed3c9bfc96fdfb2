package runbook.template;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import runbook.spi.Strptime;

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

  /** Python's strptime, as {@link Strptime} reads it. */
  static PyDateTime parse(String text, String format) {
    try {
      return new PyDateTime(Strptime.parse(text, format));
    } catch (IllegalArgumentException e) {
      throw new TemplateError(e.getMessage());
    }
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
