package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a fresh host a check run predicts exactly what the apply then does, task by task: later tasks
 * see what earlier ones would have changed (a copy into a directory that does not exist yet), and
 * the host stays untouched.
 */
class CheckPredictsApplyTest {
  @TempDir Path dir;

  /** A case: the tasks, run on a host root that does not exist yet, and the changes expected. */
  record Case(String name, String tasks, int changes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a site built up from nothing", """
            - file: {path: "{{ root }}/site/conf", state: directory, mode: "0750"}
            - copy: {src: static.txt, dest: "{{ root }}/site/conf/static.txt"}
            - copy: {src: static.txt, dest: "{{ root }}/site/files/"}
            - template: {src: site.conf.j2, dest: "{{ root }}/site/conf/site.conf", mode: "0640"}
            - lineinfile: {path: "{{ root }}/site/conf/httpd.conf", line: "Listen 80", create: true}
            - lineinfile: {path: "{{ root }}/site/conf/httpd.conf", regexp: '^Listen', line: "Listen 8080"}
            - lineinfile: {path: "{{ root }}/site/conf/httpd.conf", line: "Listen 8080"}
            - blockinfile: {path: "{{ root }}/site/conf/httpd.conf", block: "Include sites/*.conf"}
            - blockinfile: {path: "{{ root }}/site/conf/extra.conf", block: "KeepAlive On", create: true}
            - replace: {path: "{{ root }}/site/conf/extra.conf", regexp: 'On$', replace: 'Off'}
            - file: {src: "{{ root }}/site/conf/site.conf", dest: "{{ root }}/site.conf", state: link}
            - file: {src: "{{ root }}/site/conf", dest: "{{ root }}/current", state: link}
            - copy: {content: "through the link\n", dest: "{{ root }}/current/via-link.conf"}
            - file: {path: "{{ root }}/site/conf/static.txt", state: absent}
            - copy: {content: "back\n", dest: "{{ root }}/site/conf/static.txt", force: false}
            - file: {path: "{{ root }}/site/conf/httpd.conf", mode: "u+x,g-r"}
            - file: {path: "{{ root }}/site/conf/httpd.conf", mode: "0740"}
            - file: {path: "{{ root }}/site/htdocs", state: directory}
            - file: {path: "{{ root }}/site/htdocs/index.html", state: touch}
            - file: {path: "{{ root }}/site", state: directory, recurse: true, mode: "u=rwX,g=rX,o="}
            - file: {path: "{{ root }}/site", state: directory, recurse: true, mode: "u=rwX,g=rX,o="}
            - stat: {path: "{{ root }}/site/conf/via-link.conf", get_checksum: false}
              register: st
            - assert:
                that: [st.stat.exists, "st.stat.mode == '0640'"]
            """, 19),
        new Case("a directory removed and made again", """
            - file: {path: "{{ root }}/a/b", state: directory}
            - copy: {content: "x\\n", dest: "{{ root }}/a/b/x"}
            - file: {path: "{{ root }}/a", state: absent}
            - copy: {content: "x\\n", dest: "{{ root }}/a/b/x"}
              ignore_errors: true
            - file: {path: "{{ root }}/a/b", state: directory, mode: "2775"}
            - copy: {content: "x\\n", dest: "{{ root }}/a/b/x"}
            - stat: {path: "{{ root }}/a/b", get_checksum: false}
              register: b
            - assert:
                that: ["b.stat.mode == '2775'"]
            """, 5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkPredictsExactlyWhatApplyDoes(Case c) throws IOException {
    Path root = dir.resolve("host");
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, c.tasks());
    Files.createDirectories(root);
    Snapshot fresh = Snapshot.of(root);

    Command check = Command.run("apply", "--check", "--diff", inventory.toString(), book.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(fresh, Snapshot.of(root), "check mode touched the host\n" + check);

    Command apply = Command.run("apply", inventory.toString(), book.toString());
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(c.changes(), apply.changed(), apply.toString());
    assertEquals(apply.changed(), check.changed(), "check predicts what apply changes\n" + check + apply);
    assertEquals(outcomes(apply), outcomes(check), "check predicts each task's outcome\n" + check + apply);

    Command recheck = Command.run("apply", "--check", inventory.toString(), book.toString());
    assertEquals(0, recheck.exitCode(), recheck.toString());
  }

  @Test
  void theExampleChecksWithTheChangesItsApplyMakes() throws IOException {
    Path site = dir.resolve("site");
    Path inventory = Path.of("..", "inventories", "example.yml");
    String override = "site_root=" + site;

    Command check = Command.run("apply", "--check", "--diff", "-e", override, inventory.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertFalse(Files.exists(site), "check mode created " + site + "\n" + check);

    Command apply = Command.run("apply", "-e", override, inventory.toString());
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(6, apply.changed(), apply.toString());
    assertEquals(apply.changed(), check.changed(), "check predicts what apply changes\n" + check + apply);
    assertEquals(outcomes(apply), outcomes(check), "check predicts each task's outcome\n" + check + apply);
  }

  /** Each task's name and the status lines under it, in order; diffs and recap left out. */
  private static List<String> outcomes(Command run) {
    return run.out().lines()
        .filter(l -> l.startsWith("TASK [") || l.startsWith("RUNNING HANDLER [") || l.matches("^(ok|changed|skipping|failed|fatal): \\[.*"))
        .map(l -> l.replaceAll("\\s*\\*+$", ""))
        .toList();
  }
}
