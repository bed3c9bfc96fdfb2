package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.spi.Plan;

/** Every rule that decides a status, as a table: given an outcome, what it becomes. */
class OutcomeTest {
  private static String shown(Outcome o) {
    return o.status() + " " + o.foresight() + (o.message() == null ? "" : " " + o.message()) + (o.ignored() ? " ignored" : "");
  }

  static Stream<Arguments> plans() {
    Plan.Change change = Plan.change("write /etc/motd", List.of(), List.of());
    return Stream.of(
        Arguments.of(Plan.unchanged("in place"), "OK NONE in place"),
        Arguments.of(Plan.failed("no such package"), "FAILED NONE no such package"),
        Arguments.of(change, "CHANGED KNOWN write /etc/motd"),
        Arguments.of(Plan.change("start apache2", List.of(), List.of()).dependingOn("the install of apache2"),
            "CHANGED DEPENDS start apache2 (depends on the install of apache2)"),
        Arguments.of(Plan.unpredictable("run make", List.of()),
            "SKIPPED UNKNOWN check mode: run make would run, and what it changes cannot be known without running it"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("plans")
  void aCheckRunSaysWhatItKnowsOfEachPlan(Plan plan, String expected) {
    assertEquals(expected, shown(Outcome.planned(plan)));
  }

  static Stream<Arguments> items() {
    Outcome ok = Outcome.ok("same", Map.of());
    Outcome changed = Outcome.changed("wrote", Map.of(), List.of());
    Outcome skipped = Outcome.skipped("Conditional result was False");
    Outcome failed = Outcome.failed("boom");
    Outcome depends = Outcome.planned(Plan.change("start", List.of(), List.of()).dependingOn("an install"));
    return Stream.of(
        Arguments.of(List.of(ok, ok), "OK NONE"),
        Arguments.of(List.of(ok, changed), "CHANGED NONE"),
        Arguments.of(List.of(skipped, skipped), "SKIPPED NONE All items skipped"),
        Arguments.of(List.of(skipped, ok), "OK NONE"),
        Arguments.of(List.of(changed, failed), "FAILED NONE One or more items failed"),
        Arguments.of(List.of(changed, failed.ignoringErrors()), "CHANGED NONE"),
        Arguments.of(List.of(ok, depends), "CHANGED DEPENDS"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("items")
  void aLoopIsChangedIfAnyItemChangedFailedIfAnyFailedAndAsCertainAsItsLeastCertainItem(List<Outcome> items, String expected) {
    assertEquals(expected, shown(Outcome.ofItems(items)));
  }

  static Stream<Arguments> verdicts() {
    Outcome changed = Outcome.changed("ran", Map.of("rc", 0), List.of());
    Outcome failed = Outcome.failed("non-zero return code", Map.of("rc", 1), List.of());
    return Stream.of(
        Arguments.of(changed, null, null, "CHANGED NONE ran"),
        Arguments.of(changed, false, null, "OK NONE ran"),
        Arguments.of(Outcome.ok("same", Map.of()), true, null, "CHANGED NONE same"),
        Arguments.of(changed, null, true, "FAILED NONE failed_when matched: rc == 0"),
        Arguments.of(failed, null, false, "OK NONE"),
        Arguments.of(failed, true, false, "CHANGED NONE"),
        Arguments.of(failed, null, null, "FAILED NONE non-zero return code"),
        Arguments.of(Outcome.skipped("no"), true, true, "SKIPPED NONE no"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("verdicts")
  void changedWhenThenFailedWhen(Outcome given, Boolean changed, Boolean failed, String expected) {
    assertEquals(expected, shown(given.judged(changed, failed, "rc == 0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ignoring")
  void ignoreErrorsMarksOnlyFailures(Outcome given, String expected) {
    assertEquals(expected, shown(given.ignoringErrors()));
  }

  static Stream<Arguments> ignoring() {
    return Stream.of(
        Arguments.of(Outcome.failed("boom"), "FAILED NONE boom ignored"),
        Arguments.of(Outcome.changed("wrote", Map.of(), List.of()), "CHANGED NONE wrote"));
  }

  @org.junit.jupiter.api.Test
  void aResultRegistersItsFileChangesAsAnsiblesDiffEntries() {
    Outcome wrote = Outcome.changed("wrote", Map.of("dest", "/etc/motd"),
        List.of(new runbook.spi.FileDiff("/etc/motd", "old\n", "new\n"))).withDiffsRegistered();
    assertEquals(List.of(Map.of("before", "old\n", "after", "new\n", "before_header", "/etc/motd", "after_header", "/etc/motd")),
        wrote.registered().get("diff"));
    Outcome ran = Outcome.changed("ran", Map.of("rc", 0), List.of());
    assertEquals(false, ran.withDiffsRegistered().registered().containsKey("diff"));
  }
}
