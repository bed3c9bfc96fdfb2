package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ECDSA keys (user keys and host keys alike) are read by sshj through a KeyFactory named "ECDSA",
 * which the JDK does not have under that name; the alias must make every curve readable.
 */
class EcdsaAliasTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"256, EC", "384, EC", "521, EC"})
  void sshjReadsEcdsaPublicKeys(int bits, String algorithm) throws Exception {
    EcdsaAlias.install();
    Path key = dir.resolve("id_ecdsa_" + bits);
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", String.valueOf(bits), "-N", "", "-f", key.toString())
        .redirectErrorStream(true).start();
    assertEquals(0, keygen.waitFor(), new String(keygen.getInputStream().readAllBytes()));
    String blob = Files.readString(Path.of(key + ".pub")).split(" ")[1];
    PublicKey parsed = new Buffer.PlainBuffer(Base64.getDecoder().decode(blob)).readPublicKey();
    assertEquals(algorithm, parsed.getAlgorithm());
  }
}
