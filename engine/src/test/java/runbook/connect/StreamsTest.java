package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StreamsTest {
  /** A channel whose transport broke: each call throws what sshj's encoder threw when a host was killed mid-transfer. */
  private static final OutputStream BROKEN = new OutputStream() {
    @Override
    public void write(int b) {
      throw new ArrayIndexOutOfBoundsException("Index -5 out of bounds for length 65536");
    }

    @Override
    public void write(byte[] b, int off, int len) {
      write(0);
    }

    @Override
    public void flush() {
      write(0);
    }

    @Override
    public void close() {
      write(0);
    }
  };

  @Test
  void aBrokenChannelFailsEveryCallWithAnIoException() {
    OutputStream checked = Streams.checked(BROKEN);
    List<Consumer<OutputStream>> calls = List.of(
        o -> run(() -> o.write(1)), o -> run(() -> o.write(new byte[] {1, 2}, 0, 2)), o -> run(o::flush), o -> run(o::close));
    for (Consumer<OutputStream> call : calls) {
      Unchecked thrown = assertThrows(Unchecked.class, () -> call.accept(checked));
      assertEquals("the SSH channel broke: java.lang.ArrayIndexOutOfBoundsException: Index -5 out of bounds for length 65536",
          thrown.getCause().getMessage());
    }
    Streams.flushAndClose(checked); // quiet, as for any broken stream
  }

  @Test
  void aWorkingChannelGetsTheBytesAsTheyAre() throws IOException {
    ByteArrayOutputStream channel = new ByteArrayOutputStream();
    try (OutputStream checked = Streams.checked(channel)) {
      checked.write('a');
      checked.write(new byte[] {'x', 'b', 'c', 'y'}, 1, 2);
    }
    assertArrayEquals(new byte[] {'a', 'b', 'c'}, channel.toByteArray());
  }

  private interface Io {
    void run() throws IOException;
  }

  private static final class Unchecked extends RuntimeException {
    Unchecked(IOException e) {
      super(e);
    }
  }

  private static void run(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      throw new Unchecked(e);
    }
  }
}
