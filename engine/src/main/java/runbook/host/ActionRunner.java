package runbook.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.connect.StreamedCommand;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.Meter;
import runbook.spi.Shell;

/**
 * Performs one {@link Action} on the host with one exec: each action compiles to one POSIX shell
 * script whose values all pass through {@link Shell#quote}; file content travels on stdin.
 * Connection failures propagate as {@link runbook.spi.HostException}; everything else is a result.
 */
public final class ActionRunner {
  private static final Pattern OCTAL = Pattern.compile("[0-7]{1,5}");
  /** Leftover temp files (a killed transfer) are recognisable by this part of their name. */
  static final String TEMP_MARK = ".runbook-tmp.";
  /** Keeps ".NAME.runbook-tmp.XXXXXX" within the 255-byte limit on a file name. */
  private static final int MAX_TEMP_BASE_BYTES = 200;
  /** mktemp's six random characters, as a find -name pattern (under LC_ALL=C, so ASCII ranges). */
  private static final String TEMP_RANDOM = "[A-Za-z0-9]".repeat(6);
  /**
   * A live write keeps writing to its temp file (cat) and renames it within milliseconds after; a
   * temp file untouched for this long belongs to a write that was killed.
   */
  static final int LEFTOVER_MINUTES = 10;
  /** Tags of the NUL-ended records a write prints: a leftover it removed, the backup it made. */
  private static final String REMOVED = "r";
  private static final String BACKUP = "b";

  /**
   * A sequence's script at most this long (a single action's may be longer): an SSH exec request
   * has to fit one transport packet, and OpenSSH's hold 256 KiB.
   */
  static final int SEQUENCE_LIMIT = 32 * 1024;

  private final Connection connection;

  public ActionRunner(Connection connection) {
    this.connection = connection;
  }

  public ActionResult run(Action action) {
    return run(action, reading -> {});
  }

  /** @param progress told how far a command with a meter has got, as its output comes */
  public ActionResult run(Action action, Consumer<Meter.Reading> progress) {
    Compiled compiled;
    try {
      compiled = compile(action);
    } catch (IllegalArgumentException e) {
      return ActionResult.failure(e.getMessage());
    }
    ExecResult r = action instanceof Action.Run metered && metered.meter() != null
        ? metered(compiled, metered.meter(), progress) : connection.exec(compiled.command(), compiled.stdin());
    if (action instanceof Action.Run run) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("rc", r.rc());
      data.put("stdout", r.out());
      data.put("stderr", r.err());
      if (run.command().timeout() != null && r.rc() == CommandText.TIMED_OUT) {
        return ActionResult.failure("'" + run.command().display() + "' did not end within " + run.command().timeout().toSeconds()
            + " s and was stopped", data);
      }
      return ActionResult.success(data);
    }
    return result(action, compiled, r);
  }

  /** What a file action's script answered, in words: its failure, or what it did. */
  private static ActionResult result(Action action, Compiled compiled, ExecResult r) {
    String error = compiled.script().failure(r, compiled.description());
    if (error != null) {
      return ActionResult.failure(error);
    }
    return action instanceof Action.WriteFile w ? ActionResult.success(written(w, r.stdout())) : ActionResult.success();
  }

  /**
   * Consecutive file actions of one plan (no command among them), in as few round trips as
   * {@link Sequence}s of them: the results of those that ran, in order, each the same as the action
   * run alone gets, up to and including the first that failed; the actions after it never ran.
   */
  public List<ActionResult> runAll(List<Action> actions) {
    List<Compiled> compiled = new ArrayList<>();
    ActionResult refused = null;
    for (Action action : actions) {
      if (action instanceof Action.Run) {
        throw new IllegalArgumentException("a command runs on its own, with its own status");
      }
      try {
        compiled.add(compile(action));
      } catch (IllegalArgumentException e) {
        refused = ActionResult.failure(e.getMessage()); // the actions before it still run, as one by one
        break;
      }
    }
    List<ActionResult> results = new ArrayList<>();
    for (int from = 0, to; from < compiled.size(); from = to) {
      int length = compiled.get(from).command().length();
      to = from + 1;
      while (to < compiled.size() && length + compiled.get(to).command().length() <= SEQUENCE_LIMIT) {
        length += compiled.get(to++).command().length();
      }
      if (!sequence(actions.subList(from, to), compiled.subList(from, to), results)) {
        return results;
      }
    }
    if (refused != null) {
      results.add(refused);
    }
    return results;
  }

  /** One round trip of file actions, their results added to {@code results}; false when one failed, so that no later one runs. */
  private boolean sequence(List<Action> actions, List<Compiled> compiled, List<ActionResult> results) {
    if (compiled.size() == 1) {
      ExecResult r = connection.exec(compiled.get(0).command(), compiled.get(0).stdin());
      results.add(result(actions.get(0), compiled.get(0), r));
      return results.get(results.size() - 1).ok();
    }
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    compiled.stream().filter(c -> c.stdin() != null).forEach(c -> stdin.writeBytes(c.stdin()));
    ExecResult r = connection.exec(Sequence.script(compiled.stream().map(Compiled::command).toList()),
        stdin.size() == 0 ? null : stdin.toByteArray());
    List<ExecResult> each;
    try {
      each = Sequence.parse(r.stdout(), compiled.size());
    } catch (Batch.Garbled g) {
      results.add(ActionResult.failure("cannot tell how " + compiled.get(0).description() + " and the " + (compiled.size() - 1)
          + " actions after it ended (status " + r.rc() + "): " + g.getMessage()));
      return false;
    }
    for (int i = 0; i < each.size(); i++) {
      results.add(result(actions.get(i), compiled.get(i), each.get(i)));
    }
    return each.size() == compiled.size() && results.get(results.size() - 1).ok();
  }

  /** A command whose output is read as it comes, through its meter, and kept whole as exec keeps it. */
  private ExecResult metered(Compiled compiled, Meter meter, Consumer<Meter.Reading> progress) {
    StreamedCommand c = connection.start(compiled.command());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineMeter counted = new LineMeter(meter, progress, out);
    try (InputStream in = c.stdout()) {
      try (OutputStream own = c.stdin()) {
        if (compiled.stdin() != null) {
          own.write(compiled.stdin());
          own.flush();
        }
      } catch (IOException gone) {
        // the command ended without reading it all: its status tells
      }
      byte[] block = new byte[8192];
      for (int n; (n = in.read(block)) >= 0; ) {
        counted.write(block, 0, n);
      }
    } catch (IOException broke) {
      c.abort(); // finish() says how the connection ended
    }
    ExecResult ended = c.finish();
    return new ExecResult(ended.rc(), out.toByteArray(), ended.stderr());
  }

  /** What a write printed: {@code backup_file}, and a warning for each leftover it removed. */
  private static Map<String, Object> written(Action.WriteFile w, byte[] stdout) {
    Map<String, Object> data = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < stdout.length; i++) {
      if (stdout[i] == 0) {
        String record = new String(stdout, start, i - start, StandardCharsets.UTF_8);
        if (record.startsWith(BACKUP)) {
          data.put("backup_file", record.substring(1));
        } else if (record.startsWith(REMOVED)) {
          warnings.add("removed " + record.substring(1) + ", a temp file an interrupted write of " + w.path() + " left behind");
        }
        start = i + 1;
      }
    }
    if (!warnings.isEmpty()) {
      data.put("warnings", warnings);
    }
    return data;
  }

  /** An action as the command to exec; {@code script} is null for a Run, whose status is its own. */
  record Compiled(String command, byte[] stdin, Script script, String description) {
    static Compiled of(Script script, byte[] stdin, String description) {
      return new Compiled(script.text(), stdin, script, description);
    }
  }

  static Compiled compile(Action action) {
    if (action instanceof Action.WriteFile w) {
      return Compiled.of(writeFile(w), w.content(), "write " + w.path());
    }
    if (action instanceof Action.SetAttributes a) {
      String q = Shell.quote(a.path());
      Script s = new Script();
      chown(s, q, a.path(), a.owner(), a.group(), a.recurse(), a.follow());
      chmod(s, q, a.path(), a.mode(), a.recurse(), a.follow());
      return Compiled.of(s, null, "set attributes of " + a.path());
    }
    if (action instanceof Action.MakeDirectory d) {
      String q = Shell.quote(d.path());
      Script s = new Script().step("mkdir -p -- " + q, "cannot create directory " + d.path());
      chown(s, q, d.path(), d.owner(), d.group(), false, true);
      chmod(s, q, d.path(), d.mode(), false, true);
      return Compiled.of(s, null, "create directory " + d.path());
    }
    if (action instanceof Action.MakeLink l) {
      return Compiled.of(makeLink(l), null, "link " + l.path());
    }
    if (action instanceof Action.Remove r) {
      return Compiled.of(new Script().step("rm -rf -- " + Shell.quote(r.path()), "cannot remove " + r.path()), null,
          "remove " + r.path());
    }
    if (action instanceof Action.Touch t) {
      return Compiled.of(new Script().step("touch -- " + Shell.quote(t.path()), "cannot touch " + t.path()), null,
          "touch " + t.path());
    }
    Command command = ((Action.Run) action).command();
    byte[] stdin = command.stdin() == null ? null : command.stdin().getBytes(StandardCharsets.UTF_8);
    return new Compiled(CommandText.of(command), stdin, null, "run a command");
  }

  /**
   * Temp file beside the destination, content checked for length (a connection lost mid-transfer
   * ends stdin early, and cat would happily write the half it got), attributes set on the temp
   * file, validated, then one rename. The EXIT trap removes the temp file on every failure; with a
   * configtest it also puts the previous file back until the test has passed (see {@link #placeTested});
   * what a killed write left behind, the next write of the same file removes (see {@link #removeLeftovers}).
   */
  private static Script writeFile(Action.WriteFile w) {
    String path = w.path();
    String cannot = "cannot write " + path;
    Script s = new Script()
        .line("d=" + Shell.quote(path))
        .step("{ [ ! -d \"$d\" ] || [ -h \"$d\" ]; }", reason -> cannot + ": it is a directory")
        .line(removeLeftovers(path))
        .step("t=$(mktemp -- " + Shell.quote(tempTemplate(path)) + ")",
            reason -> cannot + ": " + (reason.equals("No such file or directory")
                ? "directory " + parent(path) + " does not exist" : reason))
        .line("k=; n=")
        .line("trap '[ -z \"$t\" ] || rm -f -- \"$t\"; [ -z \"$k\" ] || mv -fT -- \"$k\" \"$d\"; [ -z \"$n\" ] || rm -f -- \"$d\"' EXIT")
        .line("trap 'exit 129' HUP INT TERM PIPE")
        // exactly the content's length, no more: several writes may share one stdin (see Sequence)
        .step("head -c " + w.content().length + " > \"$t\"", cannot)
        .step("[ \"$(wc -c < \"$t\")\" -eq " + w.content().length + " ]",
            reason -> cannot + ": the content arrived incomplete");
    if (w.owner() == null || w.group() == null) {
      // A user who cannot chown may still replace a file it owns; the group then is its own. A link
      // at the destination is replaced, not an old file whose attributes carry over.
      s.step("if [ -e \"$d\" ] && [ ! -h \"$d\" ]; then chown --reference=\"$d\" -- \"$t\" || [ -O \"$d\" ]; fi",
          "cannot keep the owner and group of " + path);
    }
    chown(s, "\"$t\"", path, w.owner(), w.group(), false, true);
    if (w.mode() == null || !OCTAL.matcher(w.mode()).matches()) {
      // The old file's mode, or a new file's default from the umask (mktemp made it 0600).
      s.step("if [ -e \"$d\" ] && [ ! -h \"$d\" ]; then chmod --reference=\"$d\" -- \"$t\"; else chmod =rw -- \"$t\"; fi",
          "cannot keep the mode of " + path);
    }
    chmod(s, "\"$t\"", path, w.mode(), false, true);
    if (w.validate() != null) {
      s.check(words(w.validate(), "\"$t\""),
          output -> path + " was left as it was: the new content failed validation by '" + String.join(" ", w.validate()) + "'"
              + said(output));
    }
    if (w.backup()) {
      // Ansible's backup name: DEST.PID.YYYY-MM-DD@HH:MM:SS~, in the host's own time.
      s.step("if [ -e \"$d\" ]; then b=\"$d.$$.$(date +%Y-%m-%d@%H:%M:%S~)\" && cp -p -- \"$d\" \"$b\""
          + " && printf '" + BACKUP + "%s\\0' \"$b\"; fi", "cannot back up " + path);
    }
    return w.configtest() == null ? s.step("mv -fT -- \"$t\" \"$d\"", cannot).line("t=") : placeTested(s, w, cannot);
  }

  /**
   * The previous file is kept as a hard link in $k (the same inode: its bytes, mode, owner, times
   * and extended attributes), or $n marks that there was none; the new file is renamed into place
   * and the configtest runs. While $k or $n is set, the EXIT trap puts things back as they were, so
   * a failed test and a killed session alike leave the previous file.
   */
  private static Script placeTested(Script s, Action.WriteFile w, String cannot) {
    String path = w.path();
    return s.step("if [ -e \"$d\" ] || [ -h \"$d\" ]; then p=$(mktemp -- " + Shell.quote(tempTemplate(path)) + ")"
                + " && { ln -fT -- \"$d\" \"$p\" || { rm -f -- \"$p\"; false; }; } && k=$p; else n=1; fi",
            "cannot keep the previous " + path + " to put back should the configtest fail")
        .step("mv -fT -- \"$t\" \"$d\"", cannot)
        .line("t=")
        .check(words(w.configtest(), null),
            output -> "'" + String.join(" ", w.configtest()) + "' failed with the new " + path + " in place, so the "
                + "previous file was put back" + said(output))
        .line("[ -z \"$k\" ] || rm -f -- \"$k\"")
        .line("k=; n=");
  }

  /** Argument words as shell words, each {@code %s} in them replaced by {@code file} (shell text) when given. */
  private static String words(List<String> argv, String file) {
    return argv.stream()
        .map(word -> file == null ? Shell.quote(word)
            : Arrays.stream(word.split("%s", -1)).map(part -> part.isEmpty() ? "" : Shell.quote(part)).collect(Collectors.joining(file)))
        .map(word -> word.isEmpty() ? "''" : word)
        .collect(Collectors.joining(" "));
  }

  /** A checker's output as the end of a sentence, its lines joined. */
  private static String said(String output) {
    String joined = output.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining(" "));
    return joined.isEmpty() ? "." : ": " + joined;
  }

  /** ln -f swaps an existing link atomically, but never replaces a directory: an empty one is removed first. */
  private static Script makeLink(Action.MakeLink l) {
    String q = Shell.quote(l.path());
    Script s = new Script();
    if (l.force()) {
      s.step("if [ -d " + q + " ] && [ ! -h " + q + " ]; then rmdir -- " + q + "; fi",
          "cannot replace directory " + l.path() + " with a link");
    }
    return s.step("ln" + (l.hard() ? "" : " -s") + (l.force() ? " -f" : "") + " -T -- " + Shell.quote(l.target()) + " " + q,
        "cannot link " + l.path() + " to " + l.target());
  }

  /** chown goes before chmod: the kernel clears setuid/setgid bits when a file changes owner. */
  private static void chown(Script s, String target, String path, String owner, String group, boolean recurse, boolean follow) {
    if (owner == null && group == null) {
      return;
    }
    String spec = (owner == null ? "" : owner) + (group == null ? "" : ":" + group);
    String flags = (recurse ? " -R" : "") + (follow ? (recurse ? " -L" : "") : " -h");
    s.step("chown" + flags + " -- " + Shell.quote(spec) + " " + target, "cannot set owner " + spec + " of " + path);
  }

  /** chmod has no -h and would change a link's target, so a link is left alone unless followed. */
  private static void chmod(Script s, String target, String path, String mode, boolean recurse, boolean follow) {
    if (mode == null) {
      return;
    }
    String command = "chmod" + (recurse ? " -R" : "") + " -- " + chmodMode(mode) + " " + target;
    s.step(follow ? command : "[ -h " + target + " ] || " + command, "cannot set mode " + mode + " of " + path);
  }

  /**
   * Octal modes get five digits: GNU chmod keeps a directory's setgid bit for "0755" but not for
   * "00755", and Ansible's mode means exactly the bits given.
   */
  static String chmodMode(String mode) {
    return OCTAL.matcher(mode).matches() && Integer.parseInt(mode, 8) <= 07777
        ? String.format("0%04o", Integer.parseInt(mode, 8))
        : Shell.quote(mode);
  }

  /** ".NAME.runbook-tmp.XXXXXX" in the destination's directory, so the rename stays on one filesystem. */
  static String tempTemplate(String path) {
    return path.substring(0, path.lastIndexOf('/') + 1) + tempPrefix(path) + "XXXXXX";
  }

  /** ".NAME.runbook-tmp.", NAME cut to fit. */
  private static String tempPrefix(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    while (base.getBytes(StandardCharsets.UTF_8).length > MAX_TEMP_BASE_BYTES) {
      base = base.substring(0, base.offsetByCodePoints(base.length(), -1));
    }
    return "." + base + TEMP_MARK;
  }

  /**
   * Removes the temp files that killed writes of this same path left (a process group killed by a
   * CI cancel or the OOM killer never runs the trap), printing each one's name. Only what can be
   * nothing but such a file goes: the exact name mktemp gives for this path, a regular file (no
   * link, no directory), owned by the user who writes, and untouched for {@link #LEFTOVER_MINUTES}
   * (a live write, say a second controller's, keeps its temp file fresh). Never fails the write.
   */
  private static String removeLeftovers(String path) {
    String dir = parent(path);
    return "find " + Shell.quote(dir.equals(".") ? dir : StatRecords.startingPoint(dir)) + " -maxdepth 1 -type f -name "
        + Shell.quote(leftoverPattern(path)) + " -user \"$(id -u)\" -mmin +" + LEFTOVER_MINUTES
        + " -delete -printf '" + REMOVED + "%p\\0' 2>/dev/null";
  }

  /** The find -name pattern of the temp files mktemp makes for {@code path}, and of nothing else. */
  static String leftoverPattern(String path) {
    return globLiteral(tempPrefix(path)) + TEMP_RANDOM;
  }

  /** A name as a find -name pattern that matches only itself. */
  private static String globLiteral(String name) {
    return name.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
  }
}
