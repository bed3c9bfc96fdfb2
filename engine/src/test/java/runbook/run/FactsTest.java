package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.connect.Connection;
import runbook.connect.ExecResult;

/** Facts are gathered once per host, and only when a template or a module reads one. */
class FactsTest {
  private static final String TWO_HOSTS = "all:\n  hosts:\n    h1: {ansible_connection: local}\n    h2: {ansible_connection: local}\n";

  @TempDir Path dir;

  static Stream<Arguments> plays() {
    return Stream.of(
        Arguments.of("a play that reads no fact does not gather", """
            - hosts: all
              tasks:
                - fake_say: {changed: true}
                - fake_say: {value: "{{ ansible_host | default('none') }}"}
            """, 0, "ok=2 changed=1"),
        Arguments.of("two tasks reading facts gather once per host", """
            - hosts: all
              tasks:
                - fake_say: {changed: "{{ ansible_distribution == 'Debian' }}"}
                - fake_say: {changed: "{{ ansible_facts.memtotal_mb > 512 }}"}
            """, 2, "ok=2 changed=2"),
        Arguments.of("a when reads a fact", """
            - hosts: all
              tasks:
                - fake_say: {changed: true}
                  when: ansible_facts['distribution'] == 'Debian'
            """, 2, "ok=1 changed=1"),
        Arguments.of("a module reads facts", """
            - hosts: all
              gather_facts: false
              tasks:
                - fake_size: {over: 512}
                - fake_size: {over: 2048}
            """, 2, "ok=2 changed=1"),
        Arguments.of("a play on one host gathers on that host only", """
            - hosts: h1
              tasks:
                - fake_say: {changed: "{{ ansible_distribution is defined }}"}
            """, 1, "ok=1 changed=1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plays")
  void gathersOnlyWhatIsUsed(String name, String runbook, int gatherings, String h1Counts) throws Exception {
    Connection connection = mock(Connection.class);
    when(connection.exec(anyString(), any())).thenReturn(new ExecResult(0, new byte[0], new byte[0]));
    AtomicInteger calls = new AtomicInteger();
    var outcome = new RunHarness(dir, FakeModules.withGatherer(calls), (host, vars) -> connection)
        .run(TWO_HOSTS, runbook, RunOptions.defaults());
    assertEquals(gatherings, calls.get(), outcome.output());
    assertEquals("h1 : " + h1Counts + " unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", outcome.recap("h1"), outcome.output());
  }
}
