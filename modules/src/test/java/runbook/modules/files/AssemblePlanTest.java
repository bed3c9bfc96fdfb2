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

/** assemble: the fragments in name order, joined as Ansible joins them, written as copy writes. */
class AssemblePlanTest {
  private static final String JOINED = "# 00\nb\nno newline\nlast\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged", args("src", "/etc/app.d", "dest", "/etc/app.conf"), fragments().file("/etc/app.conf", JOINED),
            "ok: /etc/app.conf is up to date\n" + data(JOINED, "group=root, mode=0644, owner=root, ")),
        Arguments.of("written in name order, a newline after a fragment without one; no directories, links to files followed",
            args("src", "/etc/app.d/", "dest", "/etc/app.conf", "mode", "0640"), fragments(),
            "changed: /etc/app.conf assembled from /etc/app.d/\n  write /etc/app.conf \"" + esc(JOINED) + "\" mode=0640\n"
                + "  diff /etc/app.conf \"\" -> \"" + esc(JOINED) + "\"\n" + data(JOINED, "mode=0640, ").replace("src=/etc/app.d", "src=/etc/app.d/")),
        Arguments.of("a delimiter, its escapes decoded, a newline after it", args("src", "/etc/app.d", "dest", "/etc/app.conf", "delimiter", "##\\t--"),
            fragments().file("/etc/app.conf", "old\n"),
            "changed: /etc/app.conf assembled from /etc/app.d\n  write /etc/app.conf \"# 00\\n##\\t--\\nb\\n##\\t--\\nno newline\\n##\\t--\\nlast\\n\"\n"
                + "  diff /etc/app.conf \"old\\n\" -> \"# 00\\n##\\t--\\nb\\n##\\t--\\nno newline\\n##\\t--\\nlast\\n\"\n"
                + data("# 00\n##\t--\nb\n##\t--\nno newline\n##\t--\nlast\n", "group=root, mode=0644, owner=root, ")),
        Arguments.of("regexp (re.search on the name) and ignore_hidden", args("src", "/etc/app.d", "dest", "/etc/app.conf", "regexp", "^(0|1|\\.)",
            "ignore_hidden", true), fragments().file("/etc/app.d/.9-hidden", "h\n").file("/etc/app.conf", "# 00\nb\n"),
            "ok: /etc/app.conf is up to date\n" + data("# 00\nb\n", "group=root, mode=0644, owner=root, ")),
        Arguments.of("a missing source", args("src", "/etc/nope", "dest", "/etc/app.conf"), fragments(), "failed: Source (/etc/nope) does not exist\n"),
        Arguments.of("a source that is a file", args("src", "/etc/app.d/00-head", "dest", "/etc/app.conf"), fragments(),
            "failed: Source (/etc/app.d/00-head) is not a directory\n"),
        Arguments.of("fragments on the controller are refused", args("src", "frags", "dest", "/etc/app.conf", "remote_src", false), fragments(),
            "failed: assemble with remote_src: false (fragments on the controller) is not supported; copy them to the host first\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new AssembleModule(), args, host)));
  }

  private static FakeHost fragments() {
    return FakeHost.empty().dir("/etc").dir("/etc/app.d").file("/etc/app.d/00-head", "# 00\n").file("/etc/app.d/10-b", "b\n")
        .dir("/etc/app.d/15-dir").file("/etc/app.d/15-dir/x", "not a fragment\n").file("/etc/app.d/20-c", "no newline")
        .file("/srv/last", "last\n").link("/etc/app.d/30-link", "/srv/last");
  }

  /** The registered values, sorted as PlanText prints them; {@code attributes} as "mode=0640, owner=root, ". */
  private static String data(String content, String attributes) {
    var values = new java.util.TreeMap<String, String>(Map.of("checksum", Text.sha1(content.getBytes()), "dest", "/etc/app.conf",
        "md5sum", Text.md5(content.getBytes()), "msg", "OK", "src", "/etc/app.d"));
    for (String pair : attributes.split(", ")) {
      if (!pair.isBlank()) {
        values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1).replace(",", "").strip());
      }
    }
    return "  data " + values + "\n";
  }

  private static String esc(String text) {
    return text.replace("\n", "\\n").replace("\t", "\\t");
  }
}
