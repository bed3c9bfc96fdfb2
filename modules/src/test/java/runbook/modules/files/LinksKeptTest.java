package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

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

/**
 * Files reached through symbolic links, as ansible-core 2.14 handles them: lineinfile, blockinfile
 * and replace edit the link's final target (os.path.realpath) and keep the link; copy and template
 * write the target with follow=true and replace the link with a file otherwise (also when the
 * content is the same); file's attributes go to the target, since its follow defaults to true.
 * The values returned for a link are the link's own, as Ansible's lstat gives them.
 */
class LinksKeptTest {
  private static final String ENABLED = "/etc/apache2/sites-enabled/app.conf";
  private static final String AVAILABLE = "/etc/apache2/sites-enabled/../sites-available/app.conf";
  private static final String RESOLV = "/run/resolvconf/resolv.conf";

  static Stream<Arguments> cases() {
    var host = FakeHost.empty()
        .dir("/etc/apache2/sites-available").dir("/etc/apache2/sites-enabled")
        .file("/etc/apache2/sites-available/app.conf", "Listen 80\n", 0640, "root", "www")
        .link(ENABLED, "../sites-available/app.conf")
        .dir("/run/resolvconf").file(RESOLV, "nameserver 10.0.0.1\n")
        .link("/etc/resolv.conf", RESOLV)
        .dir("/srv").file("/srv/c", "c\n").link("/srv/b", "c").link("/srv/a", "b").link("/srv/dangling", "gone")
        .dir("/srv/www").link("/srv/docroot", "www");
    var lineinfile = new LineInFileModule();
    var copy = new CopyModule();
    var file = new FileModule();
    String resolvData = "dest=" + RESOLV + ", group=root, mode=0644, owner=root";
    return Stream.of(
        c("lineinfile through a relative link edits the target", lineinfile, args("path", ENABLED, "line", "KeepAlive On"), host,
            "changed: line added\n  write " + AVAILABLE + " \"Listen 80\\nKeepAlive On\\n\"\n"
                + "  diff " + AVAILABLE + " \"Listen 80\\n\" -> \"Listen 80\\nKeepAlive On\\n\"\n"
                + "  data {group=www, mode=0640, msg=line added, owner=root}\n"),
        c("lineinfile through a chain of links", lineinfile, args("path", "/srv/a", "line", "d"), host,
            "changed: line added\n  write /srv/c \"c\\nd\\n\"\n  diff /srv/c \"c\\n\" -> \"c\\nd\\n\"\n"
                + "  data {group=root, mode=0644, msg=line added, owner=root}\n"),
        c("lineinfile through a link, converged", lineinfile, args("path", ENABLED, "line", "Listen 80"), host,
            "ok: line already as wanted in " + AVAILABLE + "\n  data {group=www, mode=0640, msg=, owner=root}\n"),
        c("lineinfile create through a dangling link creates its target", lineinfile, args("path", "/srv/dangling", "line", "x", "create", true), host,
            "changed: line added\n  write /srv/gone \"x\\n\"\n  diff /srv/gone \"\" -> \"x\\n\"\n  data {msg=line added}\n"),
        c("blockinfile through an absolute link", new BlockInFileModule(), args("path", "/etc/resolv.conf", "block", "search lab"), host,
            "changed: Block inserted\n  write " + RESOLV + " \"nameserver 10.0.0.1\\n# BEGIN ANSIBLE MANAGED BLOCK\\nsearch lab\\n# END ANSIBLE MANAGED BLOCK\\n\"\n"
                + "  diff " + RESOLV + " \"nameserver 10.0.0.1\\n\" -> \"nameserver 10.0.0.1\\n# BEGIN ANSIBLE MANAGED BLOCK\\nsearch lab\\n# END ANSIBLE MANAGED BLOCK\\n\"\n"
                + "  data {group=root, mode=0644, msg=Block inserted, owner=root}\n"),
        c("replace through a link", new ReplaceModule(), args("path", "/etc/resolv.conf", "regexp", "1$", "replace", "2"), host,
            "changed: 1 replacements made\n  write " + RESOLV + " \"nameserver 10.0.0.2\\n\"\n"
                + "  diff " + RESOLV + " \"nameserver 10.0.0.1\\n\" -> \"nameserver 10.0.0.2\\n\"\n"
                + "  data {group=root, mode=0644, msg=1 replacements made, owner=root}\n"),
        c("copy follow=true writes the target", copy, args("content", "nameserver 10.0.0.9\n", "dest", "/etc/resolv.conf", "follow", true), host,
            "changed: " + RESOLV + " updated\n  write " + RESOLV + " \"nameserver 10.0.0.9\\n\"\n"
                + "  diff " + RESOLV + " \"nameserver 10.0.0.1\\n\" -> \"nameserver 10.0.0.9\\n\"\n"
                + "  data {checksum=" + sha1("nameserver 10.0.0.9\n") + ", " + resolvData + ", size=20, state=file}\n"),
        c("copy follow=true, converged", copy, args("content", "nameserver 10.0.0.1\n", "dest", "/etc/resolv.conf", "follow", true), host,
            "ok: " + RESOLV + " is up to date\n  data {checksum=" + sha1("nameserver 10.0.0.1\n") + ", " + resolvData + ", size=20, state=file}\n"),
        c("copy follow=false replaces the link, even with the same content", copy, args("content", "nameserver 10.0.0.1\n", "dest", "/etc/resolv.conf"), host,
            "changed: /etc/resolv.conf replaces a link\n  write /etc/resolv.conf \"nameserver 10.0.0.1\\n\"\n"
                + "  diff /etc/resolv.conf (state) \"state: link\\nsrc: " + RESOLV + "\\n\" -> \"state: file\\n\"\n"
                + "  diff /etc/resolv.conf \"\" -> \"nameserver 10.0.0.1\\n\"\n"
                + "  data {checksum=" + sha1("nameserver 10.0.0.1\n") + ", dest=/etc/resolv.conf, size=20, state=file}\n"),
        c("copy follow=true over a dangling link replaces it, as there is no target", copy, args("content", "x\n", "dest", "/srv/dangling", "follow", true), host,
            "changed: /srv/dangling replaces a link\n  write /srv/dangling \"x\\n\"\n"
                + "  diff /srv/dangling (state) \"state: link\\nsrc: gone\\n\" -> \"state: file\\n\"\n  diff /srv/dangling \"\" -> \"x\\n\"\n"
                + "  data {checksum=" + sha1("x\n") + ", dest=/srv/dangling, size=2, state=file}\n"),
        c("copy into a link to a directory", copy, args("src", "motd", "dest", "/srv/docroot"), host,
            "changed: /srv/docroot/motd created\n  write /srv/docroot/motd \"hello\\n\"\n  diff /srv/docroot/motd \"\" -> \"hello\\n\"\n"
                + "  data {checksum=" + sha1("hello\n") + ", dest=/srv/docroot/motd, size=6, src=motd, state=file}\n"),
        c("template follow=true writes the target", new TemplateModule(), args("src", "resolv.j2", "dest", "/etc/resolv.conf", "follow", true), host,
            "changed: " + RESOLV + " updated\n  write " + RESOLV + " \"nameserver 10.0.0.9\\n\"\n"
                + "  diff " + RESOLV + " \"nameserver 10.0.0.1\\n\" -> \"nameserver 10.0.0.9\\n\"\n"
                + "  data {checksum=" + sha1("nameserver 10.0.0.9\n") + ", " + resolvData + ", size=20, src=resolv.j2, state=file}\n"),
        c("file mode on a link goes to its target", file, args("path", "/etc/resolv.conf", "mode", "0600"), host,
            "changed: attributes of /etc/resolv.conf changed\n  attributes " + RESOLV + " mode=0600\n"
                + "  diff " + RESOLV + " (attributes) \"mode: 0644\\n\" -> \"mode: 0600\\n\"\n"
                + "  data {dest=/etc/resolv.conf, path=/etc/resolv.conf, src=" + RESOLV + ", state=link}\n"),
        c("file mode on a link, converged", file, args("path", "/etc/resolv.conf", "mode", "0644"), host,
            "ok: /etc/resolv.conf already links to " + RESOLV + "\n"
                + "  data {dest=/etc/resolv.conf, path=/etc/resolv.conf, src=" + RESOLV + ", state=link}\n"),
        c("file state=link with an owner gives the target that owner", file,
            args("path", "/etc/resolv.conf", "src", RESOLV, "state", "link", "owner", "www"), host,
            "changed: attributes of /etc/resolv.conf changed\n  attributes " + RESOLV + " owner=www\n"
                + "  diff " + RESOLV + " (attributes) \"owner: root\\n\" -> \"owner: www\\n\"\n"
                + "  data {dest=/etc/resolv.conf, path=/etc/resolv.conf, src=" + RESOLV + ", state=link}\n"),
        c("file follow=false sets the link's own owner and no mode", file,
            args("path", "/etc/resolv.conf", "owner", "www", "mode", "0600", "follow", false), host,
            "changed: attributes of /etc/resolv.conf changed\n  attributes /etc/resolv.conf owner=www\n"
                + "  diff /etc/resolv.conf (attributes) \"owner: root\\n\" -> \"owner: www\\n\"\n"
                + "  data {dest=/etc/resolv.conf, path=/etc/resolv.conf, src=" + RESOLV + ", state=link}\n"),
        c("file state=file through a chain of links", file, args("path", "/srv/a", "state", "file", "mode", "0600"), host,
            "changed: attributes of /srv/a changed\n  attributes /srv/c mode=0600 follow\n"
                + "  diff /srv/c (attributes) \"mode: 0644\\n\" -> \"mode: 0600\\n\"\n"
                + "  data {group=root, mode=0600, owner=root, path=/srv/a, state=file}\n"));
  }

  private static Arguments c(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    return Arguments.of(name, module, args, host, expected);
  }

  private static String sha1(String text) {
    return Text.sha1(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsTheLinks(String name, Module module, Map<String, Object> args, FakeHost host, String expected) {
    var controller = FakeController.empty().file("files/motd", "hello\n").file("templates/resolv.j2", "nameserver {{ ns }}\n").var("ns", "10.0.0.9");
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host, controller, false)));
  }
}
