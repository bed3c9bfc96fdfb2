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

/**
 * lineinfile, case by case. Cases marked (checked) were run through ansible-core 2.14's lineinfile
 * on real files, and the resulting content and changed flag compared.
 */
class LineInFileModuleTest {
  private static final String F = "/etc/app.conf";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: line present (checked)", args("path", F, "line", "b=2"), file("a=1\nb=2\n"),
            "ok: line already as wanted in /etc/app.conf\n  data {group=root, mode=0644, msg=, owner=root}\n"),
        Arguments.of("append at EOF (checked)", args("path", F, "line", "c=3"), file("a=1\nb=2\n"),
            "changed: line added\n  write /etc/app.conf \"a=1\\nb=2\\nc=3\\n\"\n  diff /etc/app.conf \"a=1\\nb=2\\n\" -> \"a=1\\nb=2\\nc=3\\n\"\n  data {group=root, mode=0644, msg=line added, owner=root}\n"),
        Arguments.of("no trailing newline gets one before appending (checked)", args("path", F, "line", "c=3"), file("a=1"),
            "changed: line added\n  write /etc/app.conf \"a=1\\nc=3\\n\"\n  diff /etc/app.conf \"a=1\" -> \"a=1\\nc=3\\n\"\n  data {group=root, mode=0644, msg=line added, owner=root}\n"),
        Arguments.of("regexp replaces the last match (checked)", args("path", F, "regexp", "^a=", "line", "a=9"), file("a=1\nx\na=2\n"),
            changed("line replaced", "a=1\\nx\\na=2\\n", "a=1\\nx\\na=9\\n")),
        Arguments.of("firstmatch replaces the first (checked)", args("path", F, "regexp", "^a=", "line", "a=9", "firstmatch", true), file("a=1\nx\na=2\n"),
            changed("line replaced", "a=1\\nx\\na=2\\n", "a=9\\nx\\na=2\\n")),
        Arguments.of("regexp without match appends (checked)", args("path", F, "regexp", "^z=", "line", "z=1"), file("a=1\n"),
            changed("line added", "a=1\\n", "a=1\\nz=1\\n")),
        Arguments.of("regexp without match but line present is ok (checked)", args("path", F, "regexp", "^z=", "line", "a=1"), file("a=1\n"),
            "ok: line already as wanted in /etc/app.conf\n  data {group=root, mode=0644, msg=, owner=root}\n"),
        Arguments.of("insertafter the last match (checked)", args("path", F, "line", "new", "insertafter", "^#"), file("#1\na\n#2\nb\n"),
            changed("line added", "#1\\na\\n#2\\nb\\n", "#1\\na\\n#2\\nnew\\nb\\n")),
        Arguments.of("insertafter with firstmatch (checked)", args("path", F, "line", "new", "insertafter", "^#", "firstmatch", true), file("#1\na\n#2\nb\n"),
            changed("line added", "#1\\na\\n#2\\nb\\n", "#1\\nnew\\na\\n#2\\nb\\n")),
        Arguments.of("insertbefore the last match (checked)", args("path", F, "line", "new", "insertbefore", "^#"), file("#1\na\n#2\nb\n"),
            changed("line added", "#1\\na\\n#2\\nb\\n", "#1\\na\\nnew\\n#2\\nb\\n")),
        Arguments.of("insertbefore BOF (checked)", args("path", F, "line", "new", "insertbefore", "BOF"), file("a\n"),
            changed("line added", "a\\n", "new\\na\\n")),
        Arguments.of("insertafter without match appends at EOF (checked)", args("path", F, "line", "new", "insertafter", "^nothing"), file("a\n"),
            changed("line added", "a\\n", "a\\nnew\\n")),
        Arguments.of("insertafter when the line already follows is ok (checked)", args("path", F, "line", "new", "insertafter", "^a"), file("a\nnew\n"),
            "ok: line already as wanted in /etc/app.conf\n  data {group=root, mode=0644, msg=, owner=root}\n"),
        Arguments.of("backrefs fill groups (checked)", args("path", F, "regexp", "^(\\w+)=(\\d+)$", "line", "\\1=\\g<2>0", "backrefs", true), file("port=80\n"),
            changed("line replaced", "port=80\\n", "port=800\\n")),
        Arguments.of("backrefs without match leave the file alone (checked)", args("path", F, "regexp", "^nomatch", "line", "x", "backrefs", true), file("a\n"),
            "ok: line already as wanted in /etc/app.conf\n  data {group=root, mode=0644, msg=, owner=root}\n"),
        Arguments.of("search_string replaces (checked)", args("path", F, "search_string", "Listen 80", "line", "Listen 8080"), file("Listen 80\n"),
            changed("line replaced", "Listen 80\\n", "Listen 8080\\n")),
        Arguments.of("absent removes every match (checked)", args("path", F, "regexp", "^#", "state", "absent"), file("#a\nb\n#c\n"),
            "changed: 2 line(s) removed\n  write /etc/app.conf \"b\\n\"\n  diff /etc/app.conf \"#a\\nb\\n#c\\n\" -> \"b\\n\"\n  data {found=2, group=root, mode=0644, msg=2 line(s) removed, owner=root}\n"),
        Arguments.of("absent by line, converged (checked)", args("path", F, "line", "x", "state", "absent"), file("a\n"),
            "ok: line already as wanted in /etc/app.conf\n  data {found=0, group=root, mode=0644, msg=, owner=root}\n"),
        Arguments.of("absent on a missing file", args("path", F, "line", "x", "state", "absent"), FakeHost.empty(),
            "ok: file not present\n  data {msg=file not present}\n"),
        Arguments.of("missing file without create fails (checked)", args("path", F, "line", "x"), FakeHost.empty().dir("/etc"),
            "failed: Destination /etc/app.conf does not exist !\n"),
        Arguments.of("missing file with create (checked)", args("path", F, "line", "x", "create", true, "mode", "0600"), FakeHost.empty().dir("/etc"),
            "changed: line added\n  write /etc/app.conf \"x\\n\" mode=0600\n  diff /etc/app.conf \"\" -> \"x\\n\"\n  data {mode=0600, msg=line added}\n"),
        Arguments.of("create in a missing directory makes it", args("path", "/new/dir/f", "line", "x", "create", true), FakeHost.empty(),
            "changed: line added\n  mkdir /new/dir\n  write /new/dir/f \"x\\n\"\n  diff /new/dir/f \"\" -> \"x\\n\"\n  data {msg=line added}\n"),
        Arguments.of("only the mode differs", args("path", F, "line", "a", "mode", "0600"), file("a\n"),
            "changed: attributes of /etc/app.conf changed\n  attributes /etc/app.conf mode=0600\n  diff /etc/app.conf (attributes) \"mode: 0644\\n\" -> \"mode: 0600\\n\"\n  data {group=root, mode=0600, msg=ownership, perms or SE linux context changed, owner=root}\n"),
        Arguments.of("present without line fails", args("path", F, "regexp", "x"), file("a\n"),
            "failed: line is required with state=present\n"),
        Arguments.of("bad regexp is one sentence", args("path", F, "regexp", "(", "line", "x"), file("a\n"),
            "failed: The regexp '(' is not a valid regular expression: Unclosed group.\n"));
  }

  private static FakeHost file(String content) {
    return FakeHost.empty().dir("/etc").file(F, content);
  }

  private static String changed(String msg, String before, String after) {
    return "changed: " + msg + "\n  write " + F + " \"" + after + "\"\n  diff " + F + " \"" + before + "\" -> \"" + after + "\"\n"
        + "  data {group=root, mode=0644, msg=" + msg + ", owner=root}\n";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new LineInFileModule(), args, host)));
  }
}
