package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.spi.Module;

/**
 * blockinfile and replace on file content. Every case here was also run through ansible-core 2.14
 * on a real file, with the same arguments and starting content, and gave the same content and the
 * same changed flag ("ok" below means changed=false, failed means Ansible failed too).
 */
class TextEditCasesTest {
  private static final String F = "/srv/f";
  private static final Module BLOCK = new BlockInFileModule();
  private static final Module REPLACE = new ReplaceModule();
  private static final String BEGIN = "# BEGIN ANSIBLE MANAGED BLOCK\n";
  private static final String END = "# END ANSIBLE MANAGED BLOCK\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        c("block at EOF", BLOCK, args("block", "x=1\ny=2"), "a\n", "write: a\n" + BEGIN + "x=1\ny=2\n" + END),
        c("block converged", BLOCK, args("block", "x=1"), "a\n" + BEGIN + "x=1\n" + END + "b\n", "ok"),
        c("block replaced in place", BLOCK, args("block", "x=2"), "a\n" + BEGIN + "x=1\n" + END + "b\n", "write: a\n" + BEGIN + "x=2\n" + END + "b\n"),
        c("block absent", BLOCK, args("state", "absent"), "a\n" + BEGIN + "x=1\n" + END + "b\n", "write: a\nb\n"),
        c("empty block removes markers", BLOCK, args("block", ""), "a\n" + BEGIN + "x=1\n" + END, "write: a\n"),
        c("block before BOF", BLOCK, args("block", "x", "insertbefore", "BOF"), "a\n", "write: " + BEGIN + "x\n" + END + "a\n"),
        c("block after the last match", BLOCK, args("block", "x", "insertafter", "^#"), "#1\na\n#2\nb\n", "write: #1\na\n#2\n" + BEGIN + "x\n" + END + "b\n"),
        c("block before a match", BLOCK, args("block", "x", "insertbefore", "^b"), "a\nb\n", "write: a\n" + BEGIN + "x\n" + END + "b\n"),
        c("block with own markers", BLOCK, args("block", "x", "marker", "<!-- {mark} -->", "marker_begin", "start", "marker_end", "stop"), "",
            "write: <!-- start -->\nx\n<!-- stop -->\n"),
        c("block after a last line without newline", BLOCK, args("block", "x"), "a", "write: a\n" + BEGIN + "x\n" + END),
        c("absent block still ends the last line (as Ansible)", BLOCK, args("state", "absent"), "a", "write: a\n"),
        c("block on a missing file", BLOCK, args("block", "x"), null, "failed: Path /srv/f does not exist !"),
        c("block creates the file", BLOCK, args("block", "x", "create", true), null, "write: " + BEGIN + "x\n" + END),
        c("replace with groups", REPLACE, args("regexp", "^(\\w+) = (\\d+)$", "replace", "\\1=\\g<2>"), "a = 1\nb = 2\nc\n", "write: a=1\nb=2\nc\n"),
        c("replace converged", REPLACE, args("regexp", "^old$", "replace", "new"), "new\n", "ok"),
        c("replace by the same text", REPLACE, args("regexp", "new", "replace", "new"), "new\n", "ok"),
        c("replace after", REPLACE, args("regexp", "x", "replace", "y", "after", "START"), "x\nSTART\nx\n", "write: x\nSTART\ny\n"),
        c("replace before", REPLACE, args("regexp", "x", "replace", "y", "before", "STOP"), "x\nSTOP\nx\n", "write: y\nSTOP\nx\n"),
        c("replace between", REPLACE, args("regexp", "x", "replace", "y", "after", "<a>", "before", "</a>"), "x<a>x x</a>x", "write: x<a>y y</a>x"),
        c("replace section not found", REPLACE, args("regexp", "x", "replace", "y", "after", "NOPE"), "x\n", "ok"),
        c("replace named groups", REPLACE, args("regexp", "(?P<key_name>\\w+):(?P<v>\\d)", "replace", "\\g<v>:\\g<key_name>"), "ab:1\n", "write: 1:ab\n"),
        c("replace at line ends", REPLACE, args("regexp", "\\s+$", "replace", ""), "a  \nb\t\n", "write: a\nb"),
        c("replace on a missing file", REPLACE, args("regexp", "x"), null, "failed: Path /srv/f does not exist !"));
  }

  private static Arguments c(String name, Module module, Map<String, Object> args, String before, String expected) {
    var withPath = new LinkedHashMap<>(args);
    withPath.put("path", F);
    FakeHost host = FakeHost.empty().dir("/srv");
    return Arguments.of(name, module, withPath, before == null ? host : host.file(F, before), expected);
  }

  /** replace on a file that is not there yet, in a check run in which an earlier task installs a package. */
  static Stream<Arguments> checkAfterAnInstall() {
    var installing = FakeHost.empty().dir("/etc/default").pending("package:varnish", "install varnish");
    return Stream.of(
        Arguments.of("check: only the install can tell", installing, true,
            "unpredictable: edit /etc/default/varnish, which install varnish brings\n"),
        Arguments.of("apply: the file is really missing", installing, false, "failed: Path /etc/default/varnish does not exist !\n"),
        Arguments.of("check without an install: missing", FakeHost.empty().dir("/etc/default"), true,
            "failed: Path /etc/default/varnish does not exist !\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkAfterAnInstall")
  void replaceInAFileAnInstallBrings(String name, FakeHost host, boolean check, String expected) {
    var args = new LinkedHashMap<String, Object>(Map.of("path", "/etc/default/varnish", "regexp", "-a :\\d+", "replace", "-a :80"));
    assertEquals(expected, runbook.modules.PlanText.of(Calls.plan(REPLACE, args, host, runbook.modules.FakeController.empty(), check)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void editsLikeAnsible(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, ContentOutcome.of(Calls.plan(module, args, host)));
  }
}
