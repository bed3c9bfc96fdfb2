package runbook.modules.apache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.FileState;
import runbook.spi.HostView;
import runbook.spi.Shell;

/**
 * One of Debian's available/enabled directory pairs, as a2enmod and a2ensite keep them: a file in
 * X-available is enabled by a relative symbolic link of the same name in X-enabled. The links are
 * the truth about what is enabled; reading them needs no parse of the whole configuration, which
 * fails on an unrelated broken vhost ({@code apache2ctl -M}, community.general#4592).
 */
record Links(String available, String enabled) {
  static final String ROOT = "/etc/apache2";
  static final Links MODS = new Links(ROOT + "/mods-available", ROOT + "/mods-enabled");
  static final Links SITES = new Links(ROOT + "/sites-available", ROOT + "/sites-enabled");
  static final Command CONFIGTEST = Command.of("apache2ctl", "configtest");

  /** a2enmod reads "# Depends:" and "# Conflicts:" only among the comments and blank lines that open a file. */
  private static final Pattern OPENING = Pattern.compile("^\\s*(?:#.*)?$");

  /** How a file's link in X-enabled stands, as a2enmod's check_link sees it. */
  enum State {
    ENABLED,
    ABSENT,
    /** A real file, or a link elsewhere: a2enmod will not touch it. */
    FOREIGN
  }

  String link(String file) {
    return enabled + "/" + file;
  }

  String file(String file) {
    return available + "/" + file;
  }

  /** The relative target a2enmod writes: "../mods-available/NAME.load". */
  String target(String file) {
    return "../" + available.substring(available.lastIndexOf('/') + 1) + "/" + file;
  }

  State state(HostView host, String file) {
    FileState link = host.stat(link(file));
    if (!link.exists()) {
      return State.ABSENT;
    }
    if (!link.isLink() || !(link.linkTarget().equals(target(file)) || link.linkTarget().equals(file(file)))) {
      return State.FOREIGN;
    }
    return State.ENABLED;
  }

  /** Why a2enmod would not touch the link, in its words. */
  String foreign(HostView host, String file) {
    FileState link = host.stat(link(file));
    return link.isLink()
        ? link(file) + " exists but does not point to " + file(file) + ", not touching it."
        : link(file) + " is a real file, not touching it.";
  }

  /** The names a header line lists ("# Depends: proxy alias"), as a2enmod's get_deps reads them. */
  static List<String> header(byte[] content, String field) {
    if (content == null) {
      return List.of();
    }
    Pattern line = Pattern.compile("^# " + field + ":\\s+(.*?)\\s*$");
    for (String text : new String(content, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1)) {
      Matcher m = line.matcher(text);
      if (m.matches()) {
        return List.of(m.group(1).split("\\s+"));
      }
      if (!OPENING.matcher(text).matches()) {
        break;
      }
    }
    return List.of();
  }

  /**
   * A link made or removed, as an action and as the shell line that takes it back.
   *
   * @param was the removed link's target, to put back as it was; null for a link made
   */
  record Edit(Links links, String file, boolean make, String was) {
    static Edit make(Links links, String file) {
      return new Edit(links, file, true, null);
    }

    static Edit remove(Links links, String file, HostView host) {
      return new Edit(links, file, false, host.stat(links.link(file)).linkTarget());
    }

    Action action() {
      return make ? new Action.MakeLink(links.target(file), links.link(file), false, false) : new Action.Remove(links.link(file));
    }

    String undo() {
      return make ? "rm -f -- " + Shell.quote(links.link(file)) : "ln -sfT -- " + Shell.quote(was) + " " + Shell.quote(links.link(file));
    }
  }

  /**
   * The edits' actions, then (unless {@code ignore}) Apache's configtest: when it fails, every link
   * is put back as it was and the task fails with Apache's message on stderr, so a module or site
   * never leaves Apache unable to start. A check run does not run it.
   */
  static List<Action> guarded(List<Edit> edits, boolean ignore) {
    List<Action> actions = new ArrayList<>(edits.stream().map(Edit::action).toList());
    if (!ignore) {
      List<Edit> reversed = new ArrayList<>(edits);
      java.util.Collections.reverse(reversed);
      actions.add(new Action.Run(Command.script("o=$(" + String.join(" ", CONFIGTEST.argv()) + " 2>&1) && exit 0\n"
          + reversed.stream().map(e -> e.undo() + "\n").collect(Collectors.joining())
          + "printf '%s\\n' \"$o\" >&2\nexit 1")));
    }
    return actions;
  }

  /** A name as a2enmod takes it: "proxy.load" and "proxy" are the same module. */
  static String name(String given, String... suffixes) {
    for (String suffix : suffixes) {
      if (given.endsWith(suffix)) {
        return given.substring(0, given.length() - suffix.length());
      }
    }
    return given;
  }

  /** In a check run, an earlier simulated install that may bring a missing file (the install of apache2). */
  static Optional<String> pendingInstall(HostView host) {
    return host.pending("package:").stream().findFirst();
  }
}
