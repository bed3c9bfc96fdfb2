package runbook.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** A runbook's or inventory's text: UTF-8, no NUL bytes, within the YAML parser's limit; else one problem naming the file. */
final class TextFile {
  /** What the YAML parser reads at most (snakeyaml-engine's default, 3 MiB of characters). */
  static final int LIMIT = LoadSettings.builder().build().getCodePointLimit();

  private TextFile() {}

  static Optional<String> read(Path path, Problems problems) {
    byte[] bytes;
    try {
      // a UTF-8 character is at most 4 bytes: a file larger than that cannot be within the limit
      if (Files.size(path) > 4L * LIMIT) {
        problems.add(null, tooLarge(path));
        return Optional.empty();
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException | RuntimeException e) {
      problems.add(null, "cannot read '" + path + "': " + reason(e));
      return Optional.empty();
    }
    Optional<String> wrong = wrongBytes(bytes);
    if (wrong.isPresent()) {
      problems.add(null, "'" + path + "' is not " + wrong.get());
      return Optional.empty();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.length() > LIMIT && text.codePointCount(0, text.length()) > LIMIT) {
      problems.add(null, tooLarge(path));
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /** What the bytes are instead of UTF-8 text, or empty when they are UTF-8 text. */
  private static Optional<String> wrongBytes(byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)) {
      return Optional.of("UTF-8 text but UTF-16; save it as UTF-8");
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return Optional.of("a text file: it holds a NUL byte (at " + where(bytes, i) + ")");
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return Optional.of(String.format("UTF-8 text: byte 0x%02x at %s is not UTF-8; save the file as UTF-8",
          bytes[in.position()] & 0xff, where(bytes, in.position())));
    }
    return Optional.empty();
  }

  /** "line L, column C" of a byte offset, columns counted in bytes. */
  private static String where(byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return "line " + line + ", column " + (offset - lineStart + 1);
  }

  private static String tooLarge(Path path) {
    return "'" + path + "' is too large: runbook reads YAML files of at most " + LIMIT + " characters (" + (LIMIT >> 20) + " MiB)";
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
