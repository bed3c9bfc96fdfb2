package runbook.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BecomeTest {
  /** Records what would run; runs it for real through the local shell when asked. */
  static final class Recording implements Connection {
    final List<String> commands = new ArrayList<>();
    final List<byte[]> stdins = new ArrayList<>();

    @Override
    public ExecResult exec(String command, byte[] stdin) {
      commands.add(command);
      stdins.add(stdin);
      return new ExecResult(0, new byte[0], new byte[0]);
    }

    @Override
    public StreamedCommand start(String command, java.io.OutputStream stderr) {
      throw new UnsupportedOperationException("records commands only");
    }

    @Override
    public void close() {}
  }

  static Stream<String> nasty() {
    return Stream.of("whoami", "it's", "a \"b\" $(c) `d` *", "line\nline", "ünï ✓", "'", "");
  }

  @ParameterizedTest
  @MethodSource("nasty")
  void withoutPasswordTheCommandIsOneQuotedWordForSudo(String command) {
    Recording base = new Recording();
    Become.wrap(base, "root", "deploy", null).exec(command, null);
    assertEquals(List.of("sudo -n -u deploy -- /bin/sh -c " + inner(command)), base.commands);
  }

  @TempDir static Path bin;

  /** A stand-in sudo on the PATH that never asks for a password and runs what follows {@code --}. */
  @BeforeAll
  static void standInSudo() throws IOException {
    Path sudo = bin.resolve("sudo");
    Files.writeString(sudo, "#!/bin/sh\nwhile [ \"$1\" != -- ]; do shift; done; shift; exec \"$@\"\n");
    sudo.toFile().setExecutable(true);
  }

  private static ExecResult runLocally(String line, byte[] stdin) {
    return new LocalConnection().exec("PATH=" + runbook.spi.Shell.quote(bin.toString()) + ":$PATH; " + line, stdin);
  }

  /** The wrapped line, run by a real local shell, keeps the command intact. */
  @ParameterizedTest
  @MethodSource("nasty")
  void theWrappedLineRunsExactlyTheCommand(String value) {
    String line = Become.command("deploy", "printf '%s' " + runbook.spi.Shell.quote(value), false);
    assertEquals(value, runLocally(line, null).out());
  }

  @Test
  void aPasswordTravelsOnStdinBeforeTheCommandsOwnInput() {
    Recording base = new Recording();
    Become.wrap(base, "deploy", "root", "pa ss'$(x)").exec("cat", "input".getBytes(StandardCharsets.UTF_8));
    String line = base.commands.get(0);
    assertEquals(-1, line.indexOf("pa ss"), line);
    assertEquals("pa ss'$(x)\ninput", new String(base.stdins.get(0), StandardCharsets.UTF_8));
    assertEquals("if sudo -n -u root -- /bin/sh -c : 2>/dev/null; then IFS= read -r _; exec sudo -n -u root -- /bin/sh -c " + inner("cat") + "; "
        + "else exec sudo -S -p '' -u root -- /bin/sh -c " + inner("cat") + "; fi", line);
  }

  @Test
  void userNamesAreQuotedToo() {
    Recording base = new Recording();
    Become.wrap(base, "root", "odd user;", null).exec("id", null);
    assertEquals("sudo -n -u 'odd user;' -- /bin/sh -c " + inner("id"), base.commands.get(0));
  }

  @Test
  void becomingTheLoginUserChangesNothing() {
    Recording base = new Recording();
    assertSame(base, Become.wrap(base, "root", null, null));
    assertSame(base, Become.wrap(base, "deploy", "deploy", "pw"));
  }

  @Test
  void whenNoPasswordIsNeededTheShellEatsThePasswordLine() {
    byte[] stdin = "secret\nreal input".getBytes(StandardCharsets.UTF_8);
    assertEquals("real input", runLocally(Become.command("root", "cat", true), stdin).out());
  }

  /** The command as the become user's shell receives it: started from that user's home. */
  private static String inner(String command) {
    return runbook.spi.Shell.quote("cd ~ 2>/dev/null || cd /; " + command);
  }
}
