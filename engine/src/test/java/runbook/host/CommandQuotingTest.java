package runbook.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.connect.ExecResult;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.Shell;

/**
 * Every value reaches the command line only as {@link Shell#quote} made it: with those quoted words
 * taken out, no trace of any value is left. The values all carry the word "pwned".
 */
class CommandQuotingTest {
  static final String PATH = "/etc/$(touch pwned) it's.conf";
  static final String OTHER = "`touch pwned`;&& *";

  record Case(Action action, List<String> values) {
    @Override
    public String toString() {
      return action.getClass().getSimpleName();
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(new Action.WriteFile(PATH, "pwned".getBytes(StandardCharsets.UTF_8), "u+x pwned", "pwned-o", "pwned g", true),
            List.of(PATH, ActionRunner.tempTemplate(PATH), ActionRunner.leftoverPattern(PATH), "pwned-o:pwned g", "u+x pwned")),
        new Case(new Action.SetAttributes(PATH, "g-w;pwned", "pwned-o", null, true, false), List.of(PATH, "pwned-o", "g-w;pwned")),
        new Case(new Action.MakeDirectory(PATH, "0755", null, "pwned g"), List.of(PATH, ":pwned g")),
        new Case(new Action.MakeLink(OTHER + "pwned", PATH, false, true), List.of(PATH, OTHER + "pwned")),
        new Case(new Action.Remove(PATH), List.of(PATH)),
        new Case(new Action.Touch(PATH), List.of(PATH)),
        new Case(new Action.Run(Command.of(List.of("pwned", PATH, OTHER + "pwned")).in(PATH).withStdin("pwned")),
            List.of("pwned", PATH, OTHER + "pwned")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void valuesAppearOnlyQuoted(Case c) {
    List<String> commands = new ArrayList<>();
    List<byte[]> stdins = new ArrayList<>();
    new ActionRunner(TestHost.wrapping((command, stdin) -> {
      commands.add(command);
      stdins.add(stdin);
      return new ExecResult(0, new byte[0], new byte[0]);
    })).run(c.action());
    assertEquals(1, commands.size(), "one exec per action");
    String rest = commands.get(0);
    for (String value : c.values().stream().sorted((a, b) -> b.length() - a.length()).toList()) {
      assertTrue(rest.contains(Shell.quote(value)), () -> value + " in " + commands.get(0));
      rest = rest.replace(Shell.quote(value), "");
    }
    assertFalse(rest.contains("pwned"), rest);
    if (c.action() instanceof Action.WriteFile w) {
      assertArrayEquals(w.content(), stdins.get(0), "content travels on stdin, never on the command line");
    }
  }

  static Stream<String> destinations() {
    return Stream.of("/etc/app.conf", "app.conf", "/", "/a/" + "é".repeat(127), "/a/" + "😀".repeat(63));
  }

  @ParameterizedTest
  @MethodSource("destinations")
  void tempFilesAreHiddenBesideTheDestinationAndNamedForCleaning(String path) {
    String template = ActionRunner.tempTemplate(path);
    int slash = path.lastIndexOf('/');
    assertEquals(path.substring(0, slash + 1), template.substring(0, slash + 1), "same directory");
    String name = template.substring(slash + 1);
    assertTrue(name.startsWith(".") && name.endsWith(ActionRunner.TEMP_MARK + "XXXXXX"), name);
    assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
  }

  /** Octal modes get five digits (exact bits even on a setgid directory); anything else is chmod's to judge. */
  @ParameterizedTest
  @CsvSource({"644,00644", "0644,00644", "2775,02775", "02775,02775", "0,00000", "u+x,u+x", "-w,-w", "99,99", "17777,17777",
      "'u=rw,g=r','u=rw,g=r'", "'u+x x','''u+x x'''"})
  void modes(String mode, String word) {
    assertEquals(word, ActionRunner.chmodMode(mode));
  }
}
