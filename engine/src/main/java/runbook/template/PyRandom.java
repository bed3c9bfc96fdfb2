package runbook.template;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Python's random.Random: the Mersenne Twister seeded as Python seeds it, so that
 * {@code 59 | random(seed=inventory_hostname)} picks the minute Ansible picks. Without a seed,
 * the system's secure source, as Ansible's SystemRandom.
 */
final class PyRandom {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] mt = new int[N];
  private int index = N;
  private final SecureRandom system;

  private PyRandom(SecureRandom system) {
    this.system = system;
  }

  static PyRandom system() {
    return new PyRandom(new SecureRandom());
  }

  /** Python's Random(seed): a string through its SHA-512 as Python 3 does, an integer as it is. */
  static PyRandom seeded(Object seed) {
    PyRandom random = new PyRandom(null);
    BigInteger number;
    if (seed instanceof Integer || seed instanceof Long || seed instanceof BigInteger) {
      number = new BigInteger(seed.toString()).abs();
    } else {
      byte[] text = Python.str(seed).getBytes(StandardCharsets.UTF_8);
      byte[] digest;
      try {
        digest = MessageDigest.getInstance("SHA-512").digest(text);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      byte[] all = new byte[text.length + digest.length];
      System.arraycopy(text, 0, all, 0, text.length);
      System.arraycopy(digest, 0, all, text.length, digest.length);
      number = new BigInteger(1, all);
    }
    int words = Math.max(1, (number.bitLength() + 31) / 32);
    int[] key = new int[words];
    for (int i = 0; i < words; i++) {
      key[i] = number.shiftRight(32 * i).intValue();
    }
    random.seedByArray(key);
    return random;
  }

  private void seedByArray(int[] key) {
    mt[0] = 19650218;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private int next32() {
    if (index >= N) {
      for (int k = 0; k < N; k++) {
        int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0df);
      }
      index = 0;
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return y ^ (y >>> 18);
  }

  /** Python's getrandbits(k) for k up to 63: 32-bit words, the least significant first. */
  private long bits(int k) {
    long result = 0;
    for (int shift = 0; k > 0; shift += 32, k -= 32) {
      long word = next32() & 0xffffffffL;
      if (k < 32) {
        word >>>= 32 - k;
      }
      result |= word << shift;
    }
    return result;
  }

  /** Python's _randbelow: a number in [0, n), drawn bit-exactly as Python draws it. */
  long below(long n) {
    if (system != null) {
      return system.nextLong(n);
    }
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = bits(k);
    while (r >= n) {
      r = bits(k);
    }
    return r;
  }

  /** Python's randrange(start, stop, step). */
  long range(long start, long stop, long step) {
    if (step == 0) {
      throw new TemplateError("random: zero step for randrange()");
    }
    long width = stop - start;
    long n = step == 1 ? width : step > 0 ? Math.floorDiv(width + step - 1, step) : Math.floorDiv(width + step + 1, step);
    if (n <= 0) {
      throw new TemplateError("random: empty range for randrange() (" + start + ", " + stop + ", " + step + ")");
    }
    return start + step * below(n);
  }

  /** Python's shuffle, in place. */
  void shuffle(List<Object> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = (int) below(i + 1L);
      Object swap = items.get(i);
      items.set(i, items.get(j));
      items.set(j, swap);
    }
  }
}
