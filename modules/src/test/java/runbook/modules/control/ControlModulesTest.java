package runbook.modules.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Module;

/** debug, assert, set_fact and fail: controller-only, so "converged" is their only outcome besides failing. */
class ControlModulesTest {
  static Stream<Arguments> cases() {
    var debug = new DebugModule();
    var check = new AssertModule();
    var setFact = new SetFactModule();
    var fail = new FailModule();
    return Stream.of(
        Arguments.of("debug msg", debug, args("msg", "hi there"), "ok: hi there\n  data {msg=hi there}\n"),
        Arguments.of("debug default", debug, args(), "ok: Hello world!\n  data {msg=Hello world!}\n"),
        Arguments.of("debug var", debug, args("var", "port"), "ok: port: 8080\n  data {port=8080}\n"),
        Arguments.of("debug undefined var", debug, args("var", "nope"), "ok: nope: VARIABLE IS NOT DEFINED!\n  data {nope=VARIABLE IS NOT DEFINED!}\n"),
        Arguments.of("assert holds", check, args("that", List.of("enabled", "port == '8080'")),
            "ok: All assertions passed\n  data {msg=All assertions passed}\n"),
        Arguments.of("assert fails naming the condition", check, args("that", List.of("enabled", "not enabled")),
            "failed: Assertion failed: not enabled\n  data {assertion=not enabled, evaluated_to=false, msg=Assertion failed: not enabled}\n"),
        Arguments.of("assert with fail_msg and a single condition", check, args("that", "port == '80'", "msg", "wrong port"),
            "failed: wrong port\n  data {assertion=port == '80', evaluated_to=false, msg=wrong port}\n"),
        Arguments.of("set_fact", setFact, args("role", "web", "weight", 3, "cacheable", true), "ok: set role, weight\n  data {ansible_facts={role=web, weight=3}}\n"),
        Arguments.of("set_fact: the words true, false, yes, no (any case) are booleans, as in Ansible", setFact,
            args("a", "yes", "b", "False", "c", "on", "d", "y", "e", "TRUE"),
            "ok: set a, b, c, d, e\n  data {ansible_facts={a=true, b=false, c=on, d=y, e=true}}\n"),
        Arguments.of("set_fact without facts", setFact, args("cacheable", false),
            "failed: No key/value pairs provided, at least one is required for this action to succeed\n"),
        Arguments.of("set_fact with a bad name", setFact, args("my-var", 1),
            "failed: The variable name 'my-var' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.\n"),
        Arguments.of("fail default", fail, args(), "failed: Failed as requested from task\n"),
        Arguments.of("fail msg", fail, args("msg", "stop here"), "failed: stop here\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Module module, Map<String, Object> args, String expected) {
    var controller = FakeController.empty().var("port", 8080).var("enabled", true);
    assertEquals(expected, PlanText.of(Calls.plan(module, args, FakeHost.empty(), controller, false)));
  }
}
