package runbook.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.model.Play;
import runbook.model.Runbook;
import runbook.spi.Shell;

/**
 * Notified handlers recorded on the host itself until they have run, so that a run that stops
 * between a change and its handler (killed, a lost controller, a failure later) leaves the restart
 * for the next run of the same play instead of losing it (Ansible loses it: ansible#10498). One
 * file per play under the login user's {@code $XDG_STATE_HOME/runbook/handlers} (default
 * {@code ~/.local/state}), one handler name per line, hex-encoded so that any name is one line.
 * A play is known by its runbook's file name, its position and its name. Check runs read, never write.
 */
final class PendingHandlers {
  private static final String DIR = "${XDG_STATE_HOME:-$HOME/.local/state}/runbook/handlers";

  private final String file;

  private PendingHandlers(String file) {
    this.file = file;
  }

  static PendingHandlers of(Runbook runbook, Play play) {
    String identity = runbook.file().getFileName() + "\n" + runbook.plays().indexOf(play) + "\n" + play.name() + "\n" + play.hosts();
    return new PendingHandlers(sha256(identity).substring(0, 20));
  }

  /** The handler names an earlier run left pending on this host; none when it cannot be read. */
  List<String> read(Connection host) {
    ExecResult r = host.exec("cat -- \"" + DIR + "\"/" + file + " 2>/dev/null", null);
    List<String> names = new ArrayList<>();
    if (r.rc() == 0) {
      r.out().lines().filter(l -> !l.isBlank()).map(PendingHandlers::decode).filter(n -> !names.contains(n)).forEach(names::add);
    }
    return names;
  }

  void add(Connection host, List<String> handlers) {
    StringBuilder lines = new StringBuilder();
    handlers.forEach(h -> lines.append(' ').append(HexFormat.of().formatHex(h.getBytes(StandardCharsets.UTF_8))));
    host.exec("d=\"" + DIR + "\"; mkdir -p -- \"$d\" && printf '%s\\n'" + lines + " >> \"$d\"/" + file, null);
  }

  /** Forgets a handler that has run; the file goes when nothing is left in it. */
  void done(Connection host, String handler) {
    String hex = HexFormat.of().formatHex(handler.getBytes(StandardCharsets.UTF_8));
    host.exec("f=\"" + DIR + "\"/" + file + "; [ -f \"$f\" ] || exit 0; grep -vx -- " + Shell.quote(hex) + " \"$f\" > \"$f.new\";"
        + " if [ -s \"$f.new\" ]; then mv -f -- \"$f.new\" \"$f\"; else rm -f -- \"$f\" \"$f.new\"; fi", null);
  }

  private static String decode(String hex) {
    try {
      return new String(HexFormat.of().parseHex(hex.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return hex.strip();
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
