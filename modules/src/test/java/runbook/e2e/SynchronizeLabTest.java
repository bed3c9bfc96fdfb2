package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.Shell;

/**
 * synchronize on the lab: host to host through the controller (src on the delegate, dest on the
 * inventory host), controller to host and back, become on both ends, and a transfer whose
 * connection is killed.
 */
@ExtendWith(LabExtension.class)
class SynchronizeLabTest {
  /** File names rsync must carry exactly, with what their itemized lines show (escapes kept). */
  private static final List<String[]> NAMES = List.of(
      new String[] {"it's", "it's"},
      new String[] {"two words", "two words"},
      new String[] {"$(touch pwned)", "$(touch pwned)"},
      new String[] {"new\nline", "new\\#012line"},
      new String[] {"café ü", "caf\\#303\\#251 \\#303\\#274"},
      new String[] {"sub dir/\"quoted\"", "sub dir/\"quoted\""});

  @TempDir Path dir;

  private static Connection connect(Connections connections, Lab lab, String host) {
    Lab.LabHost h = lab.hosts().stream().filter(x -> x.name().equals(host)).findFirst().orElseThrow();
    return connections.forHost(h.name(), lab.connectionVars(h, "root"));
  }

  private static String exec(Lab lab, String host, String command) {
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      var r = connect(connections, lab, host).exec(command, null);
      assertEquals(0, r.rc(), command + ": " + r.err());
      return r.out();
    }
  }

  /** A tree of the nasty names, each file holding its own name, and a link. */
  private static String makeTree(String root) {
    StringBuilder script = new StringBuilder("rm -rf " + Shell.quote(root) + " && mkdir -p " + Shell.quote(root + "/sub dir"));
    for (String[] name : NAMES) {
      script.append(" && printf %s ").append(Shell.quote("content of " + name[0])).append(" > ").append(Shell.quote(root + "/" + name[0]));
    }
    return script.append(" && ln -s \"it's\" ").append(Shell.quote(root + "/link")).toString();
  }

  /**
   * Names, types, modes, owners, sizes, mtimes, link targets and digests below a directory. Only a
   * regular file's mtime is compared below the second: rsync writes a file with its time whole, but
   * takes a directory or link whose time differs from the source's only below the second as up to
   * date, so one made in the second its source last changed keeps its own fraction.
   */
  private static String listing(Lab lab, String host, String root) {
    return exec(lab, host, "cd " + Shell.quote(root) + " && { find . -type f -printf '%P|%y|%m|%u|%s|%T@|%l\\0'; find . ! -type f -printf '%P|%y|%m|%u|%s|%Ts|%l\\0'; }"
        + " | sort -z | tr '\\0\\n' '\\n?' && find . -type f -print0 | sort -z | xargs -0 sha256sum | tr '\\n' ' '");
  }

  /** The itemized lines of the diff a check run printed. */
  private static Set<String> predicted(Command check) {
    return check.out().lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")).map(l -> l.substring(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Path book(String hosts, String task) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "sync", ".yml"), "- hosts: " + hosts + "\n  gather_facts: false\n  tasks:\n" + task.indent(4));
  }

  private static Command run(Lab lab, Path book, String... flags) {
    return run(lab.inventory(), book, flags);
  }

  private static Command run(Path inventory, Path book, String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("apply"));
    args.addAll(List.of(flags));
    args.addAll(List.of(inventory.toString(), book.toString()));
    return Command.run(args.toArray(String[]::new));
  }

  @Test
  void hostToHostInFourStepsThenDeletions(Lab lab) throws IOException {
    exec(lab, "h1", makeTree("/srv/sync/src"));
    exec(lab, "h2", "rm -rf /srv/sync/dst && mkdir -p /srv/sync/dst && printf old > \"/srv/sync/dst/it's\" && touch -d 2001-01-01 \"/srv/sync/dst/it's\" && echo x > /srv/sync/dst/stale");
    Path book = book("h2", """
        - synchronize: {src: /srv/sync/src/, dest: /srv/sync/dst, delete: true}
          delegate_to: h1
        """);
    String before = listing(lab, "h2", "/srv/sync/dst");
    String source = listing(lab, "h1", "/srv/sync/src");

    Command check = run(lab, book, "--check", "--diff");
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(1, check.changed(), check.toString());
    Set<String> expected = new TreeSet<>(Set.of(">f.st...... it's", "cL+++++++++ link", "cd+++++++++ sub dir/", "*deleting stale"));
    NAMES.stream().skip(1).forEach(n -> expected.add(">f+++++++++ " + n[1]));
    assertEquals(expected, predicted(check), check.toString());
    assertEquals(before, listing(lab, "h2", "/srv/sync/dst"), "check mode touched the destination");

    Command apply = run(lab, book);
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(1, apply.changed(), apply.toString());
    assertEquals(source, listing(lab, "h2", "/srv/sync/dst"), "the destination is the source's copy");
    for (String host : List.of("h1", "h2")) {
      assertEquals("absent\n", exec(lab, host, "[ -e /srv/sync/src/pwned ] || [ -e /srv/sync/dst/pwned ] || [ -e ~/pwned ] && echo present || echo absent"));
    }

    Command again = run(lab, book);
    assertEquals(0, again.changed(), again.toString());
    assertEquals(source, listing(lab, "h2", "/srv/sync/dst"));
    Command recheck = run(lab, book, "--check");
    assertEquals(0, recheck.changed(), recheck.toString());

    exec(lab, "h1", "rm '/srv/sync/src/two words' && echo added > /srv/sync/src/added");
    Command deletes = run(lab, book, "--check", "--diff");
    assertEquals(Set.of("*deleting two words", ">f+++++++++ added"), predicted(deletes), deletes.toString());
    assertEquals(1, run(lab, book).changed());
    assertEquals(listing(lab, "h1", "/srv/sync/src"), listing(lab, "h2", "/srv/sync/dst"));
    assertEquals(0, run(lab, book).changed());
    assertNothingLeft(lab);
  }

  /**
   * A check run cannot know what a sync leaves below its dest, so what later tasks read there rests
   * on it: a change planned from the host as it is now depends on the sync, and a failure or a
   * "no change" cannot be predicted. Elsewhere, and once the sync has nothing to do, plans stand.
   */
  @Test
  void aCheckRunsLaterTasksBelowTheSyncRestOnIt(Lab lab) throws IOException {
    exec(lab, "h1", "rm -rf /srv/sync/rsrc && mkdir -p /srv/sync/rsrc/conf && echo 'from the old server' > /srv/sync/rsrc/conf/site.conf");
    exec(lab, "h2", "rm -rf /srv/sync/rests /srv/sync/aside && mkdir -p /srv/sync/rests/conf");
    Path book = book("h2", """
        - synchronize: {src: /srv/sync/rsrc/, dest: /srv/sync/rests}
          delegate_to: h1
        - name: extra conf
          copy: {dest: /srv/sync/rests/conf/extra.conf, content: "added\\n"}
        - name: the line the sync brings
          lineinfile: {path: /srv/sync/rests/conf/site.conf, line: from the old server}
        - name: elsewhere
          file: {path: /srv/sync/aside, state: directory}
        """);
    Command check = run(lab, book, "--check");
    assertEquals(0, check.exitCode(), check.toString());
    String out = check.out();
    assertTrue(out.contains("(depends on sync h1:/srv/sync/rsrc/ to h2:/srv/sync/rests"), out);
    assertTrue(out.contains("cannot be predicted: it reads what an earlier simulated change alters (sync h1:/srv/sync/rsrc/"), out);
    assertEquals(List.of("changed: [h2]"), taskLines(out, "elsewhere"), out);

    Command apply = run(lab, book);
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals(3, apply.changed(), "the line was there once synced: " + apply);
    assertEquals("from the old server\n", exec(lab, "h2", "cat /srv/sync/rests/conf/site.conf"));
    Command recheck = run(lab, book, "--check");
    assertEquals(0, recheck.changed(), recheck.toString());
    assertTrue(!recheck.out().contains("depends on") && !recheck.out().contains("cannot be predicted"), recheck.toString());
  }

  /** The status lines printed under the task of this name. */
  private static List<String> taskLines(String out, String task) {
    List<String> lines = out.lines().toList();
    int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("TASK [" + task + "]")).findFirst().orElseThrow());
    return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> !l.startsWith("TASK [") && !l.isBlank()).toList();
  }

  @Test
  void pushFromTheControllerAndPullBack(Lab lab) throws IOException {
    Path local = Files.createDirectories(dir.resolve("local tree"));
    for (String[] name : NAMES) {
      Path file = local.resolve(name[0]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "content of " + name[0]);
    }
    exec(lab, "h3", "rm -rf /srv/sync/pushed && mkdir -p /srv/sync");
    Path push = book("h3", "- synchronize: {src: \"" + local + "/\", dest: /srv/sync/pushed}\n");
    Command pushed = run(lab, push);
    assertEquals(1, pushed.changed(), pushed.toString());
    assertEquals(0, run(lab, push).changed());
    assertEquals("content of new\nline", exec(lab, "h3", "cat '/srv/sync/pushed/new\nline'"));

    Path back = dir.resolve("pulled");
    Path pull = book("h3", "- synchronize: {src: /srv/sync/pushed/, dest: \"" + back + "\", mode: pull}\n");
    Command pulled = run(lab, pull);
    assertEquals(1, pulled.changed(), pulled.toString());
    assertEquals(0, run(lab, pull).changed());
    for (String[] name : NAMES) {
      assertEquals("content of " + name[0], Files.readString(back.resolve(name[0])));
    }
  }

  /** Logged in as deploy, becoming root: only root reads the source on h1 and writes the destination on h2. */
  @Test
  void becomeAppliesOnBothEnds(Lab lab) throws IOException {
    String sudoers = "echo 'deploy ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/runbook-sync && chmod 440 /etc/sudoers.d/runbook-sync";
    exec(lab, "h1", sudoers + " && rm -rf /srv/sync/secret && mkdir -m 700 -p /srv/sync/secret && echo s > /srv/sync/secret/key && chmod 600 /srv/sync/secret/key");
    exec(lab, "h2", sudoers + " && rm -rf /srv/sync/root-only && mkdir -m 755 -p /srv/sync/root-only");
    try {
      Path book = book("h2", """
          - synchronize: {src: /srv/sync/secret/, dest: /srv/sync/root-only}
            delegate_to: h1
            become: true
          """);
      Path asDeploy = Files.writeString(dir.resolve("deploy.yml"), Files.readString(lab.inventory()).replace("ansible_user: root", "ansible_user: deploy"));
      Command denied = run(asDeploy, book("h2", "- synchronize: {src: /srv/sync/secret/, dest: /srv/sync/root-only}\n  delegate_to: h1\n"));
      assertNotEquals(0, denied.exitCode(), denied.toString());
      assertTrue(denied.out().contains("Permission denied"), denied.toString());
      Command run = run(asDeploy, book);
      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(1, run.changed(), run.toString());
      assertEquals("s\n", exec(lab, "h2", "cat /srv/sync/root-only/key"));
      assertEquals("root 600\n", exec(lab, "h2", "stat -c '%U %a' /srv/sync/root-only/key"));
    } finally {
      exec(lab, "h1", "rm -f /etc/sudoers.d/runbook-sync");
      exec(lab, "h2", "rm -f /etc/sudoers.d/runbook-sync");
    }
  }

  /**
   * The sessions of the destination (the client's host) or of the source (the server's) killed
   * mid-transfer: the task fails, and no file under its final name is half written (rsync writes
   * each into a temp file and renames it when whole; without --partial it removes the temp file
   * when the stream breaks). The next run completes the copy.
   */
  @ParameterizedTest
  @ValueSource(strings = {"h3", "h1"})
  void aKilledTransferFailsAndLeavesNoHalfWrittenFile(String killed, Lab lab) throws Exception {
    exec(lab, "h1", "[ -d /srv/sync/big ] || { mkdir -p /srv/sync/big && for i in 1 2 3 4 5 6 7 8; do head -c 40000000 /dev/urandom > /srv/sync/big/f$i; done; }");
    exec(lab, "h3", "rm -rf /srv/sync/big-copy && mkdir -p /srv/sync");
    Path book = book("h3", """
        - synchronize: {src: /srv/sync/big/, dest: /srv/sync/big-copy, compress: false}
          delegate_to: h1
        """);
    CompletableFuture<Command> running = CompletableFuture.supplyAsync(() -> run(lab, book));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!exec(lab, "h3", "ls -A /srv/sync/big-copy 2>/dev/null | grep -c '^\\.f' || true").trim().matches("[1-9]\\d*")) {
      assertTrue(System.nanoTime() < deadline && !running.isDone(), () -> "the transfer never started writing: " + running.getNow(null));
      Thread.sleep(20);
    }
    lab.killSessions(killed);
    Command result = running.get(120, TimeUnit.SECONDS);
    assertNotEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().contains("fatal: [h3]"), result.toString());
    String sums = exec(lab, "h1", "cd /srv/sync/big && sha256sum f*");
    for (String line : exec(lab, "h3", "cd /srv/sync/big-copy 2>/dev/null && ls -A").lines().toList()) {
      assertTrue(line.matches("f\\d"), "only whole files under their final names, no temp file left: " + line);
      String sum = exec(lab, "h3", "sha256sum /srv/sync/big-copy/" + line).split(" ")[0];
      assertTrue(sums.contains(sum + "  " + line), line + " is whole");
    }
    Command resumed = run(lab, book);
    assertEquals(0, resumed.exitCode(), resumed.toString());
    assertEquals(sums, exec(lab, "h3", "cd /srv/sync/big-copy && sha256sum f*"));
  }

  /** No rsync, relay or temp file stays on either host. */
  private static void assertNothingLeft(Lab lab) {
    for (String host : List.of("h1", "h2")) {
      assertEquals("", exec(lab, host, "ps -eo comm= | grep -E '^(rsync|cat)$' || true"), host + " runs nothing of the sync");
      assertEquals("", exec(lab, host, "find /srv/sync -name '.*.??????' || true"), host + " keeps no temp file");
    }
  }
}
