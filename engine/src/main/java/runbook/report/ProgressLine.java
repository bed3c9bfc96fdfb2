package runbook.report;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import runbook.run.RunEvent;
import runbook.run.RunListener;

/**
 * Long steps (a dump piped from one host to another) shown as they go, on one line of the terminal
 * redrawn in place: {@code [Copy the database] old: 120.4 MiB 8.1 MiB/s, 15s}. The line is cleared
 * before anything else is printed, so the console's own lines are never mixed with it. Nothing at all
 * when the output is not a terminal: a log or a CI job gets no carriage returns.
 */
public final class ProgressLine implements RunListener {
  private static final int WIDTH = 79;
  /** Redrawn at most this often: a pipe reports every buffer it moves. */
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final Redactor redactor;
  private final LongSupplier clock;
  private final Map<String, long[]> active = new LinkedHashMap<>();
  private String task;
  private boolean shown;
  private long drawn;

  ProgressLine(PrintWriter out, Redactor redactor, LongSupplier clock) {
    this.out = out;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** The progress line on {@code out} when it is a terminal; else a listener that does nothing. */
  public static RunListener on(PrintWriter out, Redactor redactor, boolean terminal) {
    return terminal ? new ProgressLine(out, redactor, System::nanoTime) : event -> {};
  }

  /** Whether this process writes to a terminal (and reads from one): where a line redrawn in place makes sense. */
  public static boolean terminal() {
    return System.console() != null;
  }

  @Override
  public void on(RunEvent event) {
    if (event instanceof RunEvent.Progress p) {
      long now = clock.getAsLong();
      long[] state = active.computeIfAbsent(p.host(), h -> new long[] {now, 0});
      state[1] = p.bytes();
      task = p.task();
      if (!shown || now - drawn >= REDRAW_NANOS) {
        draw(now);
      }
      return;
    }
    clear();
    if (event instanceof RunEvent.HostFinished || event instanceof RunEvent.TaskStarted) {
      active.clear();
    }
  }

  private void draw(long now) {
    StringBuilder line = new StringBuilder("[").append(redactor.redact(task)).append("]");
    long first = Long.MAX_VALUE;
    for (Map.Entry<String, long[]> e : active.entrySet()) {
      long[] state = e.getValue();
      double seconds = (now - state[0]) / 1e9;
      line.append(' ').append(e.getKey()).append(": ").append(bytes(state[1]));
      if (seconds >= 1) {
        line.append(' ').append(bytes((long) (state[1] / seconds))).append("/s");
      }
      first = Math.min(first, state[0]);
    }
    line.append(", ").append((now - first) / 1_000_000_000L).append('s');
    String text = line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…" : line.toString();
    out.print("\r\033[K" + text);
    out.flush();
    shown = true;
    drawn = now;
  }

  private void clear() {
    if (shown) {
      out.print("\r\033[K");
      out.flush();
      shown = false;
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
