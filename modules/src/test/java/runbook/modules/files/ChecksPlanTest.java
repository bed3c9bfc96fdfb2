package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Action;
import runbook.spi.Module;
import runbook.spi.Plan;

/** validate and configtest reach the write of every module that writes through FileWrite, split into words as Ansible splits them. */
class ChecksPlanTest {
  static final String F = "/etc/apache2/sites-available/app.conf";
  static final String OLD = "<VirtualHost *:80>\n  DocumentRoot /srv/app\n</VirtualHost>\n";
  static final String RULE = "  RewriteRule (.*) http://app-new.example.com/$1 [L,P]";

  static Stream<Arguments> cases() {
    var controller = FakeController.empty().file("templates/app.conf.j2", "proxy\n");
    return Stream.of(
        Arguments.of("copy", new CopyModule(), args("dest", F, "content", "proxy\n"), controller),
        Arguments.of("template", new TemplateModule(), args("dest", F, "src", "app.conf.j2"), controller),
        Arguments.of("lineinfile", new LineInFileModule(), args("path", F, "line", RULE, "insertbefore", "^</VirtualHost>"), controller),
        Arguments.of("blockinfile", new BlockInFileModule(), args("path", F, "block", RULE, "insertbefore", "^</VirtualHost>"), controller),
        Arguments.of("replace", new ReplaceModule(), args("path", F, "regexp", "DocumentRoot .*", "replace", RULE.strip()), controller));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theChecksGoWithTheWrite(String name, Module module, Map<String, Object> given, FakeController controller) {
    var withChecks = new java.util.LinkedHashMap<>(given);
    withChecks.put("validate", "apache2ctl -t -f '%s'");
    withChecks.put("configtest", "apache2ctl configtest");
    Plan plan = Calls.plan(module, withChecks, host(), controller, false);
    var write = ((Plan.Change) plan).actions().stream().filter(Action.WriteFile.class::isInstance).map(Action.WriteFile.class::cast).findFirst().orElseThrow();
    assertEquals(java.util.List.of("apache2ctl", "-t", "-f", "%s"), write.validate(), PlanText.of(plan));
    assertEquals(java.util.List.of("apache2ctl", "configtest"), write.configtest());
    assertEquals(PlanText.of(Calls.plan(module, given, host(), controller, false)).replace("\"\n  diff", "\" validate=[apache2ctl, -t, -f, %s] configtest=[apache2ctl, configtest]\n  diff"),
        PlanText.of(plan), "nothing else differs");
  }

  static Stream<Arguments> otherCases() {
    return Stream.of(
        Arguments.of("converged: nothing to check", new CopyModule(), args("dest", F, "content", OLD, "configtest", "apache2ctl configtest"),
            "ok: " + F + " is up to date\n"),
        Arguments.of("only attributes change: the content is not checked again", new CopyModule(),
            args("dest", F, "content", OLD, "mode", "0600", "validate", "apache2ctl -t -f %s"),
            "changed: attributes of " + F + " changed\n  attributes " + F + " mode=0600\n"),
        Arguments.of("a validate with an open quote", new ReplaceModule(), args("path", F, "regexp", "x", "replace", "y", "validate", "check '%s"),
            "failed: The validate command of " + F + " leaves a quote open.\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherCases")
  void otherwise(String name, Module module, Map<String, Object> given, String expectedStart) {
    String plan = PlanText.of(Calls.plan(module, given, host(), FakeController.empty(), false));
    assertEquals(expectedStart, plan.substring(0, Math.min(plan.length(), expectedStart.length())), plan);
  }

  private static FakeHost host() {
    return FakeHost.empty().dir("/etc/apache2/sites-available").file(F, OLD);
  }
}
