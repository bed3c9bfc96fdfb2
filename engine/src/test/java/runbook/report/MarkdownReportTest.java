package runbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.run.RecapRow;

class MarkdownReportTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1   | web001",
    "3   | web001, web002, web003",
    "5   | web001, web002, web003, web004, web005",
    "6   | web001, web002, web003 and 3 more (6 hosts)",
    "200 | web001, web002, web003 and 197 more (200 hosts)",
  })
  void longHostGroupsAreSummarised(int count, String expected) {
    assertEquals(expected, MarkdownReport.named(hosts(count)));
  }

  /**
   * 200 hosts: 150 make one change, 45 another (a different diff), 4 are ok, one cannot predict its
   * step. The report is a handful of lines, one diff per group.
   */
  @Test
  void twoHundredHostsReadAsAFewLines() {
    String diffA = "--- before: /etc/site.conf\n+++ after: /etc/site.conf\n@@ -1 +1,2 @@\n-a\n+b\n+c\n";
    String diffB = "--- before: /etc/site.conf\n+++ after: /etc/site.conf\n@@ -1 +1 @@\n-a\n+d\n";
    List<RunReport.Result> results = new ArrayList<>();
    List<RunReport.Result> commands = new ArrayList<>();
    List<RecapRow> recap = new ArrayList<>();
    List<String> hosts = hosts(200);
    for (int i = 0; i < 200; i++) {
      String host = hosts.get(i);
      RunReport.Change change = i < 150 ? new RunReport.Change("/etc/site.conf", 2, 1, diffA)
          : i < 195 ? new RunReport.Change("/etc/site.conf", 1, 1, diffB) : null;
      results.add(change == null ? new RunReport.Result(host, "ok", "none", "already there", List.of(), List.of(), false, 3)
          : new RunReport.Result(host, "changed", "known", "/etc/site.conf changed", List.of(change), List.of(), false, 5));
      commands.add(i == 199 ? new RunReport.Result(host, "skipped", "unknown", "check mode: run migrate would run", List.of(), List.of(), false, 1)
          : new RunReport.Result(host, "ok", "none", null, List.of(), List.of(), false, 1));
      recap.add(new RecapRow(host, change == null ? 2 : 1, change == null ? 0 : 1, 0, 0, i == 199 ? 1 : 0, 0, 0));
    }
    RunReport report = new RunReport(RunReport.FORMAT, true, hosts, List.of(new RunReport.Play("web", "site.yml:1:3", false, false, List.of(
        new RunReport.Task("Configure", "copy", "site.yml:3:7", false, results),
        new RunReport.Task("Migrate", "command", "site.yml:5:7", false, commands)))), List.of(), recap);
    assertEquals("""
        # runbook preview (check mode: no host was changed)

        **200 hosts**: 195 would change, 5 ok, 0 failed, 0 unreachable; 1 step cannot be predicted, 0 depend on an earlier simulated change

        ## web `site.yml:1:3`

        ### Configure `site.yml:3:7`

        - web001, web002, web003 and 147 more (150 hosts): would change, +2 -1 in `/etc/site.conf`

          <details><summary>diff</summary>

          ```diff
          --- before: /etc/site.conf
          +++ after: /etc/site.conf
          @@ -1 +1,2 @@
          -a
          +b
          +c
          ```

          </details>

        - web151, web152, web153 and 42 more (45 hosts): would change, +1 -1 in `/etc/site.conf`

          <details><summary>diff</summary>

          ```diff
          --- before: /etc/site.conf
          +++ after: /etc/site.conf
          @@ -1 +1 @@
          -a
          +d
          ```

          </details>


        ## Cannot be predicted

        Only running can tell what these do, or they rest on a change the check run only simulated.

        - Migrate `site.yml:5:7` on web200: cannot predict: check mode: run migrate would run
        """, MarkdownReport.render(report));
  }

  /**
   * A sync of thousands of files: its diff is cut so the rest of the preview still fits a comment;
   * a looped step that rests on a simulated change gives its first item's reason.
   */
  @Test
  void aLongDiffIsCutAndALoopSaysWhyItCannotBeForeseen() {
    StringBuilder diff = new StringBuilder("--- before: new:/var/www/\n+++ after: new:/var/www/\n@@ -0,0 +1,3000 @@\n");
    IntStream.rangeClosed(1, 3000).forEach(i -> diff.append("+>f+++++++++ f").append(i).append(".txt\n"));
    RunReport.Result sync = new RunReport.Result("new", "changed", "known", "sync", List.of(new RunReport.Change("new:/var/www/", 3000, 0,
        diff.toString())), List.of(), false, 9);
    RunReport.Result vhosts = new RunReport.Result("new", "changed", "depends", null, List.of(), List.of(
        new RunReport.Item("example.org", "changed", "depends", "site.conf created (depends on install apache2)", List.of())), false, 2);
    RunReport report = new RunReport(RunReport.FORMAT, true, List.of("new"), List.of(new RunReport.Play("new", "p.yml:1:3", false, false, List.of(
        new RunReport.Task("Web root", "synchronize", "p.yml:3:7", false, List.of(sync)),
        new RunReport.Task("Vhosts", "copy", "p.yml:5:7", false, List.of(vhosts))))), List.of(),
        List.of(new RecapRow("new", 0, 2, 0, 0, 0, 0, 0)));
    String md = MarkdownReport.render(report);
    assertEquals(MarkdownReport.DIFF_LINES, md.lines().filter(l -> l.startsWith("  +>f") || l.startsWith("  @@") || l.startsWith("  ---")
        || l.startsWith("  +++")).count());
    assertTrue(md.contains("\n  2883 more lines of this diff are in the run's JSON report and on the console with --diff.\n"), md);
    assertTrue(md.contains("- Vhosts `p.yml:5:7` on new: depends on an earlier simulated change: example.org: site.conf created (depends on install apache2)\n"),
        md);
  }

  private static List<String> hosts(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("web%03d", i)).toList();
  }
}
