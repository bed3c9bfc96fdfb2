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

class FileModuleTest {
  static Stream<Arguments> cases() {
    var host = FakeHost.empty()
        .dir("/srv", 0755, "root", "root")
        .dir("/srv/list", 02775, "list", "www-data")
        .file("/srv/list/config", "x\n", 0664, "list", "www-data")
        .file("/srv/f", "x\n", 0644, "root", "root")
        .link("/srv/l", "f");
    return Stream.of(
        Arguments.of("setgid directory converged", args("path", "/srv/list", "state", "directory", "mode", "2775", "owner", "list", "group", "www-data"), host,
            "ok: /srv/list is a directory with the wanted attributes\n  data {group=www-data, mode=02775, owner=list, path=/srv/list, state=directory}\n"),
        Arguments.of("g+s converged", args("path", "/srv/list", "state", "directory", "mode", "g+s"), host,
            "ok: /srv/list is a directory with the wanted attributes\n  data {group=www-data, mode=02775, owner=list, path=/srv/list, state=directory}\n"),
        Arguments.of("g+s on a plain directory", args("path", "/srv", "mode", "g+s"), host,
            "changed: attributes of /srv changed\n  attributes /srv mode=02755\n  diff /srv (attributes) \"mode: 0755\\n\" -> \"mode: 02755\\n\"\n"
                + "  data {group=root, mode=02755, owner=root, path=/srv, state=directory}\n"),
        Arguments.of("directory created", args("path", "/srv/new", "state", "directory", "mode", "0750"), host,
            "changed: create directory /srv/new\n  mkdir /srv/new mode=0750\n  diff /srv/new (state) \"state: absent\\n\" -> \"state: directory\\n\"\n"
                + "  data {mode=0750, path=/srv/new, state=directory}\n"),
        Arguments.of("directory over a file fails", args("path", "/srv/f", "state", "directory"), host,
            "failed: /srv/f already exists as a file\n"),
        Arguments.of("recurse converged", args("path", "/srv/list", "state", "directory", "recurse", true, "owner", "list", "group", "www-data"), host,
            "ok: attributes of /srv/list and everything below it already match\n  data {path=/srv/list, state=directory}\n"),
        Arguments.of("recurse with symbolic mode", args("path", "/srv/list", "state", "directory", "recurse", true, "mode", "o-rwx"), host,
            "changed: attributes of 2 path(s) under /srv/list changed\n  attributes /srv/list mode=o-rwx recurse\n"
                + "  diff /srv/list (attributes) \"mode: 02775\\n\" -> \"mode: 02770\\n\"\n"
                + "  diff /srv/list/config (attributes) \"mode: 0664\\n\" -> \"mode: 0660\\n\"\n"
                + "  data {path=/srv/list, state=directory}\n"),
        Arguments.of("file mode change", args("path", "/srv/f", "mode", "0600"), host,
            "changed: attributes of /srv/f changed\n  attributes /srv/f mode=0600\n  diff /srv/f (attributes) \"mode: 0644\\n\" -> \"mode: 0600\\n\"\n"
                + "  data {group=root, mode=0600, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("state file on a missing path fails", args("path", "/srv/none", "state", "file"), host,
            "failed: file (/srv/none) is absent, cannot continue\n"),
        Arguments.of("state file follows a link", args("path", "/srv/l", "state", "file", "mode", "0644"), host,
            "ok: /srv/l is a file with the wanted attributes\n  data {group=root, mode=0644, owner=root, path=/srv/l, state=file}\n"),
        Arguments.of("absent converged", args("path", "/srv/none", "state", "absent"), host,
            "ok: /srv/none is already absent\n  data {path=/srv/none, state=absent}\n"),
        Arguments.of("absent removes", args("path", "/srv/f", "state", "absent"), host,
            "changed: remove /srv/f\n  remove /srv/f\n  diff /srv/f (state) \"state: file\\n\" -> \"state: absent\\n\"\n  data {path=/srv/f, state=absent}\n"),
        Arguments.of("touch always changes", args("path", "/srv/f", "state", "touch"), host,
            "changed: touch /srv/f\n  touch /srv/f\n  data {path=/srv/f, state=file}\n"),
        Arguments.of("touch creates with mode", args("path", "/srv/t", "state", "touch", "mode", "u=rw,g=r,o="), host,
            "changed: touch /srv/t\n  touch /srv/t\n  attributes /srv/t mode=0640\n  diff /srv/t (state) \"state: absent\\n\" -> \"state: file\\n\"\n"
                + "  data {path=/srv/t, state=file}\n"),
        Arguments.of("link converged", args("path", "/srv/l", "state", "link", "src", "f"), host,
            "ok: /srv/l already links to f\n  data {dest=/srv/l, path=/srv/l, src=f, state=link}\n"),
        Arguments.of("link retargeted", args("path", "/srv/l", "state", "link", "src", "list"), host,
            "changed: link /srv/l -> list\n  symlink /srv/l -> list force\n  diff /srv/l (state) \"state: link\\nsrc: f\\n\" -> \"state: link\\nsrc: list\\n\"\n"
                + "  data {dest=/srv/l, path=/srv/l, src=list, state=link}\n"),
        Arguments.of("link to a missing source fails", args("path", "/srv/n", "state", "link", "src", "/nowhere"), host,
            "failed: src file does not exist, use \"force=yes\" if you really want to create the link: /nowhere\n"),
        Arguments.of("link over a file needs force", args("path", "/srv/f", "state", "link", "src", "list"), host,
            "failed: refusing to convert from file to symlink for /srv/f\n"),
        Arguments.of("hard link converged", args("path", "/srv/h", "state", "hard", "src", "/srv/f"),
            FakeHost.empty().file("/srv/f", "x\n").file("/srv/h", "x\n").probe("test /srv/h -ef /srv/f", 0, ""),
            "ok: /srv/h is a file with the wanted attributes\n  data {group=root, mode=0644, owner=root, path=/srv/h, state=hard}\n"),
        Arguments.of("hard link created", args("path", "/srv/h", "state", "hard", "src", "/srv/f"), host,
            "changed: hard link /srv/h -> /srv/f\n  hardlink /srv/h -> /srv/f\n  diff /srv/h (state) \"state: absent\\n\" -> \"state: hard\\nsrc: /srv/f\\n\"\n"
                + "  data {dest=/srv/h, path=/srv/h, src=/srv/f, state=hard}\n"),
        Arguments.of("bad mode", args("path", "/srv/f", "mode", "u+z"), host,
            "failed: bad symbolic permission for mode: u+z\n"),
        Arguments.of("touch with both times preserved: only what differs", args("path", "/srv/f", "state", "touch", "access_time", "preserve",
            "modification_time", "preserve"), host,
            "ok: /srv/f already has the wanted times and attributes\n"
                + "  data {path=/srv/f, state=file}\n"),
        Arguments.of("touch a new file, then its modification time", args("path", "/srv/t", "state", "touch", "modification_time", "202001011200.00"),
            timed("/srv/t", "absent", "1577880000"),
            "changed: touch /srv/t\n"
                + "  touch /srv/t\n"
                + "  run [touch, -c, -m, -d, @1577880000, --, /srv/t]\n"
                + "  diff /srv/t (state) \"state: absent\\n\" -> \"state: file\\n\"\n"
                + "  data {path=/srv/t, state=file}\n"),
        Arguments.of("a given modification time that differs, the access time kept", args("path", "/srv/f", "modification_time", "202001011200.00"),
            timed("/srv/f", "1796220783.016796989 1796220791.648796989", "1577880000"),
            "changed: attributes of /srv/f changed\n"
                + "  run [touch, -c, -m, -d, @1577880000, --, /srv/f]\n"
                + "  diff /srv/f (times) \"mtime: 1796220791.648796989\\n\" -> \"mtime: 1577880000\\n\"\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("a given modification time already there: ok", args("path", "/srv/f", "modification_time", "202001011200.00"),
            timed("/srv/f", "1796220783.016796989 1577880000.000000000", "1577880000"),
            "ok: /srv/f is a file with the wanted attributes\n  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("a given modification time already there, the access time now: only it changes", args("path", "/srv/f", "modification_time", "202001011200.00", "access_time", "now"),
            timed("/srv/f", "1796220783.016796989 1577880000.000000000", "1577880000"),
            "changed: attributes of /srv/f changed\n"
                + "  run [touch, -c, -a, --, /srv/f]\n"
                + "  diff /srv/f (times) \"atime: 1796220783.016796989\\n\" -> \"atime: now\\n\"\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("both times given, in their own formats", args("path", "/srv", "state", "directory", "access_time", "2020-01-01 12:00",
            "access_time_format", "%Y-%m-%d %H:%M", "modification_time", "1 Jan 2020", "modification_time_format", "%d %b %Y"),
            timed("/srv", "1796220783.016796989 1796220791.648796989", "1577880000", "1577836800"),
            "changed: attributes of /srv changed\n"
                + "  run [touch, -c, -a, -d, @1577880000, --, /srv]\n"
                + "  run [touch, -c, -m, -d, @1577836800, --, /srv]\n"
                + "  diff /srv (times) \"atime: 1796220783.016796989\\nmtime: 1796220791.648796989\\n\" -> \"atime: 1577880000\\nmtime: 1577836800\\n\"\n"
                + "  data {group=root, mode=0755, owner=root, path=/srv, state=directory}\n"),
        Arguments.of("a time its format does not read", args("path", "/srv/f", "modification_time", "yesterday"), host,
            "failed: Error while obtaining timestamp for time yesterday using format %Y%m%d%H%M.%S: time data 'yesterday' does not match format '%Y%m%d%H%M.%S'\n"),
        Arguments.of("now on a new directory: made now already", args("path", "/srv/new", "state", "directory", "modification_time", "now"), host,
            "changed: create directory /srv/new\n"
                + "  mkdir /srv/new\n"
                + "  diff /srv/new (state) \"state: absent\\n\" -> \"state: directory\\n\"\n"
                + "  data {path=/srv/new, state=directory}\n"),
        Arguments.of("times with recurse are refused", args("path", "/srv", "state", "directory", "recurse", true, "modification_time", "now"), host,
            "failed: access_time, modification_time and attributes are not supported with recurse yet\n"),
        Arguments.of("attributes added", args("path", "/srv/f", "attributes", "+A"), flagged("/srv/f", "--------------e-------"),
            "changed: attributes of /srv/f changed\n"
                + "  run [chattr, +A, --, /srv/f]\n"
                + "  diff /srv/f (attributes) \"attributes: e\\n\" -> \"attributes: eA\\n\"\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("attributes added already there", args("path", "/srv/f", "attr", "+A"), flagged("/srv/f", "-------A------e-------"),
            "ok: /srv/f is a file with the wanted attributes\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("attributes removed", args("path", "/srv/f", "attributes", "-A"), flagged("/srv/f", "-------A------e-------"),
            "changed: attributes of /srv/f changed\n"
                + "  run [chattr, -A, --, /srv/f]\n"
                + "  diff /srv/f (attributes) \"attributes: Ae\\n\" -> \"attributes: e\\n\"\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("bare letters set exactly those", args("path", "/srv/f", "attributes", "eA"), flagged("/srv/f", "-------A------e-------"),
            "ok: /srv/f is a file with the wanted attributes\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("= sets exactly those", args("path", "/srv/f", "attributes", "=e"), flagged("/srv/f", "-------A------e-------"),
            "changed: attributes of /srv/f changed\n"
                + "  run [chattr, =e, --, /srv/f]\n"
                + "  diff /srv/f (attributes) \"attributes: Ae\\n\" -> \"attributes: e\\n\"\n"
                + "  data {group=root, mode=0644, owner=root, path=/srv/f, state=file}\n"),
        Arguments.of("attributes on a new directory", args("path", "/srv/new", "state", "directory", "attributes", "+d"), host,
            "changed: create directory /srv/new\n"
                + "  mkdir /srv/new\n"
                + "  run [chattr, +d, --, /srv/new]\n"
                + "  diff /srv/new (state) \"state: absent\\n\" -> \"state: directory\\n\"\n"
                + "  data {path=/srv/new, state=directory}\n"),
        Arguments.of("attributes a filesystem does not keep", args("path", "/srv/f", "attributes", "+A"), FakeHost.empty().file("/srv/f", "x\n")
            .probe("lsattr -d -- /srv/f", new runbook.spi.CommandResult(1, "", "lsattr: Operation not supported While reading flags on /srv/f")),
            "failed: cannot read the attributes of /srv/f: lsattr: Operation not supported While reading flags on /srv/f\n"),
        Arguments.of("times and attributes on a link are refused", args("path", "/srv/l", "attributes", "+A"), flagged("/srv/f", "--------------e-------"),
            "failed: access_time, modification_time and attributes are not supported with state link yet\n"));
  }

  /** The host with the times of {@code path} as stat prints them ("absent" when it is not there) and the epochs the given times are there. */
  private static FakeHost timed(String path, String times, String... epochs) {
    String dates = Stream.of(epochs).map(e -> "date -d '" + DATES.get(e) + "' +%s").reduce((a, b) -> a + " && " + b).orElse("");
    var host = FakeHost.empty().dir("/srv", 0755, "root", "root").file("/srv/f", "x\n", 0644, "root", "root");
    return host.probe("{ stat -c '%.9X %.9Y' -- " + path + " 2>/dev/null || echo absent; } && " + dates, 0, times + "\n" + String.join("\n", epochs) + "\n");
  }

  private static final Map<String, String> DATES = Map.of("1577880000", "2020-01-01 12:00:00", "1577836800", "2020-01-01 00:00:00");

  /** The host with {@code path}'s flags as lsattr -d prints them. */
  private static FakeHost flagged(String path, String flags) {
    return FakeHost.empty().dir("/srv", 0755, "root", "root").file("/srv/f", "x\n", 0644, "root", "root").link("/srv/l", "f")
        .probe("lsattr -d -- " + path, 0, flags + " " + path + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new FileModule(), args, host)));
  }
}
