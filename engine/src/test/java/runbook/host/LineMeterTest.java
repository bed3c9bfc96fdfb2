package runbook.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.spi.Meter;

/** What a meter reads from output as it comes, whatever the blocks it comes in. */
class LineMeterTest {
  private static final Meter METER = new Meter(List.of(
      new Meter.Count("unpacked", "^Unpacking ", 3), new Meter.Count("files", "^>f\\S* (?<bytes>\\d+) ", 0)), 100);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      nothing counted yet                    | ''                                                        | 0 0 0
      a line counts once it has ended        | 'Unpacking a (1) ...'                                     | 0 0 0
      each counted line is one reading more  | 'Unpacking a (1) ...\\nSetting up a\\nUnpacking b (2) ...\\n' | 0 0 0; 1 0 0; 2 0 0
      a carriage return ends a line too      | 'Unpacking a\\rUnpacking b\\r'                             | 0 0 0; 1 0 0; 2 0 0
      a bytes group adds its bytes           | '>f+++++++++ 40 a\\n.d..t...... 0 dir\\n>f.st...... 2 b\\n'   | 0 0 0; 0 1 40; 0 2 42
      only where the line starts             | 'x Unpacking a\\n'                                         | 0 0 0
      """)
  void readsCountsAndBytesLineByLine(String what, String output, String expected) throws IOException {
    byte[] text = output.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
    for (int block : new int[] {1, 3, text.length + 1}) {
      List<String> readings = new ArrayList<>();
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      LineMeter meter = new LineMeter(METER, r -> readings.add(
          r.tallies().get(0).count() + " " + r.tallies().get(1).count() + " " + r.bytes()), kept);
      for (int at = 0; at < text.length; at += block) {
        meter.write(text, at, Math.min(block, text.length - at));
      }
      assertEquals(expected, String.join("; ", readings), what + ", in blocks of " + block);
      assertEquals(output.replace("\\n", "\n").replace("\\r", "\r"), kept.toString(StandardCharsets.UTF_8), "the output is kept whole");
    }
  }
}
