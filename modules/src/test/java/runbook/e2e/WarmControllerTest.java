package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.spi.Shell;

/**
 * The warm controller, through real processes as a user starts them: a JVM per command, from a
 * jar (here one whose manifest names the test's class path), with its own home for the sockets.
 * A first run starts the controller; the runs after it are served by it, and must be
 * indistinguishable from runs in a process of their own, but for the line -v adds.
 */
class WarmControllerTest {
  private static final String SERVED = "Run by the warm controller, pid ";

  @TempDir Path dir;
  private Path jar;
  private Path home;
  private Path project;

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(dir.resolve("home"));
    project = Files.createDirectories(dir.resolve("project"));
    jar = dir.resolve("runbook.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
    try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush();
    }
    Fixtures.localInventory(project, dir.resolve("out"));
    Files.createDirectories(dir.resolve("out"));
    write("site.yml", """
        - hosts: all
          gather_facts: false
          tasks:
            - copy: {content: "it's $(here)\\n", dest: "{{ root }}/hello.txt"}
        """);
  }

  @AfterEach
  void stopControllers() {
    controllers().forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void runsAfterTheFirstAreServedWarmAndReadExactlyAsRunsOfTheirOwn() throws Exception {
    Run first = run(Map.of(), "apply", "inventory.yml", "site.yml");
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.out().contains("changed=1"), first.toString());
    assertFalse(first.out().contains(SERVED), first.toString());
    awaitController();

    Run served = run(Map.of(), "apply", "inventory.yml", "site.yml", "-v");
    assertTrue(served.out().contains(SERVED), "a run after the first is served warm\n" + served);
    assertTrue(served.out().contains("changed=0"), served.toString());

    record Case(String what, List<String> args, int code) {}
    write("broken.yml", "- hosts: all\n  tasks:\n    - copy: {content: x, dest: /tmp/x\n");
    write("failing.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: {argv: [sh, -c, 'echo \"it $(failed)\" >&2; exit 3']}\n");
    Files.createDirectories(dir.resolve("elsewhere"));
    for (Case c : List.of(
        new Case("a no-op", List.of("apply", "inventory.yml", "site.yml"), 0),
        new Case("a preview with its diff", List.of("apply", "--check", "--diff", "inventory.yml", "site.yml", "-e", "root=" + dir.resolve("elsewhere")), 0),
        new Case("a failing task", List.of("apply", "inventory.yml", "failing.yml"), 2),
        new Case("bad input", List.of("apply", "inventory.yml", "broken.yml"), 3),
        new Case("a usage error", List.of("apply", "--forks", "0", "inventory.yml", "site.yml"), 64),
        new Case("validate", List.of("validate", "inventory.yml", "site.yml"), 0))) {
      Run warm = run(Map.of(), c.args().toArray(String[]::new));
      Run own = run(Map.of("RUNBOOK_WARM", "0"), c.args().toArray(String[]::new));
      assertEquals(c.code(), own.code(), c.what() + ": in a process of its own\n" + own);
      assertEquals(own.toString(), warm.toString(), c.what() + ": served warm, as in a process of its own");
    }
    Run verbose = run(Map.of(), "apply", "inventory.yml", "site.yml", "-v");
    assertTrue(verbose.out().contains(SERVED), "the controller is still there after all those\n" + verbose);
  }

  @Test
  void aServedRunLetsGoOfItsHostAfterItsExitCodeAndTheNextRunFindsItFree() throws Exception {
    run(Map.of(), "apply", "inventory.yml", "site.yml");
    awaitController();
    for (int i = 0; i < 3; i++) {
      Run served = run(Map.of(), "apply", "inventory.yml", "site.yml", "-v");
      assertTrue(served.out().contains(SERVED), served.toString());
      assertFalse(served.out().contains("waiting for"), "the run before let go of the host in time, or this one waited for it\n" + served);
    }
    Path lock = Path.of("/tmp/.runbook-lock"); // the local host's, as the runs on the local connection take it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.exists(lock) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(Files.exists(lock), "the last served run let go of its host after its client had the exit code");
  }

  @Test
  void aDifferentEnvironmentOrDirectoryGetsAControllerOfItsOwn() throws Exception {
    run(Map.of(), "apply", "inventory.yml", "site.yml");
    awaitController();
    Run other = run(Map.of("RUNBOOK_TEST_VALUE", "other"), "apply", "inventory.yml", "site.yml", "-v");
    assertEquals(0, other.code(), other.toString());
    assertFalse(other.out().contains(SERVED), "another environment is not served by this controller\n" + other);
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Run moved = run(elsewhere, Map.of(), "apply", project.resolve("inventory.yml").toString(), project.resolve("site.yml").toString(), "-v");
    assertEquals(0, moved.code(), moved.toString());
    assertFalse(moved.out().contains(SERVED), "another directory is not served by this controller\n" + moved);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (controllers().count() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(3, controllers().count(), "each started a controller of its own");
  }

  @Test
  void noControllerWithPersistZeroOrForCommandsThatReadStandardInput() throws Exception {
    for (List<String> args : List.of(
        List.of("apply", "--persist", "0", "inventory.yml", "site.yml"),
        List.of("apply", "inventory.yml", "site.yml", "-e", "@/dev/stdin"),
        List.of("schema"))) {
      run(Map.of(), args.toArray(String[]::new));
      Thread.sleep(1500);
      assertEquals(0, controllers().count(), String.join(" ", args) + " starts no controller");
    }
  }

  @Test
  void whileOneRunIsServedAnotherRunsInAProcessOfItsOwn() throws Exception {
    write("slow.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep 4\n");
    run(Map.of(), "apply", "inventory.yml", "site.yml");
    awaitController();
    Process slow = start(project, Map.of(), "apply", "inventory.yml", "slow.yml", "-v");
    Thread.sleep(1500);
    Run meanwhile = run(Map.of(), "apply", "inventory.yml", "site.yml", "-v");
    assertEquals(0, meanwhile.code(), meanwhile.toString());
    assertFalse(meanwhile.out().contains(SERVED), "the controller is busy: this run is its own\n" + meanwhile);
    Run slowRun = finish(slow);
    assertEquals(0, slowRun.code(), slowRun.toString());
    assertTrue(slowRun.out().contains(SERVED), slowRun.toString());
  }

  @Test
  void aClientThatIsKilledEndsItsRunAndTheControllerAsItsOwnProcessWouldEnd() throws Exception {
    write("slow.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep 30\n    - copy: {content: late, dest: \"{{ root }}/late.txt\"}\n");
    run(Map.of(), "apply", "inventory.yml", "site.yml");
    ProcessHandle controller = awaitController();
    Process slow = start(project, Map.of(), "apply", "inventory.yml", "slow.yml");
    Thread.sleep(2000);
    slow.destroyForcibly().waitFor();
    controller.onExit().get(10, TimeUnit.SECONDS);
    assertFalse(Files.exists(dir.resolve("out/late.txt")), "the run stopped where it was");
    Run next = run(Map.of(), "apply", "inventory.yml", "site.yml");
    assertEquals(0, next.code(), next.toString());
  }

  @Test
  void aControllerLeavesWhenItsJarChanges() throws Exception {
    run(Map.of(), "apply", "inventory.yml", "site.yml");
    ProcessHandle controller = awaitController();
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
    controller.onExit().get(10, TimeUnit.SECONDS);
    Run next = run(Map.of(), "apply", "inventory.yml", "site.yml", "-v");
    assertFalse(next.out().contains(SERVED), "a changed jar is never served by the old one\n" + next);
  }

  @Test
  void aPromptIsAskedAtTheTerminalOfTheRunItServes() throws Exception {
    write("ask.yml", """
        - hosts: all
          gather_facts: false
          tasks:
            - pause: {prompt: "Your name"}
              register: answer
            - debug: {msg: "hello {{ answer.user_input }}"}
        """);
    // both at a pseudo-terminal made by script, whose shell counts itself in SHLVL: an environment of their own
    assertEquals(0, atTerminal("", "apply", "inventory.yml", "site.yml").exitValue());
    awaitController();
    Process p = atTerminal("ada\n", "apply", "inventory.yml", "ask.yml", "-v");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(out.contains(SERVED), out);
    assertTrue(out.contains("Your name"), out);
    assertTrue(out.contains("hello ada"), out);
    assertEquals(0, p.exitValue(), out);
  }

  /** The command at a pseudo-terminal ({@code script}), typing {@code typed} at it after 3 seconds; ended. */
  private Process atTerminal(String typed, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("script", "-qec",
        javaCommand(args).stream().map(Shell::quote).collect(Collectors.joining(" ")), "/dev/null").directory(project.toFile()).redirectErrorStream(true);
    builder.environment().remove("RUNBOOK_PERSIST");
    Process p = builder.start();
    try (OutputStream in = p.getOutputStream()) {
      if (!typed.isEmpty()) {
        Thread.sleep(3000);
        in.write(typed.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ended");
    return p;
  }

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(project.resolve(name), text);
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    return run(project, env, args);
  }

  private Run run(Path cwd, Map<String, String> env, String... args) throws Exception {
    return finish(start(cwd, env, args));
  }

  private Process start(Path cwd, Map<String, String> env, String... args) throws IOException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(javaCommand(args)).directory(cwd.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("RUNBOOK_PERSIST"); // the build's tests keep nothing between runs; these ask for it
    builder.environment().putAll(env);
    Process p = builder.start();
    outputs.put(p, new Path[] {out, err});
    return p;
  }

  private final Map<Process, Path[]> outputs = new java.util.concurrent.ConcurrentHashMap<>();

  private Run finish(Process p) throws Exception {
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended");
    Path[] files = outputs.remove(p);
    return new Run(p.exitValue(), Files.readString(files[0]), Files.readString(files[1]));
  }

  private List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", jar.toString(), "runbook.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  /** The controllers of this test's jar. */
  private Stream<ProcessHandle> controllers() {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
        .map(c -> c.contains("runbook.cli.WarmController") && c.contains(jar.toString())).orElse(false));
  }

  /** Waits for the controller that the first run started to answer on its socket. */
  private ProcessHandle awaitController() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> controller = controllers().findFirst();
      boolean answering;
      try (Stream<Path> sockets = Files.list(home.resolve(".cache/runbook/cp"))) {
        answering = sockets.anyMatch(s -> s.toString().endsWith(".warm"));
      } catch (IOException e) {
        answering = false;
      }
      if (controller.isPresent() && answering) {
        return controller.get();
      }
      Thread.sleep(100);
    }
    Path log = home.resolve(".cache/runbook/cp/keeper.log");
    throw new AssertionError("no warm controller came up in 60 s; its log: " + (Files.exists(log) ? Files.readString(log) : "none"));
  }
}
