package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.HostException;

/** Engine behaviour with fake modules: no real module, no real host. */
class RunnerTest {
  private static final String TWO_HOSTS =
      """
      all:
        hosts:
          h1: {ansible_connection: local}
          h2: {ansible_connection: local}
      """;

  @TempDir Path dir;
  private final Connection connection = mock(Connection.class);

  private RunHarness harness() {
    when(connection.exec(anyString(), any())).thenReturn(new ExecResult(0, new byte[0], new byte[0]));
    return new RunHarness(dir, FakeModules.registry(), (host, vars) -> connection);
  }

  private RunHarness.Outcome run(String runbook) throws Exception {
    return harness().run(TWO_HOSTS, runbook, RunOptions.defaults());
  }

  private static List<String> lines(String output, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(output);
    List<String> found = new java.util.ArrayList<>();
    while (m.find()) found.add(m.group());
    return found;
  }

  /** A plan's consecutive file writes reach the host in one round trip; a command between them runs on its own, in its place. */
  @Test
  void consecutiveWritesOfAPlanGoAsOneScriptAndACommandBetweenThemRunsInItsPlace() throws Exception {
    java.util.concurrent.atomic.AtomicInteger execs = new java.util.concurrent.atomic.AtomicInteger();
    Connection local = new runbook.connect.LocalConnection();
    Connection counted = new Connection() {
      @Override
      public ExecResult exec(String command, byte[] stdin) {
        execs.incrementAndGet();
        return local.exec(command, stdin);
      }

      @Override
      public runbook.connect.StreamedCommand start(String command, java.io.OutputStream stderr) {
        execs.incrementAndGet();
        return local.start(command, stderr);
      }

      @Override
      public void close() {}
    };
    Path log = dir.resolve("order");
    String paths = java.util.stream.Stream.of("a", "b", "c", "d").map(n -> "'" + dir.resolve(n) + "'").collect(java.util.stream.Collectors.joining(", "));
    var outcome = new RunHarness(dir, FakeModules.registry(), (host, vars) -> counted).run("all:\n  hosts:\n    h1:\n", """
        - hosts: h1
          gather_facts: false
          tasks:
            - fake_writes: {paths: [%s], before: 2, then: "ls %s > '%s'"}
        """.formatted(paths, dir, log), RunOptions.defaults());
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertEquals("h1 : ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"));
    assertEquals(4, execs.get(), "a and b (with the host's lock), the command, c and d, the lock let go");
    assertEquals(List.of("a", "b"), Files.readAllLines(log).stream().filter(n -> n.length() == 1).toList(), "the command ran after a and b only");
    for (String n : List.of("a", "b", "c", "d")) {
      assertEquals(dir.resolve(n).toString(), Files.readString(dir.resolve(n)));
    }
  }

  @Test
  void handlersRunOnceInDefinitionOrderOnlyWhereSomethingChanged() throws Exception {
    var outcome =
        run(
            """
            - hosts: all
              tasks:
                - fake_say: {changed: "{{ inventory_hostname == 'h1' }}"}
                  notify: [second, first]
                - fake_say: {changed: true}
                  notify: second
                  when: inventory_hostname == 'h1'
              handlers:
                - name: first
                  fake_say: {changed: true}
                - name: second
                  fake_say: {changed: true}
            """);
    assertEquals(
        List.of("RUNNING HANDLER [first]", "RUNNING HANDLER [second]"),
        lines(outcome.output(), "RUNNING HANDLER \\[\\w+\\]"));
    assertEquals("h1 : ok=4 changed=4 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
    assertEquals("h2 : ok=1 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0", outcome.recap("h2"), outcome.output());
  }

  @Test
  void listenTopicsAndFlushHandlersRunHandlersEarly() throws Exception {
    var outcome =
        run(
            """
            - hosts: h1
              tasks:
                - fake_say: {changed: true}
                  notify: web changed
                - meta: flush_handlers
                - name: after flush
                  fake_say: {}
              handlers:
                - name: restart apache
                  listen: web changed
                  fake_say: {changed: true}
            """);
    int handler = outcome.output().indexOf("RUNNING HANDLER [restart apache]");
    int after = outcome.output().indexOf("TASK [after flush]");
    assertTrue(handler > 0 && handler < after, outcome.output());
    assertEquals(1, lines(outcome.output(), "RUNNING HANDLER").size());
  }

  @Test
  void loopCountsOnceRegistersEveryItemAndWhenIsPerItem() throws Exception {
    var outcome =
        run(
            """
            - hosts: h1
              tasks:
                - fake_say: {changed: true, value: "{{ item }}"}
                  loop: [1, 2, 3]
                  when: item != 2
                  register: looped
                - fake_say:
                    value: "{{ looped.results | map(attribute='item') | list }} {{ looped.results | selectattr('skipped', 'defined') | list | length }} {{ looped.changed }}"
                  register: seen
                - fake_say: {}
                  when: "seen.value == '[1, 2, 3] 1 True'"
            """);
    assertEquals(
        List.of("changed: [h1] => (item=1)", "skipping: [h1] => (item=2)", "changed: [h1] => (item=3)"),
        lines(outcome.output(), "^\\w+: \\[h1\\] => \\(item=\\d\\)$"));
    assertEquals("h1 : ok=3 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
  }

  /** The load-time check of a literal value holds for a templated one once it is rendered: validate without %s. */
  @Test
  void aRenderedValueIsCheckedAsALiteralOneIs() throws Exception {
    var outcome =
        run(
            """
            - hosts: h1
              vars: {check: apache2ctl -t}
              tasks:
                - fake_write: {path: /etc/apache2/apache2.conf, validate: "{{ check }}"}
            """);
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.output().contains("argument 'validate' of module 'fake_write' must contain %s, got 'apache2ctl -t'"), outcome.output());
    verify(connection, never()).exec(anyString(), any());
  }

  @Test
  void aFailedHostLeavesThePlayAndTheOthersGoOn() throws Exception {
    var outcome =
        run(
            """
            - hosts: all
              tasks:
                - fake_say: {fail: "{{ inventory_hostname == 'h1' }}"}
                - name: second
                  fake_say: {changed: true}
            """);
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.output().contains("fatal: [h1]: FAILED! => {\"changed\":false,\"msg\":\"told to fail\"}"), outcome.output());
    assertEquals("h1 : ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
    assertEquals("h2 : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h2"), outcome.output());
  }

  @Test
  void anUnreachableHostIsReportedAndDropsOut() throws Exception {
    when(connection.exec(anyString(), any())).thenReturn(new ExecResult(0, new byte[0], new byte[0]));
    RunHarness harness =
        new RunHarness(
            dir,
            FakeModules.registry(),
            (host, vars) -> {
              if (host.equals("h1")) throw new HostException("h1: connection refused", true, null);
              return connection;
            });
    var outcome =
        harness.run(
            TWO_HOSTS,
            """
            - hosts: all
              tasks:
                - fake_write: {path: /tmp/x}
                - fake_say: {}
            """,
            RunOptions.defaults());
    assertEquals(4, outcome.exitCode());
    assertTrue(outcome.output().contains("fatal: [h1]: UNREACHABLE!"), outcome.output());
    assertEquals("h1 : ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
    assertEquals("h2 : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h2"), outcome.output());
  }

  @Test
  void aModuleThatConnectsItselfReachesAHostNoConnectionCouldBeOpenedToBefore() throws Exception {
    when(connection.exec(anyString(), any())).thenReturn(new ExecResult(0, new byte[0], new byte[0]));
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    runbook.connect.ConnectionFactory bootingHost = new runbook.connect.ConnectionFactory() {
      private volatile boolean up;

      @Override
      public Connection forHost(String host, java.util.Map<String, Object> vars) {
        if (!up) {
          throw new HostException(host + ": connection refused", true, null);
        }
        return connection;
      }

      @Override
      public Connection reconnect(String host, java.util.Map<String, Object> vars, java.time.Duration connectTimeout) {
        up = attempts.incrementAndGet() >= 3;
        return forHost(host, vars);
      }
    };
    var outcome =
        new RunHarness(dir, FakeModules.registry(), bootingHost).run(
            "all:\n  hosts:\n    h1: {ansible_connection: local}\n",
            """
            - hosts: all
              tasks:
                - fake_reconnect: {}
                - fake_write: {path: /tmp/x}
            """,
            RunOptions.defaults());
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertEquals(3, attempts.get(), "connected afresh until the host let it in, with no connection opened before");
    assertEquals("h1 : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
  }

  @Test
  void checkModeNeverRunsAnythingOnTheHost() throws Exception {
    RunHarness harness = harness();
    when(connection.exec(startsWith("LC_ALL=C find "), any()))
        .thenReturn(new ExecResult(1, new byte[0], "find: '/etc/motd': No such file or directory\n".getBytes(StandardCharsets.UTF_8)));
    var outcome =
        harness.run(
            TWO_HOSTS,
            """
            - hosts: all
              tasks:
                - fake_write: {path: /etc/motd, content: "hello\\n"}
                  notify: h
                - fake_run: rm -rf /
              handlers:
                - name: h
                  fake_run: service apache2 restart
            """,
            new RunOptions(true, true, null, Set.of(), Set.of(), 5, false, 0, true));
    // Predicting the write may look at the host (the old file, the user new files belong to, handlers an earlier run left
    // pending), never change it.
    verify(connection, never()).exec(argThat(command -> !command.startsWith("LC_ALL=C find ") && !command.equals("id -un && id -gn")
        && !command.startsWith("cat -- ")), any());
    assertEquals(0, outcome.exitCode());
    assertTrue(outcome.output().contains("+++ after: /etc/motd\n@@ -0,0 +1 @@\n+hello\n"), outcome.output());
    assertTrue(outcome.output().contains("would run, and what it changes cannot be known without running it"), outcome.output());
    assertEquals("h1 : ok=2 changed=2 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
  }

  /**
   * A step run for real in a check run (check_mode: false) that fails on a host with simulated
   * changes may fail because of them: it, and every failure after it there, cannot be predicted,
   * and the host goes on; on a host without simulated changes the failure stays one.
   */
  @Test
  void aRealStepThatFailsOnSimulatedChangesCannotBePredicted() throws Exception {
    var outcome = harness().run(TWO_HOSTS, """
        - hosts: all
          tasks:
            - fake_say: {changed: "{{ inventory_hostname == 'h1' }}"}
            - fake_say: {fail: true}
              check_mode: false
            - fake_say: {fail: true}
            - fake_say: {}
        """, new RunOptions(true, false, null, Set.of(), Set.of(), 5, false, 0, true));
    assertTrue(outcome.output().contains("cannot be predicted: it ran for real and failed, while earlier changes on h1 were only "
        + "simulated: told to fail"), outcome.output());
    assertTrue(outcome.output().contains("runbook.yml:4:7), which could not be predicted; it failed: told to fail"), outcome.output());
    assertEquals("h1 : ok=2 changed=1 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
    assertEquals("h2 : ok=1 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0", outcome.recap("h2"), outcome.output());
  }

  @Test
  void applyModeDoesRunTheActions() throws Exception {
    var outcome = run("- hosts: h1\n  tasks:\n    - fake_write: {path: /tmp/x}\n");
    verify(connection, atLeastOnce()).exec(anyString(), any());
    assertEquals("h1 : ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
  }

  @Test
  void rescueAndAlwaysAreCountedAsAnsibleCountsThem() throws Exception {
    var outcome =
        run(
            """
            - hosts: h1
              tasks:
                - block:
                    - fake_say: {fail: true}
                    - name: never reached
                      fake_say: {}
                  rescue:
                    - name: rescuing
                      fake_say: {changed: true}
                  always:
                    - name: always
                      fake_say: {}
                - name: after the block
                  fake_say: {}
            """);
    assertFalse(outcome.output().contains("never reached"), outcome.output());
    assertTrue(outcome.output().contains("TASK [after the block]"), outcome.output());
    assertEquals(0, outcome.exitCode());
    assertEquals("h1 : ok=3 changed=1 unreachable=0 failed=0 skipped=0 rescued=1 ignored=0", outcome.recap("h1"), outcome.output());
  }

  @Test
  void ignoreErrorsAndVerdictsOverrideTheModule() throws Exception {
    var outcome =
        run(
            """
            - hosts: h1
              tasks:
                - fake_say: {fail: true}
                  ignore_errors: true
                - fake_say: {fail: true}
                  failed_when: false
                - fake_say: {changed: true, value: 3}
                  register: r
                  changed_when: r.value > 5
                - fake_say: {value: 7}
                  register: r2
                  failed_when: r2.value > 5
            """);
    assertTrue(outcome.output().contains("...ignoring"), outcome.output());
    assertEquals(2, outcome.exitCode());
    assertEquals("h1 : ok=3 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=1", outcome.recap("h1"), outcome.output());
  }

  @Test
  void forceHandlersRunsPendingHandlersOfHostsThatFailedLater() throws Exception {
    String book =
        """
        - hosts: h1
          tasks:
            - fake_say: {changed: true}
              notify: h
            - fake_say: {fail: true}
          handlers:
            - name: h
              fake_say: {changed: true}
        """;
    var without = harness().run(TWO_HOSTS, book, RunOptions.defaults());
    assertFalse(without.output().contains("RUNNING HANDLER"), without.output());
    assertTrue(without.output().contains("[WARNING]: handlers notified on h1 did not run because the host failed: h"));
    var with = harness().run(TWO_HOSTS, book, new RunOptions(false, false, null, Set.of(), Set.of(), 5, true, 0, true));
    assertTrue(with.output().contains("RUNNING HANDLER [h]"), with.output());
  }

  @Test
  void runOnceRunsOnTheFirstHostAndRegistersForAll() throws Exception {
    var outcome =
        run(
            """
            - hosts: all
              tasks:
                - fake_say: {value: "{{ inventory_hostname }}"}
                  run_once: true
                  register: once
                - name: check
                  fake_say: {fail: "{{ once.value != 'h1' }}"}
            """);
    assertEquals(0, outcome.exitCode(), outcome.output());
    assertEquals("h2 : ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h2"), outcome.output());
  }

  @Test
  void anUndefinedVariableFailsTheTaskWithItsLocation() throws Exception {
    // registered only later: loading lets that through (it does not check order), running does not
    var outcome = run("- hosts: h1\n  tasks:\n    - fake_say: {value: \"{{ nope }}\"}\n    - fake_say: {}\n      register: nope\n");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.output().contains(dir.resolve("runbook.yml") + ":3:7: "), outcome.output());
    assertTrue(outcome.output().contains("'nope' is undefined"), outcome.output());
  }

  private static final String FOUR_HOSTS =
      """
      all:
        hosts:
          h1: {ansible_connection: local}
          h2: {ansible_connection: local}
          h3: {ansible_connection: local}
          h4: {ansible_connection: local}
      """;

  @Test
  void serialRunsTheWholePlayBatchByBatch() throws Exception {
    var outcome =
        harness().run(FOUR_HOSTS, """
            - hosts: all
              serial: [1, "50%"]
              tasks:
                - name: one
                  fake_say: {}
                - name: two
                  fake_say: {}
            """, RunOptions.defaults());
    assertEquals(
        List.of("TASK [one]", "ok: [h1]", "TASK [two]", "ok: [h1]",
            "TASK [one]", "ok: [h2]", "ok: [h3]", "TASK [two]", "ok: [h2]", "ok: [h3]",
            "TASK [one]", "ok: [h4]", "TASK [two]", "ok: [h4]"),
        lines(outcome.output(), "^(TASK \\[\\w+\\]|ok: \\[h\\d\\])"));
  }

  @Test
  void anyErrorsFatalEndsThePlayForEveryHost() throws Exception {
    var outcome =
        harness().run(FOUR_HOSTS, """
            - hosts: all
              any_errors_fatal: true
              tasks:
                - fake_say: {fail: "{{ inventory_hostname == 'h2' }}"}
                - name: never
                  fake_say: {}
            """, RunOptions.defaults());
    assertFalse(outcome.output().contains("TASK [never]"), outcome.output());
    assertEquals(2, outcome.exitCode());
  }

  @Test
  void maxFailPercentageStopsThePlayOnlyAboveTheLimit() throws Exception {
    String book = """
        - hosts: all
          max_fail_percentage: %d
          tasks:
            - fake_say: {fail: "{{ inventory_hostname == 'h2' }}"}
            - name: next
              fake_say: {}
        """;
    var tolerant = harness().run(FOUR_HOSTS, book.formatted(25), RunOptions.defaults());
    assertTrue(tolerant.output().contains("TASK [next]"), tolerant.output());
    var strict = harness().run(FOUR_HOSTS, book.formatted(20), RunOptions.defaults());
    assertFalse(strict.output().contains("TASK [next]"), strict.output());
  }

  @Test
  void delegateToRunsOnTheOtherHostWithTheTasksHostVariables() throws Exception {
    List<String> connectedTo = new java.util.concurrent.CopyOnWriteArrayList<>();
    when(connection.exec(anyString(), any())).thenReturn(new ExecResult(0, new byte[0], new byte[0]));
    RunHarness harness =
        new RunHarness(dir, FakeModules.registry(), (host, vars) -> {
          connectedTo.add(host);
          return connection;
        });
    var outcome = harness.run(TWO_HOSTS, """
        - hosts: h1
          tasks:
            - fake_write: {path: "/srv/{{ inventory_hostname }}"}
              delegate_to: h2
        """, RunOptions.defaults());
    assertEquals(List.of("h2"), connectedTo.stream().distinct().toList(), "only the delegate is reached");
    verify(connection).exec(org.mockito.ArgumentMatchers.contains("/srv/h1"), any());
    assertEquals("h1 : ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
  }

  @Test
  void loopControlNamesTheLoopVariableAndLabelsTheItems() throws Exception {
    var outcome = run("""
        - hosts: h1
          tasks:
            - fake_say: {value: "{{ site.root }}"}
              loop: [{name: a, root: /srv/a}, {name: b, root: /srv/b}]
              loop_control: {loop_var: site, label: "{{ site.name }}"}
            - fake_say: {}
              loop: [{name: c}]
        """);
    assertEquals(
        List.of("ok: [h1] => (item=a)", "ok: [h1] => (item=b)", "ok: [h1] => (item={\"name\":\"c\"})"),
        lines(outcome.output(), "^ok: \\[h1\\] => \\(item=.*\\)$"));
  }
}
