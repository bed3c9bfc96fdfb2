package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.spi.RawText;

/**
 * Every module end to end on the local connection, in four steps: check (predicts the changes,
 * host untouched), apply (makes exactly those changes), apply again (ok), check again (ok).
 */
class LocalFourStepTest {
  @TempDir Path dir;

  /**
   * A case: files present before the run (below the host's root), the tasks, the changes expected,
   * and files whose content the apply must leave exactly so. Contents are {@link RawText}, so a
   * U+DCE9 in them is the byte 0xE9, which is not UTF-8; "-> TARGET" is a symbolic link.
   */
  record Case(String name, Map<String, String> before, String tasks, int changes, Map<String, String> after) {
    Case(String name, Map<String, String> before, String tasks, int changes) {
      this(name, before, tasks, changes, Map.of());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static Stream<Case> cases() {
    return Stream.of(
        new Case("copy content", Map.of(), """
            - copy: {content: "hello\\n", dest: "{{ root }}/motd", mode: "0640"}
            """, 1),
        new Case("copy src from files/", Map.of(), """
            - copy: {src: static.txt, dest: "{{ root }}/", mode: "0644"}
            """, 1),
        new Case("copy a directory: its contents with a slash, itself without", Map.of("site/a.conf", "old\n"), """
            - copy: {src: conf.d/, dest: "{{ root }}/site", directory_mode: "0750"}
            - copy: {src: conf.d, dest: "{{ root }}/etc/", mode: "0600"}
            """, 2, Map.of("site/a.conf", "a\n", "site/sub/b.conf", "b\n", "etc/conf.d/a.conf", "a\n", "etc/conf.d/sub/b.conf", "b\n")),
        new Case("copy a tree of " + Fixtures.MANY + " files, whose writes take several round trips of bounded length", Map.of(), """
            - copy: {src: many/, dest: "{{ root }}/many", mode: "0644"}
            """, 1, Map.of("many/file 0.txt", "it's file 0\n", "many/file " + (Fixtures.MANY - 1) + ".txt", "it's file " + (Fixtures.MANY - 1) + "\n")),
        new Case("copy a tree with a link: a link with local_follow false, its target's content without",
            Map.of(), """
            - copy: {src: linked/, dest: "{{ root }}/kept", local_follow: false}
            - copy: {src: linked/, dest: "{{ root }}/followed"}
            """, 2, Map.of("kept/alias.conf", "-> real.conf", "kept/real.conf", "real\n", "followed/alias.conf", "real\n")),
        new Case("copy remote_src: a file already on the host, to a new name and into a directory, bytes kept",
            Map.of("etc/app.conf", "caf\uDCE9\n", "out/keep", "k\n"), """
            - copy: {src: "{{ root }}/etc/app.conf", dest: "{{ root }}/etc/app.conf.bak", remote_src: true, mode: "0600"}
            - copy: {src: "{{ root }}/etc/app.conf", dest: "{{ root }}/out/", remote_src: true}
            """, 2, Map.of("etc/app.conf.bak", "caf\uDCE9\n", "out/app.conf", "caf\uDCE9\n", "out/keep", "k\n")),
        new Case("file times: touch with a given modification time, the access time kept; an existing file's in another format",
            Map.of("old", "x\n"), """
            - file: {path: "{{ root }}/stamp", state: touch, modification_time: "202001011200.00", access_time: preserve}
            - file: {path: "{{ root }}/old", modification_time: "2020-01-01 12:00", modification_time_format: "%Y-%m-%d %H:%M"}
            """, 2),
        new Case("copy over an existing file, keeping its mode", Map.of("conf", "old\n"), """
            - copy: {content: "new\\n", dest: "{{ root }}/conf", backup: true}
            """, 1),
        new Case("template", Map.of(), """
            - template: {src: site.conf.j2, dest: "{{ root }}/site.conf"}
            """, 1),
        new Case("file directory with setgid", Map.of(), """
            - file: {path: "{{ root }}/shared/mail", state: directory, mode: "2775"}
            """, 1),
        new Case("file recurse", Map.of("tree/a", "a\n", "tree/sub/b", "b\n"), """
            - file: {path: "{{ root }}/tree", state: directory, mode: "u=rwX,g=rX,o=", recurse: true}
            """, 1),
        new Case("file recurse over a tree with a symlink", Map.of("linked/a", "a\n"), """
            - file: {src: a, dest: "{{ root }}/linked/to-a", state: link}
            - file: {path: "{{ root }}/linked", state: directory, mode: "0750", recurse: true}
            """, 2),
        new Case("file link and hard link", Map.of("target", "t\n"), """
            - file: {src: "{{ root }}/target", dest: "{{ root }}/soft", state: link}
            - file: {src: "{{ root }}/target", dest: "{{ root }}/hard", state: hard}
            """, 2),
        new Case("file absent", Map.of("gone/x", "x\n"), """
            - file: {path: "{{ root }}/gone", state: absent}
            """, 1),
        new Case("file mode of an existing file", Map.of("script", "#!/bin/sh\n"), """
            - file: {path: "{{ root }}/script", mode: "u+x"}
            """, 1),
        new Case("lineinfile", Map.of("httpd.conf", "Listen 80\n# MaxClients 150\nKeepAlive On\n"), """
            - lineinfile: {path: "{{ root }}/httpd.conf", regexp: '^#?\\s*MaxClients', line: MaxClients 32}
            - lineinfile: {path: "{{ root }}/httpd.conf", line: "ServerName new.example.org", insertafter: '^Listen'}
            - lineinfile: {path: "{{ root }}/httpd.conf", line: "KeepAlive On", state: absent}
            - lineinfile: {path: "{{ root }}/new.conf", line: "created", create: true}
            """, 4),
        new Case("blockinfile", Map.of("vhost.conf", "<VirtualHost *:80>\n</VirtualHost>\n"), """
            - blockinfile:
                path: "{{ root }}/vhost.conf"
                insertafter: '^<VirtualHost'
                block: |
                  RewriteEngine On
                  RewriteRule ^(.*)$ http://new.example.org$1
            """, 1),
        new Case("replace", Map.of("default", "DAEMON_OPTS=\"-a :6081 -b localhost:8080\"\n"), """
            - replace: {path: "{{ root }}/default", regexp: '-b localhost:8080', replace: '-b 10.0.0.2:80'}
            """, 1),
        new Case("text edits keep the bytes that are not UTF-8", Map.of("legacy.conf", "name=caf\uDCE9\nother=1\n"), """
            - lineinfile: {path: "{{ root }}/legacy.conf", regexp: '^other=', line: other=2}
            - blockinfile: {path: "{{ root }}/legacy.conf", block: "x=1"}
            - replace: {path: "{{ root }}/legacy.conf", regexp: '^name=', replace: 'title='}
            """, 3, Map.of("legacy.conf", "title=caf\uDCE9\nother=2\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\n# END ANSIBLE MANAGED BLOCK\n")),
        new Case("template from a Latin-1 source", Map.of(), """
            - template: {src: latin1.conf.j2, dest: "{{ root }}/latin1.conf"}
            """, 1, Map.of("latin1.conf", "# caf\uDCE9\nserver 42\n")),
        new Case("text edits through links edit the targets and keep the links",
            Map.of("available/app.conf", "Listen 80\n", "enabled/app.conf", "-> ../available/app.conf",
                "run/resolv.conf", "nameserver 10.0.0.1\n", "resolv.conf", "-> run/resolv.conf"), """
            - lineinfile: {path: "{{ root }}/enabled/app.conf", line: KeepAlive On}
            - replace: {path: "{{ root }}/enabled/app.conf", regexp: '^Listen 80$', replace: 'Listen 8080'}
            - blockinfile: {path: "{{ root }}/resolv.conf", block: "search lab"}
            """, 3, Map.of("enabled/app.conf", "-> ../available/app.conf", "available/app.conf", "Listen 8080\nKeepAlive On\n",
                "resolv.conf", "-> run/resolv.conf",
                "run/resolv.conf", "nameserver 10.0.0.1\n# BEGIN ANSIBLE MANAGED BLOCK\nsearch lab\n# END ANSIBLE MANAGED BLOCK\n")),
        new Case("copy and template follow a link when asked, and replace it when not",
            Map.of("real.conf", "old\n", "follow.conf", "-> real.conf", "tpl-real.conf", "old\n", "tpl.conf", "-> tpl-real.conf",
                "kept.conf", "kept\n", "replaced.conf", "-> kept.conf"), """
            - copy: {content: "new\\n", dest: "{{ root }}/follow.conf", follow: true}
            - template: {src: site.conf.j2, dest: "{{ root }}/tpl.conf", follow: true}
            - copy: {content: "kept\\n", dest: "{{ root }}/replaced.conf"}
            """, 3, Map.of("follow.conf", "-> real.conf", "real.conf", "new\n", "tpl.conf", "-> tpl-real.conf",
                "kept.conf", "kept\n", "replaced.conf", "kept\n")),
        new Case("file mode on a link, or on a new link, goes to its target",
            Map.of("script", "#!/bin/sh\n", "run", "-> script", "other", "#!/bin/sh\n"), """
            - file: {path: "{{ root }}/run", mode: "0700"}
            - file: {src: other, dest: "{{ root }}/again", state: link, mode: "0750"}
            """, 2, Map.of("run", "-> script", "again", "-> other")),
        new Case("command and shell with creates", Map.of(), """
            - command: touch {{ root }}/made-by-command
              args: {creates: "{{ root }}/made-by-command"}
            - shell: echo "it's $((6 * 7))" > '{{ root }}/made by shell'
              args: {creates: "{{ root }}/made by shell", chdir: "{{ root }}"}
            """, 2),
        new Case("command with removes", Map.of("stale.pid", "1\n"), """
            - command: rm {{ root }}/stale.pid
              args: {removes: "{{ root }}/stale.pid"}
            """, 1),
        new Case("assemble in name order, with a delimiter", Map.of("frags/10-b", "b", "frags/00-a", "a\n", "frags/.hidden", "h\n"), """
            - assemble: {src: "{{ root }}/frags", dest: "{{ root }}/joined", delimiter: "# --", ignore_hidden: true, mode: "0640"}
            """, 1, Map.of("joined", "a\n# --\nb")),
        new Case("known_hosts: a changed key replaced, a host added hashed, one removed; other lines kept",
            Map.of("ssh/known_hosts", "# ours\nweb1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJAk/521yEe+1WhhoHRm\nold ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB\n"), """
            - known_hosts: {path: "{{ root }}/ssh/known_hosts", name: web1, key: "web1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILttGVN1cO7QYUY0nmo01"}
            - known_hosts: {path: "{{ root }}/ssh/known_hosts", name: "[db1]:2222", key: "[db1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ", hash_host: true}
            - known_hosts: {path: "{{ root }}/ssh/known_hosts", name: old, state: absent}
            """, 3),
        new Case("ping, slurp and find change nothing", Map.of("etc/a.conf", "a=1\n", "etc/b.txt", "b\n"), """
            - ping:
              register: p
            - slurp: {src: "{{ root }}/etc/a.conf"}
              register: s
            - find: {paths: "{{ root }}/etc", patterns: "*.conf"}
              register: f
            - assert:
                that: ["p.ping == 'pong'", "(s.content | b64decode) == 'a=1\\n'", "f.matched == 1", "f.examined == 2"]
            """, 0),
        new Case("stat, debug, assert and set_fact change nothing", Map.of("exists", "x\n"), """
            - stat: {path: "{{ root }}/exists"}
              register: st
            - set_fact: {size: "{{ st.stat.size }}"}
            - debug: {msg: "size is {{ size }}"}
            - assert:
                that: [st.stat.exists, "size | int == 2"]
            """, 0));
  }

  /** Cases whose writes land on the controller (fetch): local only, where the controller is the host. */
  static Stream<Case> controllerCases() {
    return Stream.of(
        new Case("fetch into dest/HOST/SRC, and flat, bytes kept", Map.of("etc/app.conf", "caf\uDCE9\n"), """
            - fetch: {src: "{{ root }}/etc/app.conf", dest: "{{ root }}/backup"}
            - fetch: {src: "{{ root }}/etc/app.conf", dest: "{{ root }}/saved/", flat: true}
              register: f
            - assert: {that: ["'/saved/app.conf' in f.dest", "f.checksum == f.remote_checksum"]}
            - fetch: {src: "{{ root }}/etc/missing.conf", dest: "{{ root }}/saved/", flat: true, fail_on_missing: false}
            """, 2, Map.of("saved/app.conf", "caf\uDCE9\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"cases", "controllerCases"})
  void checkApplyApplyCheck(Case c) throws IOException {
    Path root = Files.createDirectories(dir.resolve("host"));
    for (var file : c.before().entrySet()) {
      Path p = root.resolve(file.getKey());
      Files.createDirectories(p.getParent());
      if (file.getValue().startsWith("-> ")) {
        Files.createSymbolicLink(p, Path.of(file.getValue().substring(3)));
      } else {
        Files.write(p, RawText.encode(file.getValue()));
      }
    }
    Path inventory = Fixtures.localInventory(dir, root);
    Path book = Fixtures.runbook(dir, c.tasks());
    fourSteps(c, 1, () -> Snapshot.of(root), file -> List.of(describe(root.resolve(file))), inventory.toString(), book.toString());
  }

  /**
   * unarchive of every kind it tells apart (a tar plain, gzip, bzip2 or xz, and a zip), from the
   * host or sent from the controller, with exclude and mode; and creates that skips.
   */
  @org.junit.jupiter.api.Test
  void unarchiveFourSteps() throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path tree = Files.createDirectories(dir.resolve("tree/app/sub"));
    Files.writeString(tree.resolve("../a.txt"), "a\n");
    Files.writeString(tree.resolve("b.txt"), "b\n");
    Path book = Fixtures.runbook(dir, """
        - unarchive: {src: "{{ root }}/app.tar", dest: "{{ root }}/tar", remote_src: true}
        - unarchive: {src: "{{ root }}/app.tar.bz2", dest: "{{ root }}/bz2", remote_src: true, exclude: [app/sub]}
        - unarchive: {src: "{{ root }}/app.tar.xz", dest: "{{ root }}/xz", remote_src: true, mode: "0750"}
        - unarchive: {src: app.tar.gz, dest: "{{ root }}/gz", list_files: true}
          register: gz
        - assert: {that: ["gz.handler == 'TgzArchive'", "'app/sub/b.txt' in gz.files"]}
        - unarchive: {src: app.zip, dest: "{{ root }}/zip"}
        - unarchive: {src: app.zip, dest: "{{ root }}/none", creates: "{{ root }}/app.tar"}
        """);
    Path files = book.getParent().resolve("files");
    for (String[] make : new String[][] {
        {"tar", "-cf", root.resolve("app.tar").toString(), "-C", dir.resolve("tree").toString(), "app"},
        {"tar", "-cjf", root.resolve("app.tar.bz2").toString(), "-C", dir.resolve("tree").toString(), "app"},
        {"tar", "-cJf", root.resolve("app.tar.xz").toString(), "-C", dir.resolve("tree").toString(), "app"},
        {"tar", "-czf", files.resolve("app.tar.gz").toString(), "-C", dir.resolve("tree").toString(), "app"},
        {"sh", "-c", "cd \"$0\" && zip -qr \"$1\" app", dir.resolve("tree").toString(), files.resolve("app.zip").toString()}}) {
      assertEquals(0, new ProcessBuilder(make).inheritIO().start().waitFor(), String.join(" ", make));
    }
    for (String d : new String[] {"tar", "bz2", "xz", "gz", "zip"}) {
      Files.createDirectories(root.resolve(d));
    }
    Path inventory = Fixtures.localInventory(dir, root);
    var c = new Case("unarchive", Map.of(), "", 5, Map.of("tar/app/a.txt", "a\n", "zip/app/sub/b.txt", "b\n", "gz/app/sub/b.txt", "b\n"));
    fourSteps(c, 1, () -> Snapshot.of(root), file -> List.of(describe(root.resolve(file))), inventory.toString(), book.toString());
    assertTrue(Files.notExists(root.resolve("bz2/app/sub")), "exclude kept app/sub out");
    assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("xz/app/a.txt"))));
  }

  /**
   * git: clones of a local repository at its HEAD and at a tag; then the branch moves on, and only
   * the clone that follows it is moved, the one at the tag is left.
   */
  @org.junit.jupiter.api.Test
  void gitFourSteps() throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path work = dir.resolve("src");
    git(dir, "init", "-q", "-b", "main", work.toString());
    Files.writeString(work.resolve("f"), "one\n");
    git(work, "add", "f");
    git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
    git(work, "tag", "v1");
    git(dir, "clone", "-q", "--bare", work.toString(), dir.resolve("repo.git").toString());
    Path book = Fixtures.runbook(dir, """
        - git: {repo: "file://%1$s", dest: "{{ root }}/head"}
        - git: {repo: "file://%1$s", dest: "{{ root }}/tag", version: v1}
        """.formatted(dir.resolve("repo.git")));
    Path inventory = Fixtures.localInventory(dir, root);
    fourSteps(new Case("git clones", Map.of(), "", 2, Map.of("head/f", "one\n", "tag/f", "one\n")), 1, () -> Snapshot.of(root),
        file -> List.of(describe(root.resolve(file))), inventory.toString(), book.toString());
    Files.writeString(work.resolve("f"), "two\n");
    git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "two");
    git(work, "push", "-q", dir.resolve("repo.git").toString(), "main");
    fourSteps(new Case("the branch moved on", Map.of(), "", 1, Map.of("head/f", "two\n", "tag/f", "one\n")), 1, () -> Snapshot.of(root),
        file -> List.of(describe(root.resolve(file))), inventory.toString(), book.toString());
  }

  private static void git(Path in, String... args) throws IOException, InterruptedException {
    List<String> argv = Stream.concat(Stream.of("git", "-C", in.toString()), Stream.of(args)).toList();
    assertEquals(0, new ProcessBuilder(argv).inheritIO().start().waitFor(), String.join(" ", argv));
  }

  /**
   * file's attributes, added to a new directory and removed from a file that has them, as chattr
   * sets them and lsattr reads them. Only where the filesystem keeps them (tmpfs does not): always
   * under CI, whose machine is a Debian one on ext4.
   */
  @org.junit.jupiter.api.Test
  void fileAttributesFourSteps() throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("host"));
    Path flagged = Files.writeString(root.resolve("flagged"), "x\n");
    boolean kept = new ProcessBuilder("chattr", "+A", flagged.toString()).start().waitFor() == 0;
    org.junit.jupiter.api.Assumptions.assumeTrue(kept || "true".equals(System.getenv("CI")),
        "the filesystem of " + root + " keeps no file attributes");
    Path book = Fixtures.runbook(dir, """
        - file: {path: "{{ root }}/new", state: directory, attributes: "+d"}
        - file: {path: "{{ root }}/flagged", attr: "-A"}
        """);
    Path inventory = Fixtures.localInventory(dir, root);
    fourSteps(new Case("file attributes", Map.of(), "", 2), 1, () -> List.of(Snapshot.of(root), lsattr("-R", root.toString())),
        inventory.toString(), book.toString());
    assertEquals("d", flags(root.resolve("new")));
    assertEquals("", flags(flagged));
  }

  /** The flags lsattr shows for a path, without ext4's e (extents). */
  private static String flags(Path path) throws IOException {
    return lsattr("-d", path.toString()).strip().split("\\s+")[0].replace("-", "").replace("e", "");
  }

  private static String lsattr(String... args) throws IOException {
    Process p = new ProcessBuilder(Stream.concat(Stream.of("lsattr"), Stream.of(args)).toList()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      assertEquals(0, p.waitFor(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  private static String describe(Path file) throws IOException {
    return Files.isSymbolicLink(file) ? "-> " + Files.readSymbolicLink(file) : RawText.decode(Files.readAllBytes(file));
  }

  /** What a test can observe of every host it runs on; equal values mean nothing was touched. */
  interface Look {
    Object now() throws IOException;
  }

  /** A file below the root as a case writes it (its content, or "-> TARGET"), on every host. */
  interface Content {
    List<String> of(String file) throws IOException;
  }

  /**
   * check (predicts the case's changes on each host, touches nothing), apply (makes them), apply
   * again (no change, nothing touched), check again (predicts nothing).
   */
  /** For cases that state no file's content after the apply (a package, a service). */
  static void fourSteps(Case c, int hosts, Look look, String... target) throws IOException {
    fourSteps(c, hosts, look, file -> {
      throw new AssertionError("this case states no file's content: " + file);
    }, target);
  }

  static void fourSteps(Case c, int hosts, Look look, Content content, String... target) throws IOException {
    Object untouched = look.now();
    Command check = Command.run(args(target, "--check", "--diff"));
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(c.changes() * hosts, check.changed(), "check predicts\n" + check);
    assertEquals(untouched, look.now(), "check mode touched the host\n" + check);

    Command apply = Command.run(args(target));
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(c.changes() * hosts, apply.changed(), "apply changes what check predicted\n" + apply);
    Object applied = look.now();
    if (c.changes() > 0) {
      assertNotEquals(untouched, applied, "apply changed nothing on the host");
    }
    for (var file : c.after().entrySet()) {
      for (String found : content.of(file.getKey())) {
        assertEquals(RawText.visible(file.getValue()), RawText.visible(found), file.getKey() + " after the apply");
      }
    }

    Command again = Command.run(args(target));
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(0, again.changed(), "second apply is a no-op\n" + again);
    assertEquals(applied, look.now(), "second apply touched the host");

    Command recheck = Command.run(args(target, "--check"));
    assertEquals(0, recheck.exitCode(), recheck.toString());
    assertEquals(0, recheck.changed(), "check after apply predicts nothing\n" + recheck);
  }

  private static String[] args(String[] target, String... flags) {
    return Stream.concat(Stream.concat(Stream.of("apply"), Stream.of(flags)), Stream.of(target)).toArray(String[]::new);
  }
}
