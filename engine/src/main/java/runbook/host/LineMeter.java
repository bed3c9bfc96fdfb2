package runbook.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import runbook.spi.Meter;

/**
 * Reads a command's output as it comes, line by line, against its {@link Meter}, and tells each
 * new reading: once at the start (nothing done yet: the step's time starts there), then after
 * every line that counted. The output goes on whole to the stream that keeps it (the result's);
 * only the counts go to the progress.
 */
public final class LineMeter extends OutputStream {
  /** A longer line is no line a meter counts (a progress bar redrawn without newlines): the rest is skipped. */
  private static final int MAX_LINE = 8192;

  private final Meter meter;
  private final List<Pattern> patterns = new ArrayList<>();
  /** Which patterns have a group named bytes (Java 17's Pattern cannot tell). */
  private final boolean[] sized;
  private final long[] counts;
  private final Consumer<Meter.Reading> progress;
  private final OutputStream kept;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long bytes;

  public LineMeter(Meter meter, Consumer<Meter.Reading> progress, OutputStream kept) {
    this.meter = meter;
    this.progress = progress;
    this.kept = kept;
    meter.counts().forEach(c -> patterns.add(Pattern.compile(c.pattern())));
    counts = new long[patterns.size()];
    sized = new boolean[patterns.size()];
    for (int i = 0; i < sized.length; i++) {
      sized[i] = meter.counts().get(i).pattern().contains("(?<bytes>");
    }
    progress.accept(reading());
  }

  @Override
  public synchronized void write(int b) throws IOException {
    kept.write(b);
    look(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    kept.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      look(b[i]);
    }
  }

  private void look(int b) {
    if (b == '\n' || b == '\r') {
      count(line.toString(StandardCharsets.ISO_8859_1));
      line.reset();
    } else if (line.size() < MAX_LINE) {
      line.write(b);
    }
  }

  private void count(String text) {
    boolean counted = false;
    for (int i = 0; i < patterns.size(); i++) {
      Matcher m = patterns.get(i).matcher(text);
      if (m.find()) {
        counts[i]++;
        counted = true;
        if (sized[i] && m.group("bytes") != null && m.group("bytes").matches("[0-9]{1,18}")) {
          bytes += Long.parseLong(m.group("bytes"));
        }
      }
    }
    if (counted) {
      progress.accept(reading());
    }
  }

  private Meter.Reading reading() {
    List<Meter.Tally> tallies = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      Meter.Count c = meter.counts().get(i);
      tallies.add(new Meter.Tally(c.unit(), counts[i], c.total()));
    }
    return new Meter.Reading(bytes, meter.totalBytes(), tallies);
  }
}
