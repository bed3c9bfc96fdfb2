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
            "failed: bad symbolic permission for mode: u+z\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new FileModule(), args, host)));
  }
}
