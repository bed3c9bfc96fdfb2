package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.spi.Module;
import runbook.spi.Plan;
import runbook.spi.RawText;

/**
 * Bytes that are not UTF-8 (here Latin-1 "é", the byte 0xE9, written U+DCE9 in the content and
 * shown \xE9) survive every file module on the lines it does not change, and the diff shows them.
 * A regexp still matches a UTF-8 line as text: "." is one "é", not one of its two bytes.
 */
class BytesKeptTest {
  private static final String F = "/srv/legacy.conf";
  private static final String LATIN1 = "name=caf\uDCE9\nother=1\n";

  static Stream<Arguments> cases() {
    var controller = FakeController.empty().var("greeting", "hi").file("templates/latin1.j2", "# caf\uDCE9\n{{ greeting }}\n");
    return Stream.of(
        c("lineinfile on another line", new LineInFileModule(), args("regexp", "^other=", "line", "other=2"), LATIN1, controller,
            "write: name=caf\\xE9\nother=2\n",
            "diff: name=caf\\xE9\nother=1\n -> name=caf\\xE9\nother=2\n"),
        c("lineinfile matches a UTF-8 line as text", new LineInFileModule(), args("regexp", "^name=caf.$", "line", "name=cafe"),
            "name=café\nraw=\uDCFF\n", controller,
            "write: name=cafe\nraw=\\xFF\n",
            "diff: name=café\nraw=\\xFF\n -> name=cafe\nraw=\\xFF\n"),
        c("lineinfile absent", new LineInFileModule(), args("regexp", "^other=", "state", "absent"), LATIN1, controller,
            "write: name=caf\\xE9\n",
            "diff: name=caf\\xE9\nother=1\n -> name=caf\\xE9\n"),
        c("blockinfile", new BlockInFileModule(), args("block", "x=1"), LATIN1, controller,
            "write: name=caf\\xE9\nother=1\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\n# END ANSIBLE MANAGED BLOCK\n",
            "diff: name=caf\\xE9\nother=1\n -> name=caf\\xE9\nother=1\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\n# END ANSIBLE MANAGED BLOCK\n"),
        c("replace elsewhere", new ReplaceModule(), args("regexp", "1$", "replace", "2"), LATIN1, controller,
            "write: name=caf\\xE9\nother=2\n",
            "diff: name=caf\\xE9\nother=1\n -> name=caf\\xE9\nother=2\n"),
        c("replace over the byte itself, one byte to one dot", new ReplaceModule(), args("regexp", "caf.$", "replace", "cafe"), LATIN1, controller,
            "write: name=cafe\nother=1\n",
            "diff: name=caf\\xE9\nother=1\n -> name=cafe\nother=1\n"),
        c("replace converged", new ReplaceModule(), args("regexp", "^nothing$"), LATIN1, controller, "ok", ""),
        c("template from a Latin-1 source", new TemplateModule(), args("src", "latin1.j2", "dest", F), "", controller,
            "write: # caf\\xE9\nhi\n",
            "diff:  -> # caf\\xE9\nhi\n"));
  }

  private static Arguments c(String name, Module module, Map<String, Object> args, String before, FakeController controller,
      String written, String diff) {
    var withPath = new java.util.LinkedHashMap<>(args);
    withPath.putIfAbsent(module instanceof TemplateModule ? "dest" : "path", F);
    return Arguments.of(name, module, withPath, FakeHost.empty().dir("/srv").file(F, before), controller, written, diff);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsTheBytes(String name, Module module, Map<String, Object> args, FakeHost host, FakeController controller, String written,
      String diff) {
    Plan plan = Calls.plan(module, args, host, controller, false);
    assertEquals(written, ContentOutcome.of(plan));
    String diffs = plan instanceof Plan.Change change
        ? change.diffs().stream().map(d -> "diff: " + RawText.visible(d.before()) + " -> " + RawText.visible(d.after())).collect(Collectors.joining("\n"))
        : "";
    assertEquals(diff, diffs);
  }
}
