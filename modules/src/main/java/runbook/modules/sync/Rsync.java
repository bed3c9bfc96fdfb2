package runbook.modules.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbook.spi.Command;
import runbook.spi.Meter;
import runbook.spi.Shell;

/**
 * One rsync transfer relayed through the controller: the client on the destination's side
 * receives, the server on the source's side is {@code rsync --server --sender}, read-only. The
 * client's {@code --rsh} is a little sh program that, instead of opening SSH, writes the server
 * command line rsync passes it (NUL-terminated, for the controller to check and run on the other
 * host), then joins rsync's pipes to the client's own stdin and stdout, the relay's channel; rsync's
 * own output goes to stderr, the report.
 *
 * @param options rsync's options, as the client is given them
 * @param src the source path on the server's host, exactly as the server is to get it
 * @param dest the destination path on the client's host
 * @param rsyncPath the server's program, as words (rsync_path; a user's "sudo rsync" works too)
 */
record Rsync(List<String> options, String src, String dest, List<String> rsyncPath) {
  /** rsync's report: the change, the length, the name; parsed by {@link Itemized}. */
  static final String OUT_FORMAT = "--out-format=%i %l %n";

  /**
   * The relay's rsh: $1 is the host rsync would connect to (a placeholder), the rest the server
   * command. It ends, as ssh would, when the server's side ends (end of fd 6), whatever rsync still
   * has open; the copy the other way has its stdin given explicitly, since sh gives an asynchronous
   * command /dev/null. No backslash but printf's: rsync splits this text itself, honouring quotes.
   */
  private static final String RSH = "sh -c 'shift; printf \"%s\\0\" \"$#\" \"$@\" >&5 || exit 1; exec 7<&0; "
      + "cat <&7 >&5 6<&- 7<&- 2>/dev/null & exec cat <&6 5>&- 7<&-' relay";

  /** A short-option cluster as rsync writes it for a server: letters, then the capabilities after 'e.'. */
  private static final Pattern SHORT_OPTIONS = Pattern.compile("-[A-Za-z]+(\\.[A-Za-z]*)?");

  Rsync {
    options = List.copyOf(options);
    rsyncPath = List.copyOf(rsyncPath);
  }

  /**
   * The client, run by sh on the destination's host: C locale (names come back escaped, one line
   * each), old-style arguments (the server's words arrive unescaped, and are run as words, never by
   * a shell), rsync's stdout to the report and the relay's channel on fds 5 and 6.
   */
  Command client(boolean dryRun) {
    List<String> argv = new ArrayList<>(List.of("rsync"));
    if (dryRun) {
      argv.add("--dry-run");
    }
    argv.addAll(options);
    argv.add(OUT_FORMAT);
    // rsync makes a remote shell's stdout non-blocking unless told: cat would fail on a full pipe (EAGAIN)
    argv.add("--blocking-io");
    argv.add("--rsh=" + RSH);
    argv.add("--");
    argv.add("relay:" + src);
    argv.add(local(dest));
    return Command.script("LC_ALL=C RSYNC_OLD_ARGS=2 exec " + argv.stream().map(Shell::quote).collect(Collectors.joining(" "))
        + " 5>&1 6<&0 1>&2 0</dev/null");
  }

  /**
   * The server command for what the client asked, or empty: {@code rsync --server --sender}, short
   * options, long options the client was given (by name), then {@code .} and exactly the source.
   * So the destination's host cannot have the source's host run anything else, write anything, or
   * read any other path.
   */
  Optional<Command> admit(List<String> asked) {
    int n = asked.size();
    if (n < 5 || !asked.subList(0, 3).equals(List.of("rsync", "--server", "--sender"))
        || !asked.subList(n - 2, n).equals(List.of(".", src))) {
      return Optional.empty();
    }
    Set<String> given = options.stream().filter(o -> o.startsWith("--")).map(Rsync::name).collect(Collectors.toSet());
    for (String word : asked.subList(3, n - 2)) {
      boolean allowed = word.startsWith("--") ? given.contains(name(word)) : SHORT_OPTIONS.matcher(word).matches();
      if (!allowed) {
        return Optional.empty();
      }
    }
    List<String> server = new ArrayList<>(rsyncPath);
    server.addAll(asked.subList(1, n));
    return Optional.of(Command.of(server));
  }

  /** A long option's name: {@code --timeout=5} is {@code timeout}. */
  private static String name(String option) {
    int eq = option.indexOf('=');
    return option.substring(2, eq < 0 ? option.length() : eq);
  }

  /** A relative path never reads as a remote one ("a:b") or an option. */
  private static String local(String path) {
    return path.startsWith("/") ? path : "./" + path;
  }

  /**
   * How the client's report shows the transfer's progress, out of what the dry run counted: each
   * file whose content crosses is one line of {@link #OUT_FORMAT} ({@code >f...}, as {@link
   * Itemized#sent} reads it), printed as rsync goes, and its length adds to the bytes.
   */
  static Meter meter(long files, long bytes) {
    return new Meter(List.of(new Meter.Count("files", "^[<>]f[.+ ?a-zA-Z]{9} (?<bytes>[0-9]+) ", files)), bytes);
  }

  /** The command line as a message shows it. */
  String display() {
    return "rsync " + String.join(" ", options) + " " + src + " " + dest;
  }
}
