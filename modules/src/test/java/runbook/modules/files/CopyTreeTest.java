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

/**
 * copy with a directory as src, as Ansible's copy does it: "conf/" copies what is in conf, "conf"
 * copies conf itself; directories first (new ones get directory_mode), then every file, each with
 * its own diff; a tree that already matches is ok.
 */
class CopyTreeTest {
  private static final FakeController CONTROLLER = FakeController.empty()
      .file("files/conf/a.conf", "a\n").file("files/conf/sub/b.conf", "b\n").dir("files/conf/empty")
      .file("files/flat/x.conf", "x\n")
      .file("files/linked/real.conf", "r\n").link("files/linked/alias.conf", "real.conf").link("files/linked/gone", "nowhere")
      .vaulted("files/keys/id", "$ANSIBLE_VAULT;1.1;AES256\n6162\n", "secret\n");

  static Stream<Arguments> cases() {
    FakeHost bare = FakeHost.empty().dir("/srv");
    FakeHost copied = FakeHost.empty().dir("/srv").dir("/srv/app").file("/srv/app/a.conf", "a\n")
        .dir("/srv/app/empty").dir("/srv/app/sub").file("/srv/app/sub/b.conf", "b\n");
    FakeHost oneOld = FakeHost.empty().dir("/srv").dir("/srv/app").file("/srv/app/a.conf", "old\n")
        .dir("/srv/app/empty").dir("/srv/app/sub").file("/srv/app/sub/b.conf", "b\n");
    FakeHost linked = FakeHost.empty().dir("/srv").file("/srv/real.conf", "x\n").dir("/srv/app").link("/srv/app/x.conf", "../real.conf")
        .link("/srv/app/a.conf", "../real.conf").dir("/srv/app/empty").dir("/srv/app/sub").file("/srv/app/sub/b.conf", "b\n");
    return Stream.of(
        Arguments.of("no slash copies the directory itself", args("src", "conf", "dest", "/srv"), bare,
            "changed: copied conf to /srv/conf: 5 of 5 paths changed\n"
                + "  mkdir /srv/conf\n  mkdir /srv/conf/empty\n  mkdir /srv/conf/sub\n"
                + "  write /srv/conf/a.conf \"a\\n\"\n  write /srv/conf/sub/b.conf \"b\\n\"\n"
                + "  diff /srv/conf/a.conf \"\" -> \"a\\n\"\n  diff /srv/conf/sub/b.conf \"\" -> \"b\\n\"\n"
                + "  data {dest=/srv/, src=conf}\n"),
        Arguments.of("a slash copies what is in it, making dest with directory_mode", args("src", "conf/", "dest", "/srv/app", "directory_mode", "0750"), bare,
            "changed: copied conf/ to /srv/app: 5 of 5 paths changed\n"
                + "  mkdir /srv/app mode=0750\n  mkdir /srv/app/empty mode=0750\n  mkdir /srv/app/sub mode=0750\n"
                + "  write /srv/app/a.conf \"a\\n\"\n  write /srv/app/sub/b.conf \"b\\n\"\n"
                + "  diff /srv/app/a.conf \"\" -> \"a\\n\"\n  diff /srv/app/sub/b.conf \"\" -> \"b\\n\"\n"
                + "  data {dest=/srv/app/, src=conf/}\n"),
        Arguments.of("converged", args("src", "conf/", "dest", "/srv/app/"), copied,
            "ok: every path copied from conf/ to /srv/app is up to date\n  data {dest=/srv/app/, src=conf/}\n"),
        Arguments.of("one file differs, and a mode for every file", args("src", "conf/", "dest", "/srv/app", "mode", "0640"), oneOld,
            "changed: copied conf/ to /srv/app: 2 of 5 paths changed\n"
                + "  write /srv/app/a.conf \"a\\n\" mode=0640\n  attributes /srv/app/sub/b.conf mode=0640\n"
                + "  diff /srv/app/a.conf \"old\\n\" -> \"a\\n\"\n  diff /srv/app/a.conf (attributes) \"mode: 0644\\n\" -> \"mode: 0640\\n\"\n"
                + "  diff /srv/app/sub/b.conf (attributes) \"mode: 0644\\n\" -> \"mode: 0640\\n\"\n"
                + "  data {dest=/srv/app/, src=conf/}\n"),
        Arguments.of("force=false leaves existing files", args("src", "conf/", "dest", "/srv/app", "force", false),
            FakeHost.empty().dir("/srv").dir("/srv/app").file("/srv/app/a.conf", "old\n"),
            "changed: copied conf/ to /srv/app: 3 of 5 paths changed\n"
                + "  mkdir /srv/app/empty\n  mkdir /srv/app/sub\n  write /srv/app/sub/b.conf \"b\\n\"\n"
                + "  diff /srv/app/sub/b.conf \"\" -> \"b\\n\"\n  data {dest=/srv/app/, src=conf/}\n"),
        Arguments.of("follow is honoured in a tree without subdirectories", args("src", "flat/", "dest", "/srv/app", "follow", true), linked,
            "ok: every path copied from flat/ to /srv/app is up to date\n  data {dest=/srv/app/, src=flat/}\n"),
        Arguments.of("but not in one with subdirectories, as in Ansible: the link is replaced", args("src", "conf/", "dest", "/srv/app", "follow", true), linked,
            "changed: copied conf/ to /srv/app: 1 of 5 paths changed\n"
                + "  write /srv/app/a.conf \"a\\n\"\n"
                + "  diff /srv/app/a.conf (state) \"state: link\\nsrc: ../real.conf\\n\" -> \"state: file\\n\"\n"
                + "  diff /srv/app/a.conf \"\" -> \"a\\n\"\n  data {dest=/srv/app/, src=conf/}\n"),
        Arguments.of("local_follow (the default) copies what a link leads to; one that leads nowhere stays a link", args("src", "linked/", "dest", "/srv/app"), bare,
            "changed: copied linked/ to /srv/app: 4 of 4 paths changed\n"
                + "  mkdir /srv/app\n"
                + "  write /srv/app/alias.conf \"r\\n\"\n"
                + "  write /srv/app/real.conf \"r\\n\"\n"
                + "  symlink /srv/app/gone -> nowhere force\n"
                + "  diff /srv/app/alias.conf \"\" -> \"r\\n\"\n"
                + "  diff /srv/app/real.conf \"\" -> \"r\\n\"\n"
                + "  diff /srv/app/gone (state) \"state: absent\\n\" -> \"state: link\\nsrc: nowhere\\n\"\n"
                + "  data {dest=/srv/app/, src=linked/}\n"),
        Arguments.of("local_follow false keeps the links", args("src", "linked/", "dest", "/srv/app", "local_follow", false, "owner", "www"), bare,
            "changed: copied linked/ to /srv/app: 4 of 4 paths changed\n"
                + "  mkdir /srv/app owner=www\n"
                + "  write /srv/app/real.conf \"r\\n\" owner=www\n"
                + "  symlink /srv/app/alias.conf -> real.conf force\n"
                + "  attributes /srv/app/alias.conf owner=www\n"
                + "  symlink /srv/app/gone -> nowhere force\n"
                + "  attributes /srv/app/gone owner=www\n"
                + "  diff /srv/app/real.conf \"\" -> \"r\\n\"\n"
                + "  diff /srv/app/alias.conf (state) \"state: absent\\n\" -> \"state: link\\nsrc: real.conf\\n\"\n"
                + "  diff /srv/app/gone (state) \"state: absent\\n\" -> \"state: link\\nsrc: nowhere\\n\"\n"
                + "  data {dest=/srv/app/, src=linked/}\n"),
        Arguments.of("links kept already there; one leads elsewhere", args("src", "linked/", "dest", "/srv/app", "local_follow", false),
            FakeHost.empty().dir("/srv").dir("/srv/app").link("/srv/app/alias.conf", "real.conf").link("/srv/app/gone", "elsewhere")
                .file("/srv/app/real.conf", "r\n"),
            "changed: copied linked/ to /srv/app: 1 of 4 paths changed\n"
                + "  symlink /srv/app/gone -> nowhere force\n"
                + "  diff /srv/app/gone (state) \"state: link\\nsrc: elsewhere\\n\" -> \"state: link\\nsrc: nowhere\\n\"\n"
                + "  data {dest=/srv/app/, src=linked/}\n"),
        Arguments.of("a link kept where a directory is fails", args("src", "linked/", "dest", "/srv/app", "local_follow", false),
            FakeHost.empty().dir("/srv").dir("/srv/app").dir("/srv/app/alias.conf"),
            "failed: Destination /srv/app/alias.conf is a directory.\n"),
        Arguments.of("a vault-encrypted file is copied decrypted", args("src", "keys/", "dest", "/srv/app"), copied,
            "changed: copied keys/ to /srv/app: 1 of 2 paths changed\n"
                + "  write /srv/app/id \"secret\\n\"\n"
                + "  diff /srv/app/id \"\" -> \"secret\\n\"\n"
                + "  data {dest=/srv/app/, src=keys/}\n"),
        Arguments.of("or as it is, with decrypt false", args("src", "keys/", "dest", "/srv/app", "decrypt", false), copied,
            "changed: copied keys/ to /srv/app: 1 of 2 paths changed\n"
                + "  write /srv/app/id \"$ANSIBLE_VAULT;1.1;AES256\\n6162\\n\"\n"
                + "  diff /srv/app/id \"\" -> \"$ANSIBLE_VAULT;1.1;AES256\\n6162\\n\"\n"
                + "  data {dest=/srv/app/, src=keys/}\n"),
        Arguments.of("a file where a directory goes fails", args("src", "conf/", "dest", "/srv/app"), FakeHost.empty().dir("/srv").file("/srv/app", "x"),
            "failed: Destination /srv/app is not a directory.\n"),
        Arguments.of("content cannot go with a directory source", args("src", "conf", "content", "x", "dest", "/srv"), bare,
            "failed: parameters are mutually exclusive: content|src\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void copiesTrees(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new CopyModule(), args, host, CONTROLLER, false)));
  }
}
