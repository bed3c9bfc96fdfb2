package runbook.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Private key files, each read once per run however many hosts log in with it: decoding a key
 * costs more than the login's round trips on a cold JVM.
 */
final class KeyFiles {
  /** A key ready to offer, or else why it cannot be, as a sentence about the host it was for. */
  record Key(KeyProvider provider, Function<String, String> problem) {}

  private final Map<Path, Key> keys = new ConcurrentHashMap<>();

  /** The key in {@code file}, loaded with {@code client}'s key formats the first time it is asked for. */
  Key load(Path file, SSHClient client) {
    return keys.computeIfAbsent(file, f -> read(f, client));
  }

  /** Loads the key now, so that one with a passphrase is known before it is offered. */
  private static Key read(Path file, SSHClient client) {
    if (!Files.isReadable(file)) {
      return new Key(null, host -> "cannot read the private key " + file + " for " + host);
    }
    boolean[] asked = {false};
    try {
      KeyProvider provider = client.loadKeys(file.toString(), new PasswordFinder() {
        @Override
        public char[] reqPassword(Resource<?> resource) {
          asked[0] = true;
          return new char[0];
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
          return false;
        }
      });
      provider.getPrivate();
      return new Key(provider, null);
    } catch (IOException e) {
      return new Key(null, asked[0]
          ? host -> "the private key " + file + " for " + host + " has a passphrase, which runbook does not ask for: add the key to ssh-agent"
          : host -> "cannot load the private key " + file + " for " + host + ": " + e.getMessage());
    }
  }
}
