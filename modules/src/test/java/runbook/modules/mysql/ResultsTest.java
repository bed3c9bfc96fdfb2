package runbook.modules.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Result sets as MariaDB 10.11's mysql --xml printed them (test resources). */
class ResultsTest {
  @Test
  void nullTabsNewlinesEscapesAndUtf8() {
    var row = new LinkedHashMap<String, String>();
    row.put("n", null);
    row.put("s", "a\tb\nc <&>\"");
    row.put("t", "NULL");
    row.put("u", "é€😀");
    assertEquals(List.of(List.of(row)), Results.parse(FakeServer.resource("values.xml")));
  }

  @Test
  void severalResultSetsAndAnEmptyOne() {
    String xml = FakeServer.resource("version.xml") + FakeServer.resource("replica-none.xml") + FakeServer.resource("grants-app.xml");
    var sets = Results.parse(xml);
    assertEquals(List.of(1, 0, 2), sets.stream().map(List::size).toList());
    assertEquals(Map.of("version", "10.11.19-MariaDB-0+deb12u1"), sets.get(0).get(0));
    assertEquals("GRANT SELECT, INSERT ON `shop`.* TO `app`@`localhost`", sets.get(2).get(1).get("Grants for app@localhost"));
  }

  @Test
  void columnsKeepTheirOrderAndEmptyValuesAreEmpty() {
    String xml = "<resultset statement=\"x\">\n  <row>\n\t<field name=\"b&amp;\"></field>\n\t<field name=\"a\">1</field>\n  </row>\n</resultset>\n";
    var row = Results.parse(xml).get(0).get(0);
    assertEquals(Arrays.asList("b&", "a"), List.copyOf(row.keySet()));
    assertEquals("", row.get("b&"));
  }

  @Test
  void noResultSetWhenNothingReturnsRows() {
    assertEquals(List.of(), Results.parse(""));
  }
}
