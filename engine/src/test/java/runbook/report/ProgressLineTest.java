package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import runbook.model.SourceLocation;
import runbook.run.RunEvent;
import runbook.run.RunListener;
import runbook.spi.Meter;

class ProgressLineTest {
  private static final String CLEAR = "\r\033[K";
  private static final RunEvent.TaskInfo TASK =
      new RunEvent.TaskInfo("Copy the database", "mysql_db", new SourceLocation(Path.of("site.yml"), 3, 7), false, false, false, false);

  private final StringWriter text = new StringWriter();
  private long now;

  private ProgressLine line() {
    return new ProgressLine(new PrintWriter(text, true), Redactor.none(), () -> now);
  }

  @Test
  void aLongStepIsRedrawnInPlaceAndClearedBeforeTheConsolePrints() {
    ProgressLine line = line();
    line.on(new RunEvent.TaskStarted(TASK));
    line.on(progress("old", 512, 0));
    line.on(progress("old", 600_000, 50)); // within 100 ms of the last redraw: not drawn
    line.on(progress("old", 5 * 1024 * 1024, 2_000));
    line.on(progress("new", 1024, 2_500));
    line.on(new RunEvent.HostFinished(TASK, "old", null, 3_000));
    assertEquals(CLEAR + "[Copy the database] old: 512 B, 0s"
        + CLEAR + "[Copy the database] old: 5.0 MiB 2.5 MiB/s, 2s"
        + CLEAR + "[Copy the database] old: 5.0 MiB 2.0 MiB/s new: 1.0 KiB, 2s"
        + CLEAR, text.toString());
  }

  @Test
  void nothingAtAllWhenTheOutputIsNotATerminal() {
    RunListener none = ProgressLine.on(new PrintWriter(text, true), Redactor.none(), false);
    none.on(new RunEvent.TaskStarted(TASK));
    none.on(progress("old", 5 * 1024 * 1024, 2_000));
    none.on(new RunEvent.HostFinished(TASK, "old", null, 3_000));
    assertEquals("", text.toString());
  }

  @Test
  void aLineNeverPassesTheWidthOfATerminal() {
    ProgressLine line = line();
    for (int i = 0; i < 20; i++) {
      line.on(progress("host-number-" + i, 1024L * i, 200L * i));
    }
    String drawn = text.toString().substring(text.toString().lastIndexOf(CLEAR) + CLEAR.length());
    assertEquals(79, drawn.length());
    assertEquals('…', drawn.charAt(78));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a pipe: its bytes and their rate         | ''                                       | 5242880 | 0        | old: 5.0 MiB 2.5 MiB/s, 2s
      an install: the counts expected or begun | unpacked 3/12,set up 0/12,downloaded 0/0 | 0       | 0        | old: 3/12 unpacked 0/12 set up, 2s
      a count past its total shows no total    | set up 13/12                             | 0       | 0        | old: 13 set up, 2s
      a sync: files and bytes, of the totals   | files 40/120                             | 3145728 | 10485760 | old: 40/120 files 3.0 MiB/10.0 MiB 1.5 MiB/s, 2s
      a sync before any byte                   | files 0/120                              | 0       | 10485760 | old: 0/120 files 0 B/10.0 MiB, 2s
      a count without a total                  | files 7/0                                | 0       | 0        | old: 7 files, 2s
      """)
  void aReadingShowsItsCountsThenItsBytes(String what, String tallies, long bytes, long totalBytes, String expected) {
    List<Meter.Tally> counts = new ArrayList<>();
    for (String t : tallies.isEmpty() ? new String[0] : tallies.split(",")) {
      int space = t.lastIndexOf(' ');
      String[] of = t.substring(space + 1).split("/");
      counts.add(new Meter.Tally(t.substring(0, space), Long.parseLong(of[0]), Long.parseLong(of[1])));
    }
    ProgressLine line = line();
    now = 0;
    line.on(new RunEvent.Progress("Copy the database", "old", new Meter.Reading(0, totalBytes, counts)));
    now = 2_000_000_000L;
    line.on(new RunEvent.Progress("Copy the database", "old", new Meter.Reading(bytes, totalBytes, counts)));
    String drawn = text.toString().substring(text.toString().lastIndexOf(CLEAR) + CLEAR.length());
    assertEquals("[Copy the database] " + expected, drawn, what);
  }

  @Test
  void neverWhatACommandPrintsOnlyItsCountsAndTheRedactedTaskName() {
    ProgressLine line = new ProgressLine(new PrintWriter(text, true), secret("s3cret"), () -> now);
    line.on(new RunEvent.Progress("Install s3cret", "web1", new Meter.Reading(0, 0, List.of(new Meter.Tally("set up", 1, 2)))));
    assertEquals(CLEAR + "[Install ********] web1: 1/2 set up, 0s", text.toString());
  }

  private static Redactor secret(String value) {
    runbook.secret.Secrets secrets = runbook.secret.Secrets.none();
    secrets.add(value);
    return new Redactor(secrets);
  }

  @ParameterizedTest
  @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "1048576, 1.0 MiB", "5368709120, 5.0 GiB"})
  void bytesReadAsPeopleCountThem(long n, String expected) {
    assertEquals(expected, ProgressLine.bytes(n));
  }

  private RunEvent.Progress progress(String host, long bytes, long atMillis) {
    now = atMillis * 1_000_000L;
    return new RunEvent.Progress("Copy the database", host, Meter.Reading.ofBytes(bytes));
  }
}
