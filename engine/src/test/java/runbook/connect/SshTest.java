package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.lab.Lab;
import runbook.lab.Lab.LabHost;
import runbook.lab.LabExtension;
import runbook.spi.HostException;
import runbook.spi.Shell;

/** The SSH transport against real lab hosts. */
@ExtendWith(LabExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshTest {
  private static final Path CONTROLLER_KNOWN_HOSTS = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  private static final String PWNED = "/tmp/runbook-pwned";

  private final Lab lab;
  private final Connections connections = new Connections(ConnectOptions.defaults());
  private final ExecutorService pool = Executors.newFixedThreadPool(LabExtension.HOSTS);
  private String controllerKnownHostsBefore;

  SshTest(Lab lab) {
    this.lab = lab;
  }

  @BeforeAll
  void snapshotControllerKnownHosts() throws IOException {
    controllerKnownHostsBefore = Files.exists(CONTROLLER_KNOWN_HOSTS) ? Files.readString(CONTROLLER_KNOWN_HOSTS) : null;
  }

  @AfterAll
  void controllerKnownHostsLeftAlone() throws IOException {
    connections.close();
    pool.shutdownNow();
    assertEquals(controllerKnownHostsBefore,
        Files.exists(CONTROLLER_KNOWN_HOSTS) ? Files.readString(CONTROLLER_KNOWN_HOSTS) : null);
  }

  private Connection root(LabHost host) {
    return connections.forHost(host.name(), lab.connectionVars(host, "root"));
  }

  private LabHost host(int i) {
    return lab.hosts().get(i);
  }

  @Test
  void commandsRoundTripOnEveryHostInParallel() {
    List<CompletableFuture<String>> names = lab.hosts().stream()
        .map(h -> CompletableFuture.supplyAsync(() -> root(h).exec("hostname", null).out().strip(), pool))
        .toList();
    assertEquals(lab.hosts().stream().map(LabHost::name).toList(), names.stream().map(CompletableFuture::join).toList());
  }

  /** A client that fails to log in ends without reading the SQL on its stdin: its status and message, not a lost connection. */
  @Test
  void aCommandThatReadsNoneOfItsStdinEndsWithItsOwnStatus() {
    ExecResult r = root(host(0)).exec("echo denied >&2; exit 1", new byte[4 << 20]);
    assertEquals(1, r.rc());
    assertEquals("denied\n", new String(r.stderr(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(0, root(host(0)).exec("hostname", null).rc(), "the connection still works");
  }

  @Test
  void bigStdinStdoutAndStderrFlowAtOnceWithoutDeadlock() {
    byte[] input = new byte[4 << 20];
    new java.util.Random(7).nextBytes(input);
    ExecResult r = root(host(0)).exec("tee /dev/stderr; exit 3", input);
    assertEquals(3, r.rc());
    assertEquals(input.length, r.stdout().length, "stdout length (stderr " + r.stderr().length + ")");
    assertEquals(input.length, r.stderr().length, "stderr length");
    assertTrue(java.util.Arrays.equals(input, r.stdout()), "stdout differs");
    assertTrue(java.util.Arrays.equals(input, r.stderr()), "stderr differs");
  }

  static Stream<String> nastyValues() {
    return Stream.of("it's", "\"double\" quotes", "a  b\tc", "$(touch " + PWNED + ")", "`touch " + PWNED + "`",
        "'; touch " + PWNED + "; '", "x; touch " + PWNED, "line1\nline2\n", "\n\n", "*", "/etc/*", "?", "[a-z]*",
        "ünïcødé ✓ 日本語", "$HOME ${PATH} $1 $@", "\\ \\\\ \\n", "-n", "--", "", "!bang", "~root", "a\rb", "%s %d %%",
        "{a,b}", "&& || | > < >> 2>&1", "#not a comment");
  }

  @ParameterizedTest
  @MethodSource("nastyValues")
  void valuesRoundTripExactlyAndNeverRun(String value) {
    for (Connection c : List.of(root(host(1)), Become.wrap(root(host(1)), "root", "deploy", null))) {
      ExecResult r = c.exec("rm -f " + PWNED + "; printf '%s' " + Shell.quote(value) + "; test ! -e " + PWNED, null);
      assertEquals(value, r.out(), "through " + c);
      assertEquals(0, r.rc(), "a value ran as a command through " + c);
    }
  }

  /** Commands, their status, stdout and stderr, run one after another in one connection's shell. */
  static Stream<Arguments> shellCases() {
    return Stream.of(
        Arguments.of("printf abc", 0, "abc", ""),
        Arguments.of("printf 'no newline'; printf err >&2; exit 7", 7, "no newline", "err"),
        Arguments.of("printf '%s\\n' 3; echo 5", 0, "3\n5\n", ""),
        Arguments.of("echo a\n\necho b\n", 0, "a\nb\n", ""),
        Arguments.of("echo 'x\\'\necho \\\n  y", 0, "x\\\ny\n", ""),
        Arguments.of("  exit 300  ", 44, "", ""),
        Arguments.of("read x; echo \"[$x] $?\"", 0, "[] 1\n", ""),
        Arguments.of("head -c 300000 /dev/zero | tr '\\0' x; echo >&2 done", 0, "x".repeat(300000), "done\n"),
        Arguments.of("x=1; cd /; echo $x $(pwd)", 0, "1 /\n", ""),
        Arguments.of("echo \"[$m$n$s$l$nl]\"", 0, "[]\n", ""),
        Arguments.of("echo ${x:-unset} $(pwd)", 0, "unset /root\n", ""),
        Arguments.of("sleep 60 >/dev/null 2>&1 & echo started", 0, "started\n", ""));
  }

  @Test
  void theShellKeepsEveryCommandsStatusAndOutputApart() {
    Connection c = root(host(0));
    for (int round = 0; round < 2; round++) {
      shellCases().forEach(a -> {
        Object[] x = a.get();
        ExecResult r = c.exec((String) x[0], null);
        String what = "command " + x[0];
        assertEquals(x[2], r.out(), what);
        assertEquals(x[3], r.err(), what);
        assertEquals(x[1], r.rc(), what);
      });
    }
  }

  @Test
  void aCommandThatKillsItsShellEndsWith255AndTheNextGetsANewShell() {
    Connection c = root(host(0));
    assertEquals(0, c.exec("true", null).rc());
    ExecResult killed = c.exec("echo before; kill -9 $$; sleep 1", null);
    assertEquals(255, killed.rc());
    assertEquals("before\n", killed.out());
    assertEquals("after\n", c.exec("echo after", null).out());
  }

  @Test
  void commandsAtOnceOnOneConnectionAllRun() {
    Connection c = root(host(2));
    List<CompletableFuture<String>> runs = Stream.of("a", "b", "c")
        .map(v -> CompletableFuture.supplyAsync(() -> c.exec("sleep 0.3; echo " + v, null).out(), pool))
        .toList();
    assertEquals(List.of("a\n", "b\n", "c\n"), runs.stream().map(CompletableFuture::join).toList());
  }

  @Test
  void anUnreachableHostFailsQuicklyWhileOthersWork() {
    Connections quick = new Connections(new ConnectOptions(true, Duration.ofSeconds(2), Duration.ZERO));
    Map<String, Object> nowhere = new HashMap<>(lab.connectionVars(host(0), "root"));
    nowhere.put("ansible_host", "10.231.0.250");
    long start = System.nanoTime();
    CompletableFuture<HostException> failure = CompletableFuture.supplyAsync(
        () -> assertThrows(HostException.class, () -> quick.forHost("ghost", nowhere)), pool);
    assertEquals("h3\n", quick.forHost("h3", lab.connectionVars(host(2), "root")).exec("hostname", null).out());
    HostException e = failure.join();
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    quick.close();
    assertTrue(e.unreachable());
    assertTrue(e.getMessage().startsWith("cannot connect to ghost at 10.231.0.250:22"), e.getMessage());
    assertTrue(seconds < 6, "took " + seconds + " s");
  }

  @Test
  void aChangedHostKeyIsRefusedWithItsFingerprint(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    List<String> known = Files.readAllLines(lab.knownHosts());
    String[] h1 = known.get(0).split(" ");
    String[] h2 = known.get(1).split(" ");
    Path wrong = dir.resolve("known_hosts");
    Files.writeString(wrong, h1[0] + " " + h2[1] + " " + h2[2] + "\n");
    Map<String, Object> vars = new HashMap<>(lab.connectionVars(host(0), "root"));
    vars.put("ansible_ssh_common_args", "-o UserKnownHostsFile=" + wrong);
    Connections fresh = new Connections(ConnectOptions.defaults());
    HostException e = assertThrows(HostException.class, () -> fresh.forHost("h1", vars));
    String fingerprint = KnownHosts.fingerprint(Base64.getDecoder().decode(h1[2]));
    assertTrue(e.unreachable());
    assertTrue(e.getMessage().contains("h1 (" + h1[0] + ":22) offered the ssh-ed25519 host key " + fingerprint), e.getMessage());
    assertTrue(e.getMessage().contains("differs from the key on file"), e.getMessage());

    vars.put("ansible_host_key_checking", false);
    assertEquals("h1\n", fresh.forHost("h1", vars).exec("hostname", null).out());
    fresh.close();
  }

  @Test
  void anUnknownHostKeyIsRefusedUnlessCheckingIsOffExplicitly(@org.junit.jupiter.api.io.TempDir Path home) throws IOException {
    Map<String, Object> vars = new HashMap<>(lab.connectionVars(host(0), "root"));
    vars.remove("ansible_ssh_common_args");
    Connections withEmptyHome = new Connections(ConnectOptions.defaults(), home, null);
    HostException e = assertThrows(HostException.class, () -> withEmptyHome.forHost("h1", vars));
    assertTrue(e.getMessage().contains("which is not in " + home.resolve(".ssh/known_hosts")), e.getMessage());
    withEmptyHome.close();

    Files.createDirectories(home.resolve(".ssh"));
    Files.copy(lab.knownHosts(), home.resolve(".ssh/known_hosts"));
    Connections withKnownHome = new Connections(ConnectOptions.defaults(), home, null);
    assertEquals("h1\n", withKnownHome.forHost("h1", vars).exec("hostname", null).out());
    withKnownHome.close();

    Connections unchecked = new Connections(new ConnectOptions(false, Duration.ofSeconds(5), Duration.ZERO), Path.of("/nonexistent"), null);
    assertEquals("h1\n", unchecked.forHost("h1", vars).exec("hostname", null).out());
    unchecked.close();
  }

  @Test
  void becomeRunsCommandsAsAnotherUser() {
    Connection deploy = Become.wrap(root(host(0)), "root", "deploy", null);
    assertEquals("deploy\n", deploy.exec("whoami", null).out());
    assertEquals("piped\n", deploy.exec("cat", "piped\n".getBytes(StandardCharsets.UTF_8)).out());
  }

  @Test
  void becomeWithAPasswordFeedsItOnStdinOnly() throws Exception {
    String password = "pw 'with\" $(spaces) " + System.nanoTime();
    Connection root = root(host(2));
    assertEquals(0, root.exec("chpasswd", ("deploy:" + password + "\n").getBytes(StandardCharsets.UTF_8)).rc());
    Connection asDeploy = connections.forHost("h3-deploy", lab.connectionVars(host(2), "deploy"));
    Connection sudo = Become.wrap(asDeploy, "deploy", "root", password);

    assertEquals("root\n", sudo.exec("whoami", null).out());
    assertEquals("data\nmore", sudo.exec("cat", "data\nmore".getBytes(StandardCharsets.UTF_8)).out());
    CompletableFuture<ExecResult> slow = CompletableFuture.supplyAsync(() -> sudo.exec("sleep 2; echo slept", null), pool);
    Thread.sleep(700);
    String processes = root.exec("ps -eo args", null).out();
    assertTrue(processes.contains("sleep 2; echo slept"), "ps ran while the command ran:\n" + processes);
    assertFalse(processes.contains(password), "the password shows in ps:\n" + processes);
    assertEquals("slept\n", slow.join().out());
    assertNotEquals(0, Become.wrap(asDeploy, "deploy", "root", "wrong").exec("true", null).rc());
    // No password needed (root becoming deploy): the password line must not reach the command.
    assertEquals("only this", Become.wrap(root, "root", "deploy", password)
        .exec("cat", "only this".getBytes(StandardCharsets.UTF_8)).out());
  }

  @Test
  void aConnectionKilledMidCommandIsReportedUnreachable() {
    Connections own = new Connections(ConnectOptions.defaults());
    Connection c = own.forHost("h2", lab.connectionVars(host(1), "root"));
    CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> c.exec("echo started; sleep 30", null), pool);
    assertEquals(0, c.exec("true", null).rc(), "the connection works alongside the running command");
    sleepQuietly(500);
    lab.killSessions("h2");
    Throwable e = assertThrows(java.util.concurrent.CompletionException.class, running::join).getCause();
    assertTrue(e instanceof HostException && ((HostException) e).unreachable(), String.valueOf(e));
    assertTrue(e.getMessage().startsWith("lost the SSH connection to h2"), e.getMessage());
    own.close();
  }

  @Test
  void measureRoundTrip() {
    long t0 = System.nanoTime();
    Connections fresh = new Connections(ConnectOptions.defaults());
    Connection c = fresh.forHost("h1", lab.connectionVars(host(0), "root"));
    c.exec("true", null);
    long connect = System.nanoTime() - t0;
    int n = 200;
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      assertEquals(0, c.exec("true", null).rc());
    }
    long each = (System.nanoTime() - t1) / n;
    fresh.close();
    System.out.printf("ssh: connect + first command %.1f ms; round trip on an open connection %.2f ms%n",
        connect / 1e6, each / 1e6);
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
