package runbook.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;
import runbook.spi.RawText;
import runbook.spi.Shell;

/** Every module in four steps over SSH, on all the lab's hosts at once. */
@ExtendWith(LabExtension.class)
class SshFourStepTest {
  private static final AtomicInteger CASE = new AtomicInteger();
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("runbook.e2e.LocalFourStepTest#cases")
  void checkApplyApplyCheckOnEveryHost(LocalFourStepTest.Case c, Lab lab) throws IOException {
    String root = "/srv/four-steps/" + CASE.incrementAndGet();
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      List<Connection> hosts = new ArrayList<>();
      for (Lab.LabHost h : lab.hosts()) {
        hosts.add(connections.forHost(h.name(), lab.connectionVars(h, "root")));
      }
      for (Connection host : hosts) {
        prepare(host, root, c);
      }
      Path book = Fixtures.runbook(dir, c.tasks());
      LocalFourStepTest.fourSteps(
          c, hosts.size(), () -> snapshot(hosts, root), file -> contents(hosts, root + "/" + file),
          lab.inventory().toString(), book.toString(), "-e", "root=" + root);
    }
  }

  /**
   * file's attributes over SSH, as chattr sets them and lsattr reads them on each host; only where
   * the hosts' filesystem keeps them (always under CI, whose lab is the same overlay on ext4).
   */
  @org.junit.jupiter.api.Test
  void fileAttributesOnEveryHost(Lab lab) throws IOException {
    String root = "/srv/four-steps/attributes";
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      List<Connection> hosts = new ArrayList<>();
      for (Lab.LabHost h : lab.hosts()) {
        hosts.add(connections.forHost(h.name(), lab.connectionVars(h, "root")));
      }
      boolean kept = true;
      for (Connection host : hosts) {
        prepare(host, root, new LocalFourStepTest.Case("", java.util.Map.of("flagged", "x\n"), "", 0));
        kept &= host.exec("chattr +A " + Shell.quote(root + "/flagged"), null).rc() == 0;
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(kept || "true".equals(System.getenv("CI")), "the lab hosts' filesystem keeps no file attributes");
      Path book = Fixtures.runbook(dir, """
          - file: {path: "{{ root }}/new", state: directory, attributes: "+d"}
          - file: {path: "{{ root }}/flagged", attr: "-A"}
          """);
      String flags = "lsattr -d " + Shell.quote(root + "/new") + " " + Shell.quote(root + "/flagged") + " 2>&1; true";
      LocalFourStepTest.fourSteps(new LocalFourStepTest.Case("file attributes", java.util.Map.of(), "", 2), hosts.size(),
          () -> List.of(snapshot(hosts, root), hosts.stream().map(h -> exec(h, flags, null)).toList()),
          lab.inventory().toString(), book.toString(), "-e", "root=" + root);
      for (Connection host : hosts) {
        String after = exec(host, "lsattr -d " + Shell.quote(root + "/new") + " " + Shell.quote(root + "/flagged"), null);
        org.junit.jupiter.api.Assertions.assertEquals(List.of("d", ""),
            after.lines().map(l -> l.split("\\s+")[0].replace("-", "").replace("e", "")).toList(), after);
      }
    }
  }

  /** fetch over SSH from every host at once: each one's file lands in dest/HOST/PATH on the controller, bytes kept; then it is ok. */
  @org.junit.jupiter.api.Test
  void fetchFromEveryHost(Lab lab) throws IOException {
    String root = "/srv/four-steps/fetch";
    try (Connections connections = new Connections(ConnectOptions.defaults())) {
      for (Lab.LabHost h : lab.hosts()) {
        prepare(connections.forHost(h.name(), lab.connectionVars(h, "root")), root,
            new LocalFourStepTest.Case("", java.util.Map.of("etc/app.conf", "caf\uDCE9 of " + h.name() + "\n"), "", 0));
      }
    }
    Path backup = dir.resolve("backup");
    Path book = Fixtures.runbook(dir, "- fetch: {src: \"{{ root }}/etc/app.conf\", dest: \"" + backup + "\"}\n");
    List<String> args = List.of(lab.inventory().toString(), book.toString(), "-e", "root=" + root);
    int hosts = lab.hosts().size();
    Command check = apply(args, "--check");
    org.junit.jupiter.api.Assertions.assertEquals(hosts, check.changed(), check.toString());
    org.junit.jupiter.api.Assertions.assertFalse(Files.exists(backup), "check mode wrote on the controller");
    for (int round = 0; round < 2; round++) {
      Command apply = apply(args);
      org.junit.jupiter.api.Assertions.assertEquals(round == 0 ? hosts : 0, apply.changed(), apply.toString());
    }
    for (Lab.LabHost h : lab.hosts()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(RawText.encode("caf\uDCE9 of " + h.name() + "\n"),
          Files.readAllBytes(backup.resolve(h.name() + root + "/etc/app.conf")), h.name());
    }
    Command recheck = apply(args, "--check");
    org.junit.jupiter.api.Assertions.assertEquals(0, recheck.changed(), recheck.toString());
  }

  private static Command apply(List<String> args, String... flags) {
    List<String> all = new ArrayList<>(List.of("apply"));
    all.addAll(List.of(flags));
    all.addAll(args);
    return Command.run(all.toArray(String[]::new));
  }

  private static void prepare(Connection host, String root, LocalFourStepTest.Case c) {
    exec(host, "rm -rf " + Shell.quote(root) + " && mkdir -p " + Shell.quote(root), null);
    for (var file : c.before().entrySet()) {
      String path = root + "/" + file.getKey();
      String mkdir = "mkdir -p \"$(dirname " + Shell.quote(path) + ")\" && ";
      if (file.getValue().startsWith("-> ")) {
        exec(host, mkdir + "ln -s -- " + Shell.quote(file.getValue().substring(3)) + " " + Shell.quote(path), null);
      } else {
        exec(host, mkdir + "cat > " + Shell.quote(path), RawText.encode(file.getValue()));
      }
    }
  }

  /** Every entry's type, mode, owner, mtime, inode, link target and content digest, on every host. */
  private static List<String> snapshot(List<Connection> hosts, String root) {
    List<String> all = new ArrayList<>();
    for (Connection host : hosts) {
      all.add(exec(host,
          "cd " + Shell.quote(root) + " && find . -printf '%p %y %m %u %g %T@ %i %l\\n' | sort"
              + " && find . -type f -exec sha256sum {} + | sort", null));
    }
    return all;
  }

  /** A file's content, or "-> TARGET" for a link, on every host. */
  private static List<String> contents(List<Connection> hosts, String path) {
    String q = Shell.quote(path);
    List<String> all = new ArrayList<>();
    for (Connection host : hosts) {
      var result = host.exec("if [ -h " + q + " ]; then printf -- '-> %s' \"$(readlink -- " + q + ")\"; else cat -- " + q + "; fi", null);
      if (result.rc() != 0) {
        throw new AssertionError("cannot read " + path + ": " + result.err());
      }
      all.add(RawText.decode(result.stdout()));
    }
    return all;
  }

  private static String exec(Connection host, String command, byte[] stdin) {
    var result = host.exec(command, stdin);
    if (result.rc() != 0) {
      throw new AssertionError("'" + command + "' failed: " + result.err());
    }
    return result.out();
  }
}
