package runbook.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModesTest {
  @ParameterizedTest(name = "{0} on {1} (dir={2}) -> {3}")
  @CsvSource({
    // spec,          current, directory, expected
    "0644,            0000,    false,     0644",
    "644,             0777,    false,     0644",
    "0o644,           0000,    false,     0644",
    "2775,            0755,    true,      02775",
    "02775,           0000,    true,      02775",
    "1777,            0755,    true,      01777",
    "4755,            0644,    false,     04755",
    "'u=rwx,g=rx,o=', 0644,    false,     0750",
    "'u+x,g-w',       0664,    false,     0744",
    "g+s,             0775,    true,      02775",
    "g+s,             2775,    true,      02775",
    "u+s,             0755,    false,     04755",
    "o+t,             0777,    true,      01777",
    "+t,              0777,    true,      01777",
    "g-s,             2775,    true,      0775",
    "'g=rx',          2775,    true,      0755",
    "a+X,             0644,    false,     0644",
    "a+X,             0744,    false,     0755",
    "a+X,             0600,    true,      0711",
    "'a=rX',          0700,    true,      0555",
    "a+x,             0644,    false,     0755",
    "+x,              0644,    false,     0755",
    "+w,              0444,    false,     0644",
    "a+w,             0444,    false,     0666",
    "'u=rw,go=r',     0777,    false,     0644",
    "g=u,             0740,    false,     0770",
    "o=g,             0750,    false,     0755",
    "u-x+s,           0755,    false,     04655",
    "'a=',            0777,    false,     0000",
    "'u=rwx,g=rwxs,o=rx', 0644, true,     02775",
  })
  void appliesLikeAnsible(String spec, String current, boolean directory, String expected) {
    assertEquals(expected, Modes.octal(Modes.apply(spec, Integer.parseInt(current, 8), directory)));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0644,      ''",
    "u+x,       ''",
    "'u=rwx,g=rx,o=', ''",
    "9644,      bad symbolic permission for mode: 9644",
    "u+q,       bad symbolic permission for mode: u+q",
    "'u+x,',    'bad symbolic permission for mode: u+x,'",
    "x+u,       bad symbolic permission for mode: x+u",
    "17777,     bad symbolic permission for mode: 17777",
  })
  void rejectsWhatIsNotAMode(String spec, String problem) {
    assertEquals(problem, Modes.problem(spec).orElse(""));
  }
}
