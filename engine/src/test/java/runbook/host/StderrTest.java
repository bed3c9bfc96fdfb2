package runbook.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StderrTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "mv: cannot move '/a' to '/b': Permission denied                                   | Permission denied",
      "find: './it\\'s: x': No such file or directory                                    | No such file or directory",
      "cat: /etc/shadow: Permission denied                                               | Permission denied",
      "mktemp: failed to create file via template '/x/.y.runbook-tmp.XXXXXX': No such file or directory | No such file or directory",
      "\"chmod: invalid mode: 'u+q'\nTry 'chmod --help' for more information.\n\"        | invalid mode: 'u+q'",
      "/bin/sh: 1: cannot create /x/y: Directory nonexistent                             | Directory nonexistent",
      "dash: 1: cd: can't cd to /nope                                                    | cd: can't cd to /nope",
      "\"chown: warning\nchown: invalid user: 'bob'\n\"                                   | invalid user: 'bob'",
      "\"\"                                                                              | \"\"",
  })
  void reasonIsTheLastMeaningfulError(String stderr, String reason) {
    assertEquals(reason, Stderr.reason(stderr));
  }
}
