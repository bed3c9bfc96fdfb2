package runbook.connect;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.List;
import java.util.Map;

/**
 * sshj asks for an "ECDSA" KeyFactory, which is Bouncy Castle's name for what the JDK calls "EC".
 * Registering Bouncy Castle costs about 200 ms per run, so this tiny provider answers that one
 * name with the JDK's own implementation: ECDSA user keys and host keys work without it.
 */
final class EcdsaAlias extends Provider {
  private static final long serialVersionUID = 1L;

  private EcdsaAlias() {
    super("runbook-ecdsa-alias", "1", "KeyFactory ECDSA as the JDK's EC");
    putService(
        new Service(this, "KeyFactory", "ECDSA", EcKeyFactory.class.getName(), List.of(), Map.of()) {
          @Override
          public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return new EcKeyFactory();
          }
        });
  }

  /** Adds the alias once, unless some provider (Bouncy Castle) already answers "ECDSA". */
  static synchronized void install() {
    try {
      KeyFactory.getInstance("ECDSA");
    } catch (NoSuchAlgorithmException missing) {
      Security.addProvider(new EcdsaAlias());
    }
  }

  /** Every call goes to the JDK's "EC" key factory. */
  private static final class EcKeyFactory extends KeyFactorySpi {
    private final KeyFactory ec;

    EcKeyFactory() throws NoSuchAlgorithmException {
      ec = KeyFactory.getInstance("EC");
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
      return ec.generatePublic(spec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
      return ec.generatePrivate(spec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
      return ec.getKeySpec(key, type);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
      return ec.translateKey(key);
    }
  }
}
