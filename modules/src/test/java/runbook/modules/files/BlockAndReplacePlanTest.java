package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Module;

/** Whole plans (diffs, data, attributes) of blockinfile and replace. */
class BlockAndReplacePlanTest {
  static Stream<Arguments> cases() {
    var host = FakeHost.empty().file("/f", "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n", 0640, "root", "adm");
    return Stream.of(
        Arguments.of("blockinfile converged", new BlockInFileModule(), args("path", "/f", "block", "x", "mode", "0640", "group", "adm"), host,
            "ok: block already as wanted in /f\n  data {group=adm, mode=0640, msg=, owner=root}\n"),
        Arguments.of("blockinfile diff", new BlockInFileModule(), args("path", "/f", "block", "y", "backup", true), host,
            "changed: Block inserted\n  write /f \"a\\n# BEGIN ANSIBLE MANAGED BLOCK\\ny\\n# END ANSIBLE MANAGED BLOCK\\n\" backup\n"
                + "  diff /f \"a\\n# BEGIN ANSIBLE MANAGED BLOCK\\nx\\n# END ANSIBLE MANAGED BLOCK\\n\" -> \"a\\n# BEGIN ANSIBLE MANAGED BLOCK\\ny\\n# END ANSIBLE MANAGED BLOCK\\n\"\n"
                + "  data {group=adm, mode=0640, msg=Block inserted, owner=root}\n"),
        Arguments.of("blockinfile absent on a missing file", new BlockInFileModule(), args("path", "/none", "state", "absent", "create", true), host,
            "ok: File /none not present\n  data {msg=File /none not present}\n"),
        Arguments.of("replace converged", new ReplaceModule(), args("path", "/f", "regexp", "^z"), host,
            "ok: no replacements needed in /f\n  data {group=adm, mode=0640, msg=, owner=root}\n"),
        Arguments.of("replace diff and group", new ReplaceModule(), args("path", "/f", "regexp", "^a$", "replace", "b", "group", "www"), host,
            "changed: 1 replacements made\n  write /f \"b\\n# BEGIN ANSIBLE MANAGED BLOCK\\nx\\n# END ANSIBLE MANAGED BLOCK\\n\" group=www\n"
                + "  diff /f \"a\\n# BEGIN ANSIBLE MANAGED BLOCK\\nx\\n# END ANSIBLE MANAGED BLOCK\\n\" -> \"b\\n# BEGIN ANSIBLE MANAGED BLOCK\\nx\\n# END ANSIBLE MANAGED BLOCK\\n\"\n"
                + "  diff /f (attributes) \"group: adm\\n\" -> \"group: www\\n\"\n"
                + "  data {group=www, mode=0640, msg=1 replacements made, owner=root}\n"),
        Arguments.of("replace on a directory", new ReplaceModule(), args("path", "/d", "regexp", "x"), FakeHost.empty().dir("/d"),
            "failed: Path /d is a directory !\n"),
        Arguments.of("replace with a missing group", new ReplaceModule(), args("path", "/f", "regexp", "(a)", "replace", "\\2"), host,
            "failed: The replacement '\\2' refers to a group the regexp does not have: No group 2.\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host)));
  }
}
