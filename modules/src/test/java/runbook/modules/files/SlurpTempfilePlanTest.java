package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Module;

/** slurp reads a file into base64; tempfile plans one mktemp and registers what it printed. */
class SlurpTempfilePlanTest {
  static Stream<Arguments> cases() {
    var host = FakeHost.empty().dir("/etc").dir("/srv").file("/etc/motd", "hello\n").file("/etc/latin1", "caf\uDCE9").link("/etc/m", "motd");
    var slurp = new SlurpModule();
    var tempfile = new TempfileModule();
    return Stream.of(
        Arguments.of("slurp: base64 of the bytes", slurp, args("src", "/etc/motd"), host,
            "ok: read 6 bytes of /etc/motd\n  data {content=aGVsbG8K, encoding=base64, source=/etc/motd}\n"),
        Arguments.of("slurp: bytes that are not UTF-8 kept", slurp, args("path", "/etc/latin1"), host,
            "ok: read 4 bytes of /etc/latin1\n  data {content=Y2Fm6Q==, encoding=base64, source=/etc/latin1}\n"),
        Arguments.of("slurp: through a link", slurp, args("src", "/etc/m"), host,
            "ok: read 6 bytes of /etc/m\n  data {content=aGVsbG8K, encoding=base64, source=/etc/m}\n"),
        Arguments.of("slurp: missing", slurp, args("src", "/etc/nope"), host, "failed: file not found: /etc/nope\n"),
        Arguments.of("slurp: a directory", slurp, args("src", "/etc"), host, "failed: source is a directory and must be a file\n"),
        Arguments.of("tempfile: a file in the temporary directory", tempfile, args(), host,
            "changed: make a temporary file in the temporary directory\n  run [mktemp, --tmpdir, --, ansible.XXXXXXXX]\n  data {state=file}\n"),
        Arguments.of("tempfile: a directory in path, prefix and suffix", tempfile,
            args("state", "directory", "path", "/srv", "prefix", "-build.", "suffix", ".d"), host,
            "changed: make a temporary directory in /srv\n  run [mktemp, -d, -p, /srv, --suffix=.d, --, -build.XXXXXXXX]\n  data {state=directory}\n"),
        Arguments.of("tempfile: path must be a directory", tempfile, args("path", "/etc/motd"), host, "failed: /etc/motd is not a directory\n"),
        Arguments.of("tempfile: no / in prefix", tempfile, args("prefix", "../x"), host,
            "failed: prefix and suffix cannot hold a /: the file is made in path\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host)));
  }

  @Test
  void tempfileRegistersThePathMktempPrinted() {
    assertEquals(Map.of("path", "/tmp/ansible.AbC12345", "state", "file"),
        new TempfileModule().performed(Map.of("rc", 0, "stdout", "/tmp/ansible.AbC12345", "stdout_lines", java.util.List.of("/tmp/ansible.AbC12345"),
            "stderr", "", "stderr_lines", java.util.List.of(), "state", "file")));
  }
}
