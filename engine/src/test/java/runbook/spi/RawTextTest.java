package runbook.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bytes in, text out as a diff shows it, and the very same bytes back. */
class RawTextTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("ASCII", "6e616d653d310a", "name=1\n"),
        Arguments.of("UTF-8 stays text", "636166c3a90a", "café\n"),
        Arguments.of("Latin-1 byte", "636166e90a", "caf\\xE9\n"),
        Arguments.of("a UTF-8 letter beside a stray byte", "c3a9e9", "é\\xE9"),
        Arguments.of("a sequence cut short at the end", "61e282", "a\\xE2\\x82"),
        Arguments.of("an encoded surrogate is not UTF-8", "eda080", "\\xED\\xA0\\x80"),
        Arguments.of("an overlong slash is not UTF-8", "c0af", "\\xC0\\xAF"),
        Arguments.of("U+10080, whose low half looks like an escape", "f0908280", "\uD800\uDC80"),
        Arguments.of("U+10080 then the stray byte 0x80", "f090828080", "\uD800\uDC80\\x80"),
        Arguments.of("every byte from 0x80 to 0xFF", range(0x80, 0x100), escapes(0x80, 0x100)),
        Arguments.of("nothing", "", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsEveryByte(String name, String hex, String shown) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    String text = RawText.decode(bytes);
    assertEquals(shown, RawText.visible(text));
    assertArrayEquals(bytes, RawText.encode(text));
  }

  private static String range(int from, int to) {
    var hex = new StringBuilder();
    for (int b = from; b < to; b++) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static String escapes(int from, int to) {
    var text = new StringBuilder();
    for (int b = from; b < to; b++) {
      text.append(String.format("\\x%02X", b));
    }
    return text.toString();
  }
}
