package runbook.modules.packages;

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
import runbook.spi.CommandResult;

/** debconf from debconf-show (and debconf-communicate for a password), set through debconf-set-selections' stdin. */
class DebconfPlanTest {
  private static final String SHOWN = "* tzdata/Areas: Europe\n  tzdata/Zones/Europe: \n* popcon/participate: false\n  db/root_password: (password omitted)\n";
  private static final String CURRENT = "current={db/root_password=(password omitted), popcon/participate=false, tzdata/Areas=Europe, tzdata/Zones/Europe=}";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged", args("name", "tzdata", "question", "tzdata/Areas", "vtype", "select", "value", "Europe"), shown(),
            "ok: tzdata/Areas of tzdata is 'Europe'\n  data {" + CURRENT + "}\n"),
        Arguments.of("a new value is set through stdin", args("name", "tzdata", "question", "tzdata/Zones/Europe", "vtype", "select", "value", "Paris"), shown(),
            "changed: set tzdata/Zones/Europe of tzdata to 'Paris'\n  touches debconf:tzdata/Zones/Europe\n"
                + "  run [debconf-set-selections] stdin=\"tzdata tzdata/Zones/Europe select Paris\\n\"\n"
                + "  diff debconf tzdata \"tzdata/Zones/Europe: \\n\" -> \"tzdata/Zones/Europe: Paris\\n\"\n"
                + "  data {current={tzdata/Zones/Europe=Paris}, previous={tzdata/Zones/Europe=}}\n"),
        Arguments.of("a question not asked yet, unseen", args("name", "tzdata", "question", "tzdata/Zones/Asia", "vtype", "select", "value", "Tokyo", "unseen", true),
            shown(),
            "changed: set tzdata/Zones/Asia of tzdata to 'Tokyo'\n  touches debconf:tzdata/Zones/Asia\n"
                + "  run [debconf-set-selections, -u] stdin=\"tzdata tzdata/Zones/Asia select Tokyo\\n\"\n"
                + "  diff debconf tzdata \"\" -> \"tzdata/Zones/Asia: Tokyo\\n\"\n"
                + "  data {current={tzdata/Zones/Asia=Tokyo}, previous={tzdata/Zones/Asia=}}\n"),
        Arguments.of("a boolean is compared and set in lower case, as Ansible's", args("name", "popcon", "question", "popcon/participate", "vtype", "boolean", "value", "False"),
            shown(), "ok: popcon/participate of popcon is 'false'\n  data {" + CURRENT + "}\n"),
        Arguments.of("a boolean given as YAML's true", args("name", "popcon", "question", "popcon/participate", "vtype", "boolean", "value", true),
            shown(),
            "changed: set popcon/participate of popcon to 'true'\n  touches debconf:popcon/participate\n"
                + "  run [debconf-set-selections] stdin=\"popcon popcon/participate boolean true\\n\"\n"
                + "  diff debconf popcon \"popcon/participate: false\\n\" -> \"popcon/participate: true\\n\"\n"
                + "  data {current={popcon/participate=true}, previous={popcon/participate=false}}\n"),
        Arguments.of("a password that debconf holds already: compared, never shown", args("name", "db", "question", "db/root_password", "vtype", "password", "value", "s3cret!"),
            shown().probe("debconf-communicate db", 0, "0 s3cret!\n"), "ok: db/root_password of db is the password given\n  data {" + CURRENT + "}\n"),
        Arguments.of("a different password: set, and shown nowhere", args("name", "db", "question", "db/root_password", "vtype", "password", "value", "n3w"),
            shown().probe("debconf-communicate db", 0, "0 s3cret!\n"),
            "changed: set db/root_password of db\n  touches debconf:db/root_password\n"
                + "  run [debconf-set-selections] stdin=\"db db/root_password password n3w\\n\"\n"
                + "  diff debconf db \"db/root_password: (password omitted)\\n\" -> \"db/root_password: (password omitted) (changed)\\n\"\n"
                + "  data {current={db/root_password=NOT_LOGGING_PASSWORD}, previous={db/root_password=(password omitted)}}\n"),
        Arguments.of("a password debconf-communicate cannot read (no root) counts as different, as in Ansible",
            args("name", "db", "question", "db/root_password", "vtype", "password", "value", "s3cret!"),
            shown().probe("debconf-communicate db", new CommandResult(1, "", "debconf: DbDriver \"config\": could not write /var/cache/debconf/config.dat-new: Permission denied\n")),
            "changed: set db/root_password of db\n  touches debconf:db/root_password\n"
                + "  run [debconf-set-selections] stdin=\"db db/root_password password s3cret!\\n\"\n"
                + "  diff debconf db \"db/root_password: (password omitted)\\n\" -> \"db/root_password: (password omitted) (changed)\\n\"\n"
                + "  data {current={db/root_password=NOT_LOGGING_PASSWORD}, previous={db/root_password=(password omitted)}}\n"),
        Arguments.of("check mode after an earlier task's simulated answer to the question: it depends on that",
            args("name", "tzdata", "question", "tzdata/Areas", "vtype", "select", "value", "Europe"),
            shown().pending("debconf:tzdata/Areas", "set tzdata/Areas of tzdata to 'Asia'"),
            "depends on set tzdata/Areas of tzdata to 'Asia': set tzdata/Areas of tzdata to 'Europe'\n  touches debconf:tzdata/Areas\n"
                + "  run [debconf-set-selections] stdin=\"tzdata tzdata/Areas select Europe\\n\"\n"
                + "  diff debconf tzdata \"tzdata/Areas: Europe\\n\" -> \"tzdata/Areas: Europe\\n\"\n"
                + "  data {current={tzdata/Areas=Europe}, previous={tzdata/Areas=Europe}}\n"),
        Arguments.of("no question: the answers are read", args("name", "tzdata"), shown(), "ok: nothing asked to set; read the answers of tzdata\n  data {" + CURRENT + "}\n"),
        Arguments.of("question, vtype and value go together", args("name", "tzdata", "question", "tzdata/Areas", "value", "Europe"), shown(),
            "failed: parameters are required together: question, vtype, value\n"),
        Arguments.of("debconf-show fails", args("name", "tzdata"), FakeHost.empty().probe("debconf-show tzdata", new CommandResult(127, "", "sh: debconf-show: not found\n")),
            "failed: sh: debconf-show: not found\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new DebconfModule(), args, host, FakeController.empty(), false)));
  }

  private static FakeHost shown() {
    return FakeHost.empty().probe("debconf-show tzdata", 0, SHOWN).probe("debconf-show popcon", 0, SHOWN).probe("debconf-show db", 0, SHOWN);
  }
}
