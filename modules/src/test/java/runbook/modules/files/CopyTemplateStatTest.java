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

/** copy, template and stat plans. */
class CopyTemplateStatTest {
  private static final String SHA_HELLO = "f572d396fae9206628714fb2ce00f72e94f2258f"; // sha1 of "hello\n"

  static Stream<Arguments> cases() {
    var controller = FakeController.empty().file("files/motd", "hello\n").vaulted("files/sealed", "$ANSIBLE_VAULT;1.1;AES256\n", "hello\n").file("templates/motd.j2", "{{ greeting }}\n").var("greeting", "hello");
    var host = FakeHost.empty().dir("/etc").file("/etc/motd", "hello\n", 0644, "root", "root");
    var copy = new CopyModule();
    var template = new TemplateModule();
    String data = "  data {checksum=" + SHA_HELLO + ", dest=/etc/motd, group=root, mode=0644, owner=root, size=6, src=motd, state=file}\n";
    return Stream.of(
        Arguments.of("copy converged", copy, args("src", "motd", "dest", "/etc/motd"), host, controller,
            "ok: /etc/motd is up to date\n" + data),
        Arguments.of("copy into a directory uses the source's name", copy, args("src", "motd", "dest", "/etc"), host, controller,
            "ok: /etc/motd is up to date\n" + data),
        Arguments.of("copy of a vault-encrypted file: what it holds, decrypted", copy, args("src", "sealed", "dest", "/etc/motd"), host, controller,
            "ok: /etc/motd is up to date\n" + data.replace("src=motd", "src=sealed")),
        Arguments.of("copy with decrypt false: the file as it is", copy, args("src", "sealed", "dest", "/etc/motd", "decrypt", false), host, controller,
            "changed: /etc/motd updated\n  write /etc/motd \"$ANSIBLE_VAULT;1.1;AES256\\n\"\n  diff /etc/motd \"hello\\n\" -> \"$ANSIBLE_VAULT;1.1;AES256\\n\"\n"
                + "  data {checksum=" + Text.sha1("$ANSIBLE_VAULT;1.1;AES256\n".getBytes()) + ", dest=/etc/motd, group=root, mode=0644, owner=root, size=26, "
                + "src=sealed, state=file}\n"),
        Arguments.of("copy content diff", copy, args("content", "bye\n", "dest", "/etc/motd"), host, controller,
            "changed: /etc/motd updated\n  write /etc/motd \"bye\\n\"\n  diff /etc/motd \"hello\\n\" -> \"bye\\n\"\n"
                + "  data {checksum=" + Text.sha1("bye\n".getBytes()) + ", dest=/etc/motd, group=root, mode=0644, owner=root, size=4, state=file}\n"),
        Arguments.of("copy keeps the trailing-newline difference", copy, args("content", "hello", "dest", "/etc/motd"), host, controller,
            "changed: /etc/motd updated\n  write /etc/motd \"hello\"\n  diff /etc/motd \"hello\\n\" -> \"hello\"\n"
                + "  data {checksum=" + Text.sha1("hello".getBytes()) + ", dest=/etc/motd, group=root, mode=0644, owner=root, size=5, state=file}\n"),
        Arguments.of("copy same content, new mode and owner", copy, args("src", "motd", "dest", "/etc/motd", "mode", "u=rw,g=r,o=", "owner", "www"), host, controller,
            "changed: attributes of /etc/motd changed\n  attributes /etc/motd mode=0640 owner=www\n"
                + "  diff /etc/motd (attributes) \"mode: 0644\\nowner: root\\n\" -> \"mode: 0640\\nowner: www\\n\"\n"
                + "  data {checksum=" + SHA_HELLO + ", dest=/etc/motd, group=root, mode=0640, owner=www, size=6, src=motd, state=file}\n"),
        Arguments.of("copy creates with mode", copy, args("src", "motd", "dest", "/etc/new", "mode", "0600"), host, controller,
            "changed: /etc/new created\n  write /etc/new \"hello\\n\" mode=0600\n  diff /etc/new \"\" -> \"hello\\n\"\n"
                + "  data {checksum=" + SHA_HELLO + ", dest=/etc/new, mode=0600, size=6, src=motd, state=file}\n"),
        Arguments.of("copy to dir/ that is missing makes it", copy, args("src", "motd", "dest", "/srv/www/", "directory_mode", "0750"), host, controller,
            "changed: /srv/www/motd created\n  mkdir /srv/www mode=0750\n  write /srv/www/motd \"hello\\n\"\n  diff /srv/www/motd \"\" -> \"hello\\n\"\n"
                + "  data {checksum=" + SHA_HELLO + ", dest=/srv/www/motd, size=6, src=motd, state=file}\n"),
        Arguments.of("copy force=false leaves an existing file", copy, args("content", "bye\n", "dest", "/etc/motd", "force", false), host, controller,
            "ok: /etc/motd exists and force is false, so it is left as it is\n"
                + "  data {checksum=" + Text.sha1("bye\n".getBytes()) + ", dest=/etc/motd, size=4, state=file}\n"),
        Arguments.of("copy remote_src converged", copy, args("src", "/etc/motd", "dest", "/etc/motd", "remote_src", true), host, controller,
            "ok: /etc/motd is up to date\n" + data.replace("src=motd", "src=/etc/motd")),
        Arguments.of("copy remote_src to a new file", copy, args("src", "/etc/motd", "dest", "/etc/new", "remote_src", true), host, controller,
            "changed: /etc/new created\n  write /etc/new \"hello\\n\"\n  diff /etc/new \"\" -> \"hello\\n\"\n"
                + "  data {checksum=" + SHA_HELLO + ", dest=/etc/new, size=6, src=/etc/motd, state=file}\n"),
        Arguments.of("copy remote_src of a missing file fails", copy, args("src", "/etc/nope", "dest", "/etc/new", "remote_src", true), host, controller,
            "failed: Source /etc/nope not found\n"),
        Arguments.of("copy remote_src of a directory is refused", copy, args("src", "/etc", "dest", "/srv", "remote_src", true), host, controller,
            "failed: copy with remote_src of a directory (/etc) is not supported\n"),
        Arguments.of("copy into a missing directory fails", copy, args("content", "x", "dest", "/nope/f"), host, controller,
            "failed: Destination directory /nope does not exist.\n"),
        Arguments.of("copy needs src or content", copy, args("dest", "/etc/motd"), host, controller,
            "failed: src (or content) is required\n"),
        Arguments.of("copy with a bad mode", copy, args("content", "x", "dest", "/etc/motd", "mode", "rwx"), host, controller,
            "failed: bad symbolic permission for mode: rwx\n"),
        Arguments.of("template converged", template, args("src", "motd.j2", "dest", "/etc/motd"), host, controller,
            "ok: /etc/motd is up to date\n" + data.replace("src=motd", "src=motd.j2")),
        Arguments.of("template diff", template, args("src", "motd.j2", "dest", "/etc/motd"), host, FakeController.empty().file("templates/motd.j2", "{{ greeting }}\n").var("greeting", "hi"),
            "changed: /etc/motd updated\n  write /etc/motd \"hi\\n\"\n  diff /etc/motd \"hello\\n\" -> \"hi\\n\"\n"
                + "  data {checksum=" + Text.sha1("hi\n".getBytes()) + ", dest=/etc/motd, group=root, mode=0644, owner=root, size=3, src=motd.j2, state=file}\n"),
        Arguments.of("stat of a file: the probe's fields, the kind, mode, owner and size as the run sees them", new StatModule(),
            args("path", "/etc/motd"), host.probe(StatModule.look("/etc/motd", false, "sha1sum", true, true).display(), 0,
                "stat=81a4 12 65024 1 0 0 6 8 4096 0 0 1796195342.155940800 1796195342.160670800 1796195342.160670800\naccess=rw\nsum="
                    + SHA_HELLO + "  -\nmime=text/plain; charset=us-ascii\nattr=2067974624 --------------e-------\n"), controller,
            "ok: /etc/motd is a file\n  data {stat={atime=1.7961953421559408E9, attr_flags=e, attributes=[extents], block_size=4096, blocks=8,"
                + " charset=us-ascii, checksum=" + SHA_HELLO + ", ctime=1.7961953421606708E9, dev=65024, device_type=0, executable=false,"
                + " exists=true, gid=0, gr_name=root, inode=12, isblk=false, ischr=false, isdir=false, isfifo=false, isgid=false, islnk=false,"
                + " isreg=true, issock=false, isuid=false, mimetype=text/plain, mode=0644, mtime=1.7961953421606708E9, nlink=1, path=/etc/motd,"
                + " pw_name=root, readable=true, rgrp=true, roth=true, rusr=true, size=6, uid=0, version=2067974624, wgrp=false, woth=false,"
                + " writeable=true, wusr=true, xgrp=false, xoth=false, xusr=false}}\n"),
        Arguments.of("stat of a link predicted, not on the host yet: what the run knows", new StatModule(),
            args("path", "/etc/l", "get_mime", false, "get_attributes", false),
            FakeHost.empty().link("/etc/l", "motd").probe(StatModule.look("/etc/l", false, "sha1sum", false, false).display(), 0, "missing\n"),
            controller,
            "ok: /etc/l is a link\n  data {stat={exists=true, gr_name=root, isdir=false, islnk=true, isreg=false, lnk_source=/etc/motd, lnk_target=motd,"
                + " mode=0777, path=/etc/l, pw_name=root, rgrp=true, roth=true, rusr=true, size=4, wgrp=true, woth=true, wusr=true, xgrp=true,"
                + " xoth=true, xusr=true}}\n"),
        Arguments.of("stat of a missing path", new StatModule(), args("path", "/nope"), host, controller,
            "ok: /nope does not exist\n  data {stat={exists=false}}\n"));
  }

  /** A check run in which an earlier task would install a package: the directory it brings may be missing yet. */
  static Stream<Arguments> checkAfterAnInstall() {
    var controller = FakeController.empty().file("templates/site.j2", "<VirtualHost *:80>\n");
    var installing = FakeHost.empty().dir("/etc").pending("package:apache2", "install apache2");
    var template = new TemplateModule();
    var args = args("src", "site.j2", "dest", "/etc/apache2/sites-available/site.conf");
    String planned = "  write /etc/apache2/sites-available/site.conf \"<VirtualHost *:80>\\n\"\n"
        + "  diff /etc/apache2/sites-available/site.conf \"\" -> \"<VirtualHost *:80>\\n\"\n"
        + "  data {checksum=" + Text.sha1("<VirtualHost *:80>\n".getBytes()) + ", dest=/etc/apache2/sites-available/site.conf, size=19,"
        + " src=site.j2, state=file}\n";
    return Stream.of(
        Arguments.of("into a directory the install brings: depends on it", template, args, installing, controller, true,
            "depends on install apache2: /etc/apache2/sites-available/site.conf created\n" + planned),
        Arguments.of("a real run after that install found no directory: still a failure", template, args, installing, controller, false,
            "failed: Destination directory /etc/apache2/sites-available does not exist.\n"),
        Arguments.of("a check run with no install: a failure", template, args, FakeHost.empty().dir("/etc"), controller, true,
            "failed: Destination directory /etc/apache2/sites-available does not exist.\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkAfterAnInstall")
  void checkRunAfterAnInstall(String name, Module module, Map<String, Object> args, FakeHost host, FakeController controller, boolean check,
      String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host, controller, check)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, FakeHost host, FakeController controller, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(module, args, host, controller, false)));
  }
}
