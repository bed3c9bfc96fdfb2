package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import runbook.model.SourceLocation;
import runbook.run.RunEvent;
import runbook.run.RunListener;

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

  @ParameterizedTest
  @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "1048576, 1.0 MiB", "5368709120, 5.0 GiB"})
  void bytesReadAsPeopleCountThem(long n, String expected) {
    assertEquals(expected, ProgressLine.bytes(n));
  }

  private RunEvent.Progress progress(String host, long bytes, long atMillis) {
    now = atMillis * 1_000_000L;
    return new RunEvent.Progress("Copy the database", host, bytes);
  }
}
