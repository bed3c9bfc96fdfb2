package runbook.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import runbook.connect.LocalConnection;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.Meter;
import runbook.spi.ModuleFailure;

/** A relay between two local shells: the request, the admission, the stream both ways, the statuses. */
class RelayRunnerTest {
  private static final String NASTY = "it's a \"b\" $(c) `d`\nline ü";

  /** Asks for "echo-back" and the nasty word, sends two lines, prints on stderr what came back. */
  private static Command client(String then) {
    return Command.script("printf '%s\\0' 2 echo-back " + runbook.spi.Shell.quote(NASTY) + "; printf 'one\\ntwo\\n'; "
        + "exec 1>&-; cat >&2; " + then);
  }

  private static RelayRunner.Relayed relay(Command client, Action.Relay.Admission admission, List<Meter.Reading> progress) {
    return relay(client, admission, null, progress);
  }

  private static RelayRunner.Relayed relay(Command client, Action.Relay.Admission admission, Meter meter, List<Meter.Reading> progress) {
    return RelayRunner.run(new LocalConnection(), "a", client, new LocalConnection(), "b", admission, c -> c, meter, progress::add);
  }

  @Test
  void theAdmittedServerGetsTheClientsStreamAndAnswersOnItsStdin() {
    List<List<String>> asked = new ArrayList<>();
    List<Meter.Reading> progress = new ArrayList<>();
    RelayRunner.Relayed r = relay(client("exit 0"), words -> {
      asked.add(words);
      return Optional.of(Command.of("sed", "s/^/back: /"));
    }, progress);
    assertEquals(List.of(List.of("echo-back", NASTY)), asked);
    assertEquals("back: one\nback: two\n", r.report());
    assertEquals(0, r.rc());
    assertEquals(0, r.serverRc());
    assertEquals(8 + 20, r.bytes());
    assertEquals(Meter.Reading.ofBytes(28), progress.get(progress.size() - 1));
  }

  @Test
  void withAMeterTheClientsReportShowsTheProgressAndTheBytesDoNot() {
    List<Meter.Reading> progress = new ArrayList<>();
    Meter lines = new Meter(List.of(new Meter.Count("lines", "^back: ", 2)), 0);
    RelayRunner.Relayed r = relay(client("exit 0"), words -> Optional.of(Command.of("sed", "s/^/back: /")), lines, progress);
    assertEquals("back: one\nback: two\n", r.report());
    assertEquals(List.of(reading(0), reading(1), reading(2)), progress);
  }

  private static Meter.Reading reading(long lines) {
    return new Meter.Reading(0, 0, List.of(new Meter.Tally("lines", lines, 2)));
  }

  @Test
  void theClientsStatusIsTheRelaysAndAWarningStatusOnlyWarns() {
    Action.Relay.Admission cat = words -> Optional.of(Command.of("cat"));
    RelayRunner.Relayed r = relay(client("exit 24"), cat, new ArrayList<>());
    assertEquals(24, r.rc());
    Action.Relay warnOn24 = new Action.Relay("a", client("exit 24"), "b", cat, Set.of(24));
    ActionResult warned = r.asAction(warnOn24, "the relay");
    assertTrue(warned.ok());
    assertEquals(List.of("the relay ended with status 24: two"), warned.data().get("warnings"));
    ActionResult failed = relay(client("exit 23"), cat, new ArrayList<>()).asAction(warnOn24, "the relay");
    assertFalse(failed.ok());
    assertEquals("the relay ended with status 23: two", failed.error());
  }

  @Test
  void aRefusedRequestRunsNothingAndSaysWhatWasAsked() {
    ModuleFailure refused = assertThrows(ModuleFailure.class, () -> relay(client("exit 0"), words -> Optional.empty(), new ArrayList<>()));
    assertEquals("the client on a asked to run 'echo-back " + runbook.spi.Shell.quote(NASTY) + "' on b, which this task does not allow",
        refused.getMessage());
  }

  @Test
  void aClientThatEndsWithoutAskingFailsWithItsOwnStatusAndReport() {
    RelayRunner.Relayed r = relay(Command.script("echo 'rsync: not found' >&2; exit 127"), words -> {
      throw new AssertionError("nothing was asked");
    }, new ArrayList<>());
    assertEquals(127, r.rc());
    assertEquals("rsync: not found\n", r.report());
    assertEquals(-1, r.serverRc());
  }

  @Test
  void aServerThatEndsEarlyEndsTheClientsInput() {
    // the server reads nothing and exits: the client's cat sees the end of its input instead of waiting
    RelayRunner.Relayed r = relay(Command.script("printf '1\\0true\\0'; sleep 0.2; cat; echo done >&2"),
        words -> Optional.of(Command.of(words)), new ArrayList<>());
    assertEquals(0, r.rc());
    assertEquals("done\n", r.report());
  }

  @Test
  void requestsAreACountThenThatManyWords() throws IOException {
    assertEquals(Optional.of(List.of("rsync", "--server", "")), RelayRunner.request(in("3\0rsync\0--server\0\0rest")));
    assertEquals(Optional.empty(), RelayRunner.request(in("2\0rsync\0")));
    for (String garbled : List.of("rsync\0--server\0", "0\0", "-1\0x\0", "123456\0")) {
      assertThrows(IOException.class, () -> RelayRunner.request(in(garbled)), garbled);
    }
  }

  private static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
