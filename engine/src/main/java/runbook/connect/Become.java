package runbook.connect;

import java.nio.charset.StandardCharsets;
import runbook.spi.Shell;

/** {@code become_method: sudo}: runs every command of a connection as another user. */
public final class Become {
  private Become() {}

  /**
   * Wraps commands as {@code sudo -n -u USER -- /bin/sh -c CMD}. With a password, sudo reads it
   * (as the first line of stdin, never from a command line) with {@code -S -p ''}. When the login
   * user already is the become user, returns {@code base} unchanged.
   *
   * @param becomeUser null or empty for root
   * @param password null or empty for none
   */
  public static Connection wrap(Connection base, String loginUser, String becomeUser, String password) {
    String user = becomeUser == null || becomeUser.isEmpty() ? "root" : becomeUser;
    if (user.equals(loginUser)) {
      return base;
    }
    boolean withPassword = password != null && !password.isEmpty();
    return new Sudo(base, user, withPassword ? password + "\n" : null);
  }

  /**
   * The command line that runs {@code command} as {@code user}. With a password, sudo is first
   * asked whether it needs one: when it does not (NOPASSWD, cached credentials), the shell reads
   * the password line itself, so it can never reach the command's stdin.
   */
  static String command(String user, String command, boolean withPassword) {
    String sudo = "sudo -n -u " + Shell.quote(user) + " -- /bin/sh -c ";
    // The login user's working directory may be closed to the become user, and tools like find
    // fail when they cannot return to it: start from the become user's home, else from /.
    String quoted = Shell.quote("cd ~ 2>/dev/null || cd /; " + command);
    if (!withPassword) {
      return sudo + quoted;
    }
    return "if " + sudo + ": 2>/dev/null; then IFS= read -r _; exec " + sudo + quoted + "; "
        + "else exec sudo -S -p '' -u " + Shell.quote(user) + " -- /bin/sh -c " + quoted + "; fi";
  }

  /** Never shows the password line (hence the own toString). */
  private record Sudo(Connection base, String user, String passwordLine) implements Connection {
    @Override
    public ExecResult exec(String command, byte[] stdin) {
      String line = command(user, command, passwordLine != null);
      return base.exec(line, passwordLine == null ? stdin : prepend(passwordLine, stdin));
    }

    @Override
    public StreamedCommand start(String command, java.io.OutputStream stderr) {
      StreamedCommand stream = base.start(command(user, command, passwordLine != null), stderr);
      if (passwordLine != null) {
        try {
          stream.stdin().write(passwordLine.getBytes(StandardCharsets.UTF_8));
          stream.stdin().flush();
        } catch (java.io.IOException e) {
          stream.finish(); // reports the lost connection
        }
      }
      return stream;
    }

    private static byte[] prepend(String line, byte[] stdin) {
      byte[] head = line.getBytes(StandardCharsets.UTF_8);
      byte[] rest = stdin == null ? new byte[0] : stdin;
      byte[] all = new byte[head.length + rest.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(rest, 0, all, head.length, rest.length);
      return all;
    }

    /** The base connection belongs to whoever opened it. */
    @Override
    public void close() {}

    @Override
    public String toString() {
      return "sudo -u " + user + " on " + base;
    }
  }
}
