package runbook.modules.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/** script: the controller's file on stdin into a temp file run with quoted words, behind creates/removes. */
class ScriptPlanTest {
  private static final String BODY = "#!/bin/sh\necho \"$@\"\n";
  private static final String RUN = "t=$(mktemp) || exit 125\\ntrap 'rm -f \\\"$t\\\"' EXIT\\ncat > \\\"$t\\\" && chmod 700 \\\"$t\\\" && ";

  static Stream<Arguments> cases() {
    var host = FakeHost.empty().file("/etc/done", "");
    return Stream.of(
        Arguments.of("arguments are quoted words, never shell text", args("_raw_params", "setup.sh 'a b' $(reboot)"), host,
            "unpredictable: run the script setup.sh 'a b' $(reboot)\n  run sh \"" + RUN + "\\\"$t\\\" 'a b' '$(reboot)'\" stdin=\"" + esc(BODY) + "\"\n"
                + "  data {cmd=setup.sh 'a b' $(reboot)}\n"),
        Arguments.of("an executable and chdir", args("cmd", "setup.sh", "executable", "/bin/bash -e", "chdir", "/srv"), host,
            "unpredictable: run the script setup.sh\n  run sh \"" + RUN + "/bin/bash -e \\\"$t\\\"\" chdir=/srv stdin=\"" + esc(BODY) + "\"\n"
                + "  data {cmd=setup.sh}\n"),
        Arguments.of("creates that exists: ok", args("_raw_params", "setup.sh", "creates", "/etc/done"), host,
            "ok: skipped, since /etc/done exists\n  data {cmd=setup.sh, msg=Did not run command since '/etc/done' exists, rc=0, stderr=, stderr_lines=[],"
                + " stdout=skipped, since /etc/done exists, stdout_lines=[skipped, since /etc/done exists]}\n"),
        Arguments.of("creates that does not exist: a known change", args("_raw_params", "setup.sh", "creates", "/etc/nope"), host,
            "changed: run the script setup.sh\n  run sh \"" + RUN + "\\\"$t\\\"\" stdin=\"" + esc(BODY) + "\"\n  data {cmd=setup.sh}\n"),
        Arguments.of("a quote left open", args("_raw_params", "setup.sh 'a"), host, "failed: The script's arguments have an unclosed quotation: setup.sh 'a\n"),
        Arguments.of("a script that is not UTF-8", args("_raw_params", "latin1.sh"), host, "failed: the script latin1.sh is not UTF-8 text\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    var controller = FakeController.empty().file("files/setup.sh", BODY).file("files/latin1.sh", "echo caf\uDCE9\n");
    assertEquals(expected, PlanText.of(Calls.plan(new ScriptModule(), args, host, controller, false)));
  }

  private static String esc(String text) {
    return text.replace("\n", "\\n").replace("\"", "\\\"");
  }
}
