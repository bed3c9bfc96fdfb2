package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * debconf on a lab host's own debconf database, in four steps: a select, a boolean and a password
 * (compared through debconf-communicate, so a second run is "ok", where Ansible reports it changed
 * every time). The password never shows: not with -v, not in --diff. The look is what debconf holds (debconf-show sorted: it lists in no set order).
 */
@ExtendWith(LabExtension.class)
class DebconfLabTest {
  private static final String HOST = "h1";
  private static final String PACKAGE = "runbook-lab";
  private static final String LOOK = "debconf-show " + PACKAGE + " | sort; echo 'GET runbook-lab/password' | debconf-communicate " + PACKAGE + "; true";

  @TempDir Path dir;

  @AfterEach
  void purge(Lab lab) {
    exec(lab, "echo PURGE | debconf-communicate " + PACKAGE + " >/dev/null; true");
  }

  @Test
  void answersAreSetOnceAndThePasswordIsNeverShown(Lab lab) throws IOException {
    String tasks = """
        - debconf: {name: runbook-lab, question: runbook-lab/colour, vtype: select, value: blue}
        - debconf: {name: runbook-lab, question: runbook-lab/enabled, vtype: boolean, value: true}
        - debconf: {name: runbook-lab, question: runbook-lab/password, vtype: password, value: "first s3cret"}
        """;
    Path book = Fixtures.runbook(dir, tasks);
    LocalFourStepTest.fourSteps(new LocalFourStepTest.Case(tasks, Map.of(), tasks, 3), 1, () -> exec(lab, LOOK),
        lab.inventory().toString(), book.toString(), "--limit", HOST);
    String held = exec(lab, LOOK);
    assertTrue(held.contains("* runbook-lab/colour: blue") && held.contains("* runbook-lab/enabled: true"), held);
    assertTrue(held.contains("0 first s3cret"), held);

    Path change = Fixtures.runbook(dir, """
        - debconf: {name: runbook-lab, question: runbook-lab/password, vtype: password, value: "second s3cret"}
          register: set
        - debug: {var: set}
        """);
    Command run = Command.run("apply", "-v", "--diff", lab.inventory().toString(), change.toString(), "--limit", HOST);
    assertEquals(1, run.changed(), run.toString());
    assertFalse(run.out().contains("s3cret") || run.err().contains("s3cret"), "the password is never shown\n" + run);
    assertTrue(run.out().contains("runbook-lab/password: (password omitted) (changed)"), run.toString());
    assertTrue(exec(lab, LOOK).contains("0 second s3cret"), "the new password is set");
  }

  private static String exec(Lab lab, String command) {
    return LabHosts.exec(lab, HOST, command);
  }
}
