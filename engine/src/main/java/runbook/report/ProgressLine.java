package runbook.report;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import runbook.run.RunEvent;
import runbook.run.RunListener;
import runbook.run.Terminals;
import runbook.spi.Meter;

/**
 * Long steps shown as they go, on one line of the terminal redrawn in place: a dump piped from one
 * host to another ({@code [Copy the database] old: 120.4 MiB 8.1 MiB/s, 15s}), a package install
 * ({@code [Install] web1: 12/40 unpacked 3/40 set up, 9s}), a sync ({@code [Sync] web1: 40/120
 * files 3.1 MiB/10.0 MiB 1.2 MiB/s, 15s}): only counts, never what the commands print. The line is cleared
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
  /** Each host's step: when it started, and its latest reading. */
  private final Map<String, Step> active = new LinkedHashMap<>();
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
    return Terminals.interactive() != null;
  }

  @Override
  public void on(RunEvent event) {
    if (event instanceof RunEvent.Progress p) {
      long now = clock.getAsLong();
      active.compute(p.host(), (h, step) -> new Step(step == null ? now : step.started(), p.reading()));
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
    for (Map.Entry<String, Step> e : active.entrySet()) {
      Step step = e.getValue();
      line.append(' ').append(e.getKey()).append(':').append(shown(step.reading(), (now - step.started()) / 1e9));
      first = Math.min(first, step.started());
    }
    line.append(", ").append((now - first) / 1_000_000_000L).append('s');
    String text = line.length() > WIDTH ? line.substring(0, WIDTH - 1) + "…" : line.toString();
    out.print("\r\033[K" + text);
    out.flush();
    shown = true;
    drawn = now;
  }

  /** A host's reading: its counts that are expected or begun, then the bytes when they count (a pipe's always), with their rate. */
  private static String shown(Meter.Reading reading, double seconds) {
    StringBuilder text = new StringBuilder();
    for (Meter.Tally t : reading.tallies()) {
      if (t.count() > 0 || t.total() > 0) {
        text.append(' ').append(t.count()).append(t.total() >= t.count() ? "/" + t.total() : "").append(' ').append(t.unit());
      }
    }
    long n = reading.bytes();
    if (reading.tallies().isEmpty() || n > 0 || reading.totalBytes() > 0) {
      text.append(' ').append(bytes(n));
      if (reading.totalBytes() >= n && reading.totalBytes() > 0) {
        text.append('/').append(bytes(reading.totalBytes()));
      }
      if (seconds >= 1 && n > 0) {
        text.append(' ').append(bytes((long) (n / seconds))).append("/s");
      }
    }
    return text.toString();
  }

  private record Step(long started, Meter.Reading reading) {}

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
