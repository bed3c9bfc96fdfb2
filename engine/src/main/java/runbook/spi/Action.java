package runbook.spi;

import java.util.List;

/**
 * One step the engine performs on the host when a plan is applied. Modes are octal ("0644") or
 * symbolic ("u+rwx,g-w") strings as chmod takes them; null owner, group or mode means "leave as is"
 * (a new file gets the remote umask, as with Ansible).
 */
public sealed interface Action {
  /**
   * Writes content atomically: a temp file in the same directory, attributes set on it (copied from
   * the old file when not given), then renamed over {@code path}. A symbolic link at {@code path} is
   * replaced by the file, as a new file; to write through a link, a module names its target.
   *
   * @param backup keep the old file as {@code path.<timestamp>~} first, as Ansible's backup does
   * @param validate Ansible's validate: run on the temp file before it is renamed, as this argument
   *     list with every {@code %s} replaced by the temp file's path; a non-zero status fails the
   *     write and leaves {@code path} untouched. Null for none
   * @param configtest run once the file is in place, as this argument list; a non-zero status puts
   *     the previous file back (the same inode, so byte for byte and with its attributes), or removes
   *     a file that was new, and fails the write with the command's output. For daemons that can
   *     only test their whole configuration ({@code apache2ctl configtest}). Null for none
   */
  record WriteFile(
      String path, byte[] content, String mode, String owner, String group, boolean backup, List<String> validate,
      List<String> configtest)
      implements Action {
    public WriteFile {
      validate = validate == null ? null : List.copyOf(validate);
      configtest = configtest == null ? null : List.copyOf(configtest);
    }

    /** A write checked by nothing. */
    public WriteFile(String path, byte[] content, String mode, String owner, String group, boolean backup) {
      this(path, content, mode, owner, group, backup, null, null);
    }
  }

  /** chmod/chown/chgrp, recursively when asked; never follows a link unless {@code follow}. */
  record SetAttributes(String path, String mode, String owner, String group, boolean recurse, boolean follow)
      implements Action {}

  /** mkdir -p, then attributes on the directory itself. */
  record MakeDirectory(String path, String mode, String owner, String group) implements Action {}

  /** ln -s (or ln for hard) {@code target} at {@code path}, replacing what is there when {@code force}. */
  record MakeLink(String target, String path, boolean hard, boolean force) implements Action {}

  /** rm -rf. */
  record Remove(String path) implements Action {}

  /** Creates an empty file, or updates the times of an existing one. */
  record Touch(String path) implements Action {}

  /**
   * Runs a command. The result's rc, stdout and stderr are registered; a non-zero rc fails the
   * task, and a command stopped by its time limit fails it saying so.
   *
   * @param meter how its output shows its progress (a package install), or null for none
   * @param stripEnds register stdout and stderr without their trailing newlines, as Ansible does
   *     unless a task asks otherwise (command's strip_empty_ends)
   */
  record Run(Command command, Meter meter, boolean stripEnds) implements Action {
    public Run(Command command, Meter meter) {
      this(command, meter, true);
    }

    public Run(Command command) {
      this(command, null);
    }
  }

  /**
   * Feeds what {@code from} writes into {@code to}'s stdin, as it comes, through the controller's
   * connections to both hosts: no temporary file, nothing held in memory (a database dump into the
   * new server). A host is an inventory name; null is the task's own host. Both statuses are
   * checked: either failing fails the task, with its stderr. The bytes that went through are
   * registered as {@code bytes}, what the receiving command prints as {@code stdout}. A command's own
   * stdin (credentials for an option file) comes first: the sender's is all it reads, the
   * receiver's comes before the stream.
   */
  record Pipe(String fromHost, Command from, String toHost, Command to) implements Action {}

  /**
   * A client command on one host talking to a server command on another, both ways, through the
   * controller's connections to the two: the hosts need no key, trust or route between them (rsync
   * from an old server to a new one). The client writes first, on its stdout, the server command
   * it asks for: the count of words, then each word, all NUL-terminated; {@code admit} checks that
   * request (a client host must not choose what runs on the other host) and returns the command to
   * run there, as an argument list, or empty to refuse. Then the client's stdout goes to the
   * server's stdin and the server's stdout to the client's stdin, as they come, until both end.
   * What the client writes on stderr is its report, kept whole: the result's {@code stdout}. The
   * client's status is the task's ({@code rc}; one of {@code warnings} only warns, as rsync's 24:
   * files vanished on a live tree); also registered: {@code stderr} and {@code server_rc} of the
   * server, and {@code bytes}, what went through both ways. A host is an inventory name, null for
   * the task's own, or {@link #CONTROLLER}. The server's effects cannot be predicted by a check
   * run; a module that needs to know them plans with a dry run through {@link ModuleCall#relay}.
   *
   * @param meter how the client's report shows its progress (rsync's files), or null: the bytes
   *     that go through show it
   * @param writes the path on the client's host below which the relay changes files (rsync's
   *     dest), or null: a check run then treats what later tasks read there as depending on it
   */
  record Relay(
      String clientHost, Command client, String serverHost, Admission admit, java.util.Set<Integer> warnings, Meter meter, String writes)
      implements Action {
    public Relay {
      if (client.stdin() != null) {
        throw new IllegalArgumentException("a relay's client reads only what the server sends");
      }
      warnings = java.util.Set.copyOf(warnings);
    }

    public Relay(String clientHost, Command client, String serverHost, Admission admit, java.util.Set<Integer> warnings) {
      this(clientHost, client, serverHost, admit, warnings, null, null);
    }

    /** The server command a client may ask for, checked; empty when it may not have it. */
    @FunctionalInterface
    public interface Admission {
      java.util.Optional<Command> admit(List<String> asked);
    }
  }

  /** A relay end on the controller itself, as the user running runbook, without become. */
  String CONTROLLER = "";

  /**
   * {@code action} performed on another host of the play (an inventory name) instead of the task's
   * own, through that host's connection, with the task's become; a check run predicts it there.
   */
  record OnHost(String host, Action action) implements Action {
    public OnHost {
      if (action instanceof OnHost || action instanceof Pipe || action instanceof Relay) {
        throw new IllegalArgumentException("a pipe names its hosts itself, and an action is on one host");
      }
    }
  }
}
