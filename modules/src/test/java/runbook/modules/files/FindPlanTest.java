package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.CommandResult;
import runbook.spi.Plan;

/** find: one find -printf per path in, Ansible's filters applied here; what matched, by path. */
class FindPlanTest {
  private static final String FORMAT = "%y\\t%d\\t%s\\t%T@\\t%A@\\t%C@\\t%m\\t%U\\t%G\\t%u\\t%g\\t%i\\t%n\\t%D\\t%p\\0";
  private static final double NOW = 1_000_000;
  /** /srv: two logs (one old, one large), a hidden file, a directory, a link; ALL also what is in the directory. */
  private static final String TOP = NOW + "\0"
      + entry("f", 1, 10, NOW - 10, "/srv/a.log")
      + entry("f", 1, 5000, NOW - 3 * 86400, "/srv/old.log")
      + entry("f", 1, 3, NOW, "/srv/.hidden")
      + entry("d", 1, 4096, NOW, "/srv/conf")
      + entry("l", 1, 5, NOW, "/srv/current");
  private static final String ALL = TOP + entry("f", 2, 20, NOW, "/srv/conf/app.conf");

  static Stream<Arguments> cases() {
    var flat = host("/srv", 1, TOP);
    var deep = host("/srv", null, ALL);
    return Stream.of(
        Arguments.of("files at the top, hidden ones left out", args("paths", List.of("/srv")), flat,
            "ok: 2 of 5 examined match\n", List.of("/srv/a.log", "/srv/old.log")),
        Arguments.of("patterns on the base name", args("paths", List.of("/srv"), "patterns", List.of("*.conf", "a.*"), "recurse", true), deep,
            "ok: 2 of 6 examined match\n", List.of("/srv/a.log", "/srv/conf/app.conf")),
        Arguments.of("excludes", args("paths", List.of("/srv"), "excludes", List.of("old*")), flat, "ok: 1 of 5 examined matches\n", List.of("/srv/a.log")),
        Arguments.of("use_regex: re.match, anchored at the start only", args("paths", List.of("/srv"), "patterns", List.of("log"), "use_regex", true), flat,
            "ok: 0 of 5 examined match\n", List.of()),
        Arguments.of("use_regex", args("paths", List.of("/srv"), "patterns", List.of(".*\\.log"), "use_regex", true), flat,
            "ok: 2 of 5 examined match\n", List.of("/srv/a.log", "/srv/old.log")),
        Arguments.of("age: older than two days", args("paths", List.of("/srv"), "age", "2d"), flat, "ok: 1 of 5 examined matches\n", List.of("/srv/old.log")),
        Arguments.of("age negative: at most a minute old", args("paths", List.of("/srv"), "age", "-1m"), flat,
            "ok: 1 of 5 examined matches\n", List.of("/srv/a.log")),
        Arguments.of("size: at least 1k", args("paths", List.of("/srv"), "size", "1k"), flat, "ok: 1 of 5 examined matches\n", List.of("/srv/old.log")),
        Arguments.of("hidden", args("paths", List.of("/srv"), "hidden", true), flat, "ok: 3 of 5 examined match\n",
            List.of("/srv/a.log", "/srv/old.log", "/srv/.hidden")),
        Arguments.of("directories", args("paths", List.of("/srv"), "file_type", "directory"), flat, "ok: 1 of 5 examined matches\n", List.of("/srv/conf")),
        Arguments.of("links", args("paths", List.of("/srv"), "file_type", "link"), flat, "ok: 1 of 5 examined matches\n", List.of("/srv/current")),
        Arguments.of("any, size only for files", args("paths", List.of("/srv"), "file_type", "any", "size", "1k"), flat,
            "ok: 3 of 5 examined match\n", List.of("/srv/old.log", "/srv/conf", "/srv/current")),
        Arguments.of("depth 1 of a recursion", args("paths", List.of("/srv"), "recurse", true, "depth", 1), host("/srv", 2, ALL),
            "ok: 2 of 6 examined match\n", List.of("/srv/a.log", "/srv/old.log")),
        Arguments.of("contains: re.match on a line", args("paths", List.of("/srv"), "contains", "b+"), flat.file("/srv/a.log", "a\nbb\n").file("/srv/old.log", "abc\n"),
            "ok: 1 of 5 examined matches\n", List.of("/srv/a.log")),
        Arguments.of("contains over the whole file: re.search", args("paths", List.of("/srv"), "contains", "b+", "read_whole_file", true),
            host("/srv", 1, TOP).file("/srv/a.log", "a\nbb\n").file("/srv/old.log", "abc\n"),
            "ok: 2 of 5 examined match\n", List.of("/srv/a.log", "/srv/old.log")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String verdict, List<String> paths) {
    Plan plan = Calls.plan(new FindModule(), args, host);
    assertEquals(verdict, PlanText.verdict(plan));
    assertEquals(paths, files(plan).stream().map(f -> f.get("path")).toList());
    assertEquals(paths.size(), plan.data().get("matched"));
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("not a directory: skipped, in Ansible's words", args("paths", List.of("/etc/motd")),
            FakeHost.empty().probe(script("/etc/motd", 1), new CommandResult(3, "", "")),
            "ok: 0 of 0 examined match\n  data {examined=0, files=[], matched=0, msg=Not all paths examined, check warnings for details,"
                + " skipped_paths={/etc/motd='/etc/motd' is not a directory},"
                + " warnings=[Skipped '/etc/motd' path due to this access issue: '/etc/motd' is not a directory]}\n"),
        Arguments.of("bad age", args("paths", List.of("/srv"), "age", "2y"), FakeHost.empty(), "failed: failed to process age\n  data {age=2y}\n"),
        Arguments.of("bad size", args("paths", List.of("/srv"), "size", "x"), FakeHost.empty(), "failed: failed to process size\n  data {size=x}\n"),
        Arguments.of("a regex that does not compile", args("paths", List.of("/srv"), "patterns", List.of("("), "use_regex", true), FakeHost.empty(),
            "failed: The patterns '(' is not a valid regular expression: Unclosed group.\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void refuses(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new FindModule(), args, host)));
  }

  @org.junit.jupiter.api.Test
  void aFileIsRegisteredAsAnsiblesStat() {
    var stat = files(Calls.plan(new FindModule(), args("paths", List.of("/srv"), "patterns", List.of("a.log"), "get_checksum", true),
        host("/srv", 1, TOP).file("/srv/a.log", "hello\n"))).get(0);
    assertEquals("{path=/srv/a.log, mode=0640, isdir=false, ischr=false, isblk=false, isreg=true, isfifo=false, islnk=false, issock=false,"
        + " uid=0, gid=4, size=10, inode=77, dev=2049, nlink=1, atime=999990.0, mtime=999990.0, ctime=999990.0, gr_name=adm, pw_name=,"
        + " rusr=true, wusr=true, xusr=false, rgrp=true, wgrp=false, xgrp=false, roth=false, woth=false, xoth=false, isuid=false, isgid=false,"
        + " checksum=f572d396fae9206628714fb2ce00f72e94f2258f}", stat.toString());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> files(Plan plan) {
    return (List<Map<String, Object>>) plan.data().get("files");
  }

  private static String entry(String type, int depth, long size, double mtime, String path) {
    return String.join("\t", type, "" + depth, "" + size, "" + mtime, "" + mtime, "" + mtime, "640", "0", "4", "0", "adm", "77", "1", "2049", path)
        + "\0";
  }

  private static FakeHost host(String path, Integer maxDepth, String listing) {
    return FakeHost.empty().probe(script(path, maxDepth), 0, listing);
  }

  private static String script(String path, Integer maxDepth) {
    return "[ -d " + path + " ] || exit 3\ndate +%s.%N | tr '\\n' '\\0'\nfind " + path + " -mindepth 1"
        + (maxDepth != null ? " -maxdepth " + maxDepth : "") + " -printf '" + FORMAT + "'";
  }
}
