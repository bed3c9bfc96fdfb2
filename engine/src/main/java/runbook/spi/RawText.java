package runbook.spi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * File content as text without losing a byte, as Python's {@code surrogateescape} does it: valid
 * UTF-8 decodes to its characters, so a user's regexp matches a UTF-8 line as text; every byte that
 * is not part of valid UTF-8 becomes one lone surrogate U+DC80..U+DCFF, which {@link #encode} turns
 * back into that byte. So {@code encode(decode(b))} equals {@code b} for every byte array, and an
 * edit keeps every byte it does not touch. (ISO-8859-1 would keep the bytes too, but would make
 * {@code .} match half of a UTF-8 "é".) Valid UTF-8 never decodes to a lone surrogate, since the
 * decoder refuses encoded surrogates, so the escapes cannot be confused with real text.
 */
public final class RawText {
  private static final char FIRST_ESCAPE = '\uDC80';
  private static final char LAST_ESCAPE = '\uDCFF';

  private RawText() {}

  public static String decode(byte[] bytes) {
    if (bytes == null) {
      return "";
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never gives more chars than bytes, and an escape is one char per byte.
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result;
    while ((result = decoder.decode(in, out, true)).isError()) {
      for (int i = 0; i < result.length(); i++) {
        out.put((char) (0xDC00 | (in.get() & 0xFF)));
      }
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  public static byte[] encode(String text) {
    int escapes = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isEscape(text, i)) {
        escapes++;
      }
    }
    if (escapes == 0) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    var out = new java.io.ByteArrayOutputStream(text.length() + 8);
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isEscape(text, i)) {
        out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
        out.write(c & 0xFF);
        start = i + 1;
      }
    }
    out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The text with each escaped byte written {@code \xE9}, for showing it: never a silent U+FFFD. */
  public static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isEscape(text, i)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append(String.format("\\x%02X", c & 0xFF));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** A lone low surrogate in the escape range; after a high surrogate it is half of a real character (U+10080...). */
  private static boolean isEscape(String text, int i) {
    char c = text.charAt(i);
    return c >= FIRST_ESCAPE && c <= LAST_ESCAPE && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
  }
}
