package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownReportTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1   | web001",
    "3   | web001, web002, web003",
    "5   | web001, web002, web003, web004, web005",
    "6   | web001 … web006 (6 hosts)",
    "200 | web001 … web200 (200 hosts)",
  })
  void longHostGroupsAreSummarised(int count, String expected) {
    List<String> hosts = IntStream.rangeClosed(1, count).mapToObj(i -> String.format("web%03d", i)).toList();
    assertEquals(expected, MarkdownReport.hosts(hosts));
  }
}
