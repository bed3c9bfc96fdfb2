package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import runbook.schema.JsonSchemas;

/** --report FILE through the command line: Markdown, JSON (valid by its shipped schema) and JUnit XML, in apply and check runs. */
class ReportsTest {
  @TempDir Path dir;

  private Path inventory;
  private Path book;
  private Path root;

  /** Two hosts: localhost runs, "gone" is unreachable (a closed port on the loopback). */
  private void write() throws IOException {
    root = Files.createDirectories(dir.resolve("host"));
    inventory = Files.writeString(dir.resolve("inventory.yml"), """
        all:
          hosts:
            localhost: {ansible_connection: local}
            gone: {ansible_host: 127.0.0.1, ansible_port: 1}
          vars:
            root: "%s"
        """.formatted(root));
    book = Fixtures.runbook(dir, """
        - name: Write the config
          copy: {content: "a = 1\\nb = 2\\n", dest: "{{ root }}/app.conf"}
        - name: Run the migration
          command: "touch {{ root }}/migrated"
        - name: Stop
          fail: {msg: "stopped on purpose"}
          ignore_errors: true
        - name: Nothing to do
          debug: {msg: hello}
        """);
  }

  @Test
  void aCheckRunWritesEveryFormat() throws Exception {
    write();
    Command c = Command.run("apply", "--check", "--diff", "--report", dir.resolve("p.md").toString(), "--report",
        dir.resolve("p.json").toString(), "--report", dir.resolve("p.xml").toString(), inventory.toString(), book.toString());
    assertEquals(4, c.exitCode(), c.toString());
    String md = Files.readString(dir.resolve("p.md"));
    String at = book.toString();
    assertEquals(String.join("\n",
        "# runbook preview (check mode: no host was changed)",
        "",
        "**2 hosts**: 1 would change, 0 ok, 0 failed, 1 unreachable; 1 step cannot be predicted, 0 depend on an earlier simulated change",
        "",
        "## all `" + at + ":1:3`",
        "",
        "### Write the config `" + at + ":3:7`",
        "",
        "- localhost: would change, +2 -0 in `" + root + "/app.conf`",
        "",
        "  <details><summary>diff</summary>",
        "",
        "  ```diff",
        "  --- before: " + root + "/app.conf",
        "  +++ after: " + root + "/app.conf",
        "  @@ -0,0 +1,2 @@",
        "  +a = 1",
        "  +b = 2",
        "  ```",
        "",
        "  </details>",
        "",
        "- gone: unreachable: "), md.substring(0, md.indexOf("- gone: unreachable: ") + 21), md);
    assertTrue(md.contains("\n### Stop `" + at + ":7:7`\n\n- localhost: failed (ignored): stopped on purpose\n"), md);
    assertTrue(md.contains("\n1 task with nothing to change on any host.\n"), md);
    assertTrue(md.contains("\n## Cannot be predicted\n"), md);
    assertTrue(md.contains("\n- Run the migration `" + at + ":5:7` on localhost: cannot predict: check mode: run touch "), md);

    String json = Files.readString(dir.resolve("p.json"));
    assertEquals(List.of(), JsonSchemas.problems("report.schema.json", json, InputFormat.JSON));
    JsonNode report = new ObjectMapper().readTree(json);
    assertEquals(List.of("localhost", "gone"), strings(report.get("hosts")));
    JsonNode tasks = report.get("plays").get(0).get("tasks");
    assertEquals("Write the config", tasks.get(0).get("name").asText());
    assertEquals(at + ":3:7", tasks.get(0).get("at").asText());
    JsonNode first = tasks.get(0).get("results");
    assertEquals("changed", first.get(0).get("status").asText());
    assertEquals("known", first.get(0).get("foresight").asText());
    assertTrue(first.get(0).get("changes").get(0).get("diff").asText().contains("+a = 1\n"), json);
    assertEquals("unreachable", first.get(1).get("status").asText());
    assertEquals("unknown", tasks.get(1).get("results").get(0).get("foresight").asText());

    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("p.xml").toFile());
    NodeList cases = xml.getElementsByTagName("testcase");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      names.add(e.getAttribute("classname") + " | " + e.getAttribute("name").replace(at, "BOOK") + " | "
          + (e.getElementsByTagName("failure").getLength() > 0 ? "failure"
              : e.getElementsByTagName("error").getLength() > 0 ? "error"
              : e.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "pass"));
    }
    assertEquals(List.of(
        "localhost | Write the config (BOOK:3:7) | pass",
        "gone | Write the config (BOOK:3:7) | error",
        "localhost | Run the migration (BOOK:5:7) | skipped",
        "localhost | Stop (BOOK:7:7) | pass",
        "localhost | Nothing to do (BOOK:10:7) | pass"), names);
    assertTrue(!Files.exists(root.resolve("app.conf")), "a check run changed the host");
  }

  @Test
  void anApplyReportsWhatChanged() throws Exception {
    write();
    Path md = dir.resolve("run.md");
    Path xml = dir.resolve("run.xml");
    Path json = dir.resolve("run.json");
    Command c = Command.run("apply", "--report", md.toString(), "--report", xml.toString(), "--report", json.toString(), "--limit", "localhost",
        inventory.toString(), book.toString());
    assertEquals(0, c.exitCode(), c.toString());
    String text = Files.readString(md);
    assertTrue(text.startsWith("# runbook run\n\n**1 host**: 1 changed, 0 ok, 0 failed, 0 unreachable\n"), text);
    // without --diff the counts are there, the diff is not
    assertTrue(text.contains("- localhost: changed, +2 -0 in `" + root + "/app.conf`\n"), text);
    assertTrue(!text.contains("<details>"), text);
    assertTrue(text.contains("- localhost: changed: run touch " + root + "/migrated"), text);
    assertEquals(List.of(), JsonSchemas.problems("report.schema.json", Files.readString(json), InputFormat.JSON));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    assertEquals(4, doc.getElementsByTagName("testcase").getLength());
    assertEquals("0", ((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("failures"));
  }

  @Test
  void aReportWhoseFormatIsUnknownStopsBeforeAnythingRuns() throws IOException {
    write();
    Command c = Command.run("apply", "--report", dir.resolve("p.txt").toString(), inventory.toString(), book.toString());
    assertEquals(64, c.exitCode(), c.toString());
    assertEquals("runbook: --report " + dir.resolve("p.txt") + ": the extension names no report format (.md, .json or .xml)",
        c.err().lines().findFirst().orElse(""));
    Command missing = Command.run("apply", "--report", dir.resolve("no/such/p.md").toString(), inventory.toString(), book.toString());
    assertEquals(64, missing.exitCode(), missing.toString());
    assertTrue(!Files.exists(root.resolve("app.conf")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
