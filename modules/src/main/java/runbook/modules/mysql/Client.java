package runbook.modules.mysql;

import java.util.List;
import java.util.stream.Collectors;
import runbook.spi.Command;
import runbook.spi.Shell;

/**
 * Commands that run the mysql and mysqldump clients on the host without a password in sight of
 * {@code ps}. Each is a small script that makes a private directory (umask 077, mktemp -d), copies
 * the first lines of its stdin, up to a line {@code #end}, into an option file there, and removes
 * the directory on exit, whatever ends the script. The client is started with
 * {@code --defaults-file} naming that file, which includes {@code config_file} first when it exists,
 * so login_* arguments win over it and no other option file is read (as community.mysql, whose
 * driver reads only config_file). The rest of stdin is the SQL.
 */
final class Client {
  /** Ends the option file's lines on stdin; no option line can be this. */
  static final String END = "#end";
  /** Every SQL text begins here: literals from {@link Sql} are written with backslash escapes, so these must mean what they say. */
  static final String SESSION = "SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '');\n";

  private Client() {}

  /** Runs {@code sql} in the mysql client, printing each result set as XML (see {@link Results}). */
  static Command sql(Login login, String database, String sql) {
    String program = "mysql " + DEFAULTS + " --xml --default-character-set=utf8mb4" + (database == null ? "" : " --database=" + Shell.quote(database));
    return script(login, program).withStdin(stdin(login) + SESSION + sql);
  }

  /**
   * Runs {@code mysqldump} with {@code options} (see {@link Dump#options}) into {@code target},
   * compressed by its extension. The dump is written to a temp file beside the target, mode 0600,
   * and renamed over it only when both mysqldump and the compressor succeeded.
   */
  static Command dump(Login login, List<String> options, String target) {
    String dump = "mysqldump " + DEFAULTS + " " + words(options);
    String compressor = compressor(target);
    String write = compressor == null
        ? dump + " > \"$tmp\" || exit\n"
        : "{ " + dump + "; echo $? > \"$d/rc\"; } | " + compressor + " > \"$tmp\" || exit\nread rc < \"$d/rc\"; [ \"$rc\" = 0 ] || exit \"$rc\"\n";
    String program = "t=" + Shell.quote(target) + "\ntmp=$(mktemp \"$t.XXXXXX\") || exit\ntrap 'rm -rf \"$d\" \"$tmp\"' EXIT\n"
        + write + "mv -f -- \"$tmp\" \"$t\"";
    return script(login, program).withStdin(stdin(login));
  }

  /** Runs {@code mysqldump} with {@code options}, the dump on stdout (the sending end of a pipe). */
  static Command dumpOut(Login login, List<String> options) {
    return script(login, "mysqldump " + DEFAULTS + " " + words(options)).withStdin(stdin(login));
  }

  /**
   * The mysql client run with {@code options}, reading SQL from the rest of stdin (the receiving end
   * of a pipe). With {@code coordinates}, the dump's header is read on the way, and its CHANGE
   * MASTER TO line (commented or not) printed once the load succeeded: the shell reads only the
   * first lines, then cat passes the rest on.
   */
  static Command receive(Login login, List<String> options, boolean coordinates) {
    String mysql = "mysql " + DEFAULTS + " " + words(options);
    String program = !coordinates ? mysql
        : "{ n=0; while [ $n -lt " + HEADER_LINES + " ] && IFS= read -r l; do n=$((n+1)); printf '%s\\n' \"$l\"\n"
            + "  case $l in 'CHANGE '*|'-- CHANGE '*) printf '%s\\n' \"$l\" >&3; break;; esac; done; exec cat; } 3> \"$d/at\" | " + mysql
            + " || exit\ncat \"$d/at\"";
    return script(login, program).withStdin(stdin(login));
  }

  /** The status of {@link #until} when the time ran out. */
  static final int TIMED_OUT = 3;

  /**
   * Runs {@code sql} once a second, on the host, until its XML output shows every one of
   * {@code shows}, for up to {@code seconds}: one round trip for the whole wait. Prints the last
   * output; ends with {@link #TIMED_OUT} when the time ran out.
   */
  static Command until(Login login, String sql, List<String> shows, int seconds) {
    String program = "end=$(( $(date +%s) + " + seconds + " ))\nwhile :; do\n"
        + "  out=$(mysql " + DEFAULTS + " --xml --default-character-set=utf8mb4 -e " + Shell.quote(sql) + ") || exit\n"
        + "  ok=1; for w in " + words(shows) + "; do case $out in *\"$w\"*) ;; *) ok=0;; esac; done\n"
        + "  [ $ok = 1 ] && { printf '%s\\n' \"$out\"; exit 0; }\n"
        + "  [ \"$(date +%s)\" -lt \"$end\" ] || { printf '%s\\n' \"$out\"; exit " + TIMED_OUT + "; }\n"
        + "  sleep 1\ndone";
    return script(login, program).withStdin(stdin(login)).within(java.time.Duration.ofSeconds(seconds + 30L));
  }

  /** How far into a dump its CHANGE MASTER TO line can be: after the header's comments and SET lines, before any table. */
  private static final int HEADER_LINES = 100;

  /** Feeds {@code source} (decompressed by its extension) to the mysql client run with {@code options}. */
  static Command load(Login login, List<String> options, String source) {
    String mysql = "mysql " + DEFAULTS + " " + words(options);
    String compressor = compressor(source);
    String program = compressor == null
        ? mysql + " < " + Shell.quote(source)
        : "{ " + compressor + " -dc -- " + Shell.quote(source) + "; echo $? > \"$d/rc\"; } | " + mysql
            + " || exit\nread rc < \"$d/rc\"; [ \"$rc\" = 0 ] || exit \"$rc\"";
    return script(login, program).withStdin(stdin(login));
  }

  private static final String DEFAULTS = "--defaults-file=\"$d/my.cnf\"";

  private static String words(List<String> options) {
    return options.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }

  private static String stdin(Login login) {
    return String.join("\n", login.options()) + "\n" + END + "\n";
  }

  private static Command script(Login login, String program) {
    return Command.script("umask 077\n"
        + "d=$(mktemp -d \"${TMPDIR:-/tmp}/runbook-mysql.XXXXXX\") || exit\n"
        + "trap 'rm -rf \"$d\"' EXIT\ntrap 'exit 129' HUP\ntrap 'exit 130' INT\ntrap 'exit 143' TERM\n"
        + "{ " + include(login.configFile())
        + "while IFS= read -r l && [ \"$l\" != '" + END + "' ]; do printf '%s\\n' \"$l\"; done; } > \"$d/my.cnf\"\n"
        + program + "\n");
  }

  /** config_file, ~/ meaning the login's home as community.mysql expands it, included when it is a file. */
  private static String include(String configFile) {
    if (configFile == null || configFile.isEmpty()) {
      return "";
    }
    if (configFile.contains("\n")) {
      throw new IllegalArgumentException("config_file cannot contain a newline");
    }
    String path = configFile.startsWith("~/") ? "\"$HOME\"/" + Shell.quote(configFile.substring(2)) : Shell.quote(configFile);
    return "c=" + path + "; [ -f \"$c\" ] && printf '!include %s\\n' \"$c\"; ";
  }

  /** The compressor a dump file's extension asks for, as community.mysql chooses it; null for plain SQL. */
  static String compressor(String path) {
    if (path.endsWith(".gz")) {
      return "gzip";
    } else if (path.endsWith(".bz2")) {
      return "bzip2";
    } else if (path.endsWith(".xz")) {
      return "xz";
    } else if (path.endsWith(".zst")) {
      return "zstd";
    }
    return null;
  }
}
