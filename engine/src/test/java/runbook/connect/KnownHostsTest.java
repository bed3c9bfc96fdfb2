package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.connect.KnownHosts.Verdict;

class KnownHostsTest {
  // Two keys made by ssh-keygen; the hashed lines are ssh-keygen -H output for 10.0.0.5 and [example.org]:2222.
  static final String K1 = "AAAAC3NzaC1lZDI1NTE5AAAAINGbWHBnJ72/p6kIkDObuLAwGbi+Z43xteRCSaX5Knxs";
  static final String K2 = "AAAAC3NzaC1lZDI1NTE5AAAAIGkWHwkv6JZHiZ/U6M0rgmOci76J3fYJeKUGBFJqaxix";
  static final String K1_FINGERPRINT = "SHA256:Qkg+j8GUOFmgjhjM4VY34LUOFPh3597dITN05ZcbZkQ";

  static final KnownHosts FILE = KnownHosts.parse(List.of(
      "# comment",
      "",
      "|1|XLC9fzosz7BOhheFAjkJPsuj/5o=|11abHE/nLj49+9Ykyv7CAoIp4jU= ssh-ed25519 " + K1,
      "|1|uRDmuAT82lmLiJSxjfkK7R5MSnc=|0qX4A01vdzxULlkyoKgE+sdqOtE= ssh-ed25519 " + K1,
      "plain.example,10.0.0.9 ssh-ed25519 " + K1 + " a comment",
      "*.lab,!bad.lab ssh-ed25519 " + K1,
      "[10.0.0.7]:2200 ssh-ed25519 " + K2,
      "node?.dc ssh-ed25519 " + K2,
      "@revoked * ssh-ed25519 " + K2,
      "@cert-authority *.ca ssh-ed25519 " + K1,
      "broken line",
      "notbase64 ssh-ed25519 !!!"));

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("10.0.0.5", 22, K1, Verdict.TRUSTED),
        Arguments.of("10.0.0.5", 22, K2, Verdict.REVOKED),
        Arguments.of("10.0.0.5", 2222, K1, Verdict.UNKNOWN),
        Arguments.of("example.org", 2222, K1, Verdict.TRUSTED),
        Arguments.of("EXAMPLE.org", 2222, K1, Verdict.TRUSTED),
        Arguments.of("example.org", 22, K1, Verdict.UNKNOWN),
        Arguments.of("plain.example", 22, K1, Verdict.TRUSTED),
        Arguments.of("10.0.0.9", 22, K1, Verdict.TRUSTED),
        Arguments.of("10.0.0.9", 22, changed(K1), Verdict.CHANGED),
        Arguments.of("web.lab", 22, K1, Verdict.TRUSTED),
        Arguments.of("bad.lab", 22, K1, Verdict.UNKNOWN),
        Arguments.of("10.0.0.7", 2200, K1, Verdict.CHANGED),
        Arguments.of("10.0.0.7", 22, K1, Verdict.UNKNOWN),
        Arguments.of("node1.dc", 22, K1, Verdict.CHANGED),
        Arguments.of("node12.dc", 22, K1, Verdict.UNKNOWN),
        Arguments.of("x.ca", 22, K1, Verdict.UNKNOWN),
        Arguments.of("nowhere", 22, K1, Verdict.UNKNOWN));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void verdicts(String host, int port, String key, Verdict expected) {
    assertEquals(expected, FILE.check(host, port, Base64.getDecoder().decode(key)));
  }

  @ParameterizedTest
  @MethodSource("lookups")
  void lookupNames(String host, int port, String name) {
    assertEquals(name, KnownHosts.lookupName(host, port));
  }

  static Stream<Arguments> lookups() {
    return Stream.of(
        Arguments.of("Host.Example", 22, "host.example"),
        Arguments.of("10.0.0.1", 2222, "[10.0.0.1]:2222"),
        Arguments.of("::1", 2222, "[::1]:2222"));
  }

  @ParameterizedTest
  @MethodSource("types")
  void keyTypesOnFileSteerTheServerToACheckableKey(String host, int port, List<String> types) {
    assertEquals(types, FILE.keyTypes(host, port));
  }

  static Stream<Arguments> types() {
    return Stream.of(
        Arguments.of("10.0.0.5", 22, List.of("ssh-ed25519")),
        Arguments.of("10.0.0.5", 23, List.of()),
        Arguments.of("x.ca", 22, List.of()));
  }

  @org.junit.jupiter.api.Test
  void fingerprintIsOpenSshs() {
    assertEquals(K1_FINGERPRINT, KnownHosts.fingerprint(Base64.getDecoder().decode(K1)));
  }

  private static String changed(String key) {
    byte[] b = Base64.getDecoder().decode(key);
    b[b.length - 1] ^= 1;
    return Base64.getEncoder().encodeToString(b);
  }
}
