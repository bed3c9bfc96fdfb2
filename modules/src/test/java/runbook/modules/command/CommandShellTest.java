package runbook.modules.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Module;

class CommandShellTest {
  static Stream<Arguments> cases() {
    var host = FakeHost.empty().file("/etc/done", "").probe("for f in /var/log/*.gz; do [ -e \"$f\" ] || [ -L \"$f\" ] && exit 0; done; exit 1", 1, "");
    var command = new CommandModule();
    var shell = new ShellModule();
    return Stream.of(
        Arguments.of("command without guards cannot predict", command, args("_raw_params", "echo 'a b' c"), host, false,
            "unpredictable: run echo a b c\n  run [echo, a b, c]\n  data {cmd=[echo, a b, c]}\n"),
        Arguments.of("creates exists: converged", command, args("_raw_params", "make install", "creates", "/etc/done"), host, false,
            "ok: skipped, since /etc/done exists\n  data {cmd=[make, install], msg=Did not run command since '/etc/done' exists, rc=0, stderr=, stderr_lines=[], "
                + "stdout=skipped, since /etc/done exists, stdout_lines=[skipped, since /etc/done exists]}\n"),
        Arguments.of("creates relative to chdir, in check mode", command, args("cmd", "make", "creates", "done", "chdir", "/etc"), host, true,
            "ok: skipped, since done exists\n  data {cmd=[make], msg=Would not run command since 'done' exists, rc=0, stderr=, stderr_lines=[], "
                + "stdout=skipped, since done exists, stdout_lines=[skipped, since done exists]}\n"),
        Arguments.of("creates missing: a predictable run", command, args("argv", List.of("tar", "xf", "a b.tar"), "creates", "/opt/app", "stdin", "y"), host, false,
            "changed: run tar xf a b.tar\n  run [tar, xf, a b.tar] stdin=\"y\\n\"\n  data {cmd=[tar, xf, a b.tar]}\n"),
        Arguments.of("removes with a glob matching nothing", command, args("_raw_params", "gzip -d x", "removes", "/var/log/*.gz"), host, false,
            "ok: skipped, since /var/log/*.gz does not exist\n  data {cmd=[gzip, -d, x], msg=Did not run command since '/var/log/*.gz' does not exist, rc=0, stderr=, "
                + "stderr_lines=[], stdout=skipped, since /var/log/*.gz does not exist, stdout_lines=[skipped, since /var/log/*.gz does not exist]}\n"),
        Arguments.of("unclosed quote", command, args("_raw_params", "echo 'oops"), host, false,
            "failed: The command has an unclosed quotation: echo 'oops\n"),
        Arguments.of("shell script as written", shell, args("_raw_params", "echo $HOME | wc -c", "chdir", "/tmp"), host, false,
            "unpredictable: run echo $HOME | wc -c\n  run sh \"echo $HOME | wc -c\" chdir=/tmp\n  data {cmd=echo $HOME | wc -c}\n"),
        Arguments.of("shell with another executable", shell, args("cmd", "echo ${X}", "executable", "/bin/bash", "removes", "/etc/done"), host, false,
            "changed: run /bin/bash -c echo ${X}\n  run [/bin/bash, -c, echo ${X}]\n  data {cmd=echo ${X}}\n"),
        Arguments.of("command ignores executable, with Ansible's warning", command, args("_raw_params", "echo $0", "executable", "/bin/bash"), host, false,
            "unpredictable: run echo $0\n  run [echo, $0]\n  data {cmd=[echo, $0], warnings=[As of Ansible 2.4, the parameter 'executable' is no longer "
                + "supported with the 'command' module. Not using '/bin/bash'.]}\n"),
        Arguments.of("command keeps its output's ends", command, args("_raw_params", "printf 'a\\n\\n'", "strip_empty_ends", false), host, false,
            "unpredictable: run printf a\\n\\n\n  run [printf, a\\n\\n] ends kept\n  data {cmd=[printf, a\\n\\n]}\n"),
        Arguments.of("shell keeps its output's ends, through bash", shell, args("_raw_params", "echo", "executable", "/bin/bash", "strip_empty_ends", false), host, false,
            "unpredictable: run /bin/bash -c echo\n  run [/bin/bash, -c, echo] ends kept\n  data {cmd=echo}\n"),
        Arguments.of("shell creates exists", shell, args("_raw_params", "x", "creates", "/etc/done"), host, false,
            "ok: skipped, since /etc/done exists\n  data {cmd=x, msg=Did not run command since '/etc/done' exists, rc=0, stderr=, stderr_lines=[], "
                + "stdout=skipped, since /etc/done exists, stdout_lines=[skipped, since /etc/done exists]}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, FakeHost host, boolean check, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host, FakeController.empty(), check)));
  }
}
