package runbook.modules.scm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import runbook.modules.files.CommandValues;
import runbook.spi.Action;
import runbook.spi.ArgSpec;
import runbook.spi.Args;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.Module;
import runbook.spi.ModuleCall;
import runbook.spi.ModuleSpec;
import runbook.spi.Plan;
import runbook.spi.Shell;

/**
 * Ansible's git, with the host's git client: a clone at {@code dest} kept at {@code version} (HEAD,
 * a branch, a tag or a commit). It looks first (the remote's refs with {@code ls-remote}, the
 * clone's HEAD, remote URL and local changes) and changes only what differs: a clone when there is
 * none, a fetch and checkout when the clone is elsewhere. It registers Ansible's {@code before},
 * {@code after} and {@code remote_url_changed}; a check run's {@code after} is the remote's commit.
 * An SSH key or options go to git through {@code GIT_SSH_COMMAND}, never on its command line.
 */
public final class GitModule implements Module {
  private static final ModuleSpec SPEC = ModuleSpec.of(
          "git",
          ArgSpec.str("repo").required().alias("name"),
          ArgSpec.str("dest").required(),
          ArgSpec.str("version").defaultsTo("HEAD"),
          ArgSpec.str("remote").defaultsTo("origin"),
          ArgSpec.str("refspec"),
          ArgSpec.bool("force").defaultsTo(false),
          ArgSpec.integer("depth"),
          ArgSpec.bool("clone").defaultsTo(true),
          ArgSpec.bool("update").defaultsTo(true),
          ArgSpec.bool("bare").defaultsTo(false),
          ArgSpec.bool("single_branch").defaultsTo(false),
          ArgSpec.bool("recursive").defaultsTo(true),
          ArgSpec.bool("accept_hostkey").defaultsTo(false),
          ArgSpec.bool("accept_newhostkey").defaultsTo(false),
          ArgSpec.str("key_file"),
          ArgSpec.str("ssh_opts"),
          ArgSpec.str("umask"),
          ArgSpec.str("executable"),
          ArgSpec.str("archive"),
          ArgSpec.bool("verify_commit").defaultsTo(false))
      .inCollection("ansible.builtin")
      .describedAs("Clones a git repository on the host and keeps it at a version (a branch, tag or commit), with the host's git.");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(ModuleCall call) {
    Args a = call.args();
    if (a.str("archive") != null || a.bool("verify_commit")) {
      return Plan.failed((a.str("archive") != null ? "archive" : "verify_commit") + " is not supported by runbook's git");
    }
    Git git = new Git(a);
    String repo = a.str("repo");
    String dest = a.str("dest");
    CommandResult listing = call.host().probe(git.command("ls-remote", "--symref", repo));
    if (!listing.ok()) {
      List<String> installing = call.host().pending("package:git");
      if (listing.rc() == 127 && !installing.isEmpty()) {
        return Plan.change("clone " + repo + " into " + dest, List.of(), List.of()).dependingOn(installing.get(0));
      }
      return Plan.failed("cannot read " + repo + " with git ls-remote: " + reason(listing));
    }
    Remote.Version version = Remote.parse(listing.stdout()).version(a.str("version"));
    if (version == null) {
      return Plan.failed("Cannot find version " + a.str("version") + " in " + repo + ": no such branch or tag, and no commit name");
    }
    boolean bare = a.bool("bare");
    if (!call.host().stat(bare ? dest + "/HEAD" : dest + "/.git").exists()) {
      return fresh(call, git, version);
    }
    String before = call.host().probe(git.in(dest, "rev-parse", "HEAD")).stdout().strip();
    before = before.isEmpty() ? null : before;
    String url = call.host().probe(git.in(dest, "config", "--get", "remote." + a.str("remote") + ".url")).stdout().strip();
    boolean urlChanged = !url.equals(repo);
    boolean modified = !bare && !call.host().probe(git.in(dest, "status", "--porcelain", "--untracked-files=no")).stdout().isBlank();
    if (modified && !a.bool("force")) {
      return Plan.failed("Local modifications exist in the destination: " + dest + " (force=no).", registered(before, before, urlChanged));
    }
    boolean there = before != null && (version.kind() == Remote.Kind.COMMIT ? before.startsWith(version.commit()) : before.equals(version.commit()));
    List<Action> actions = new ArrayList<>();
    if (urlChanged) {
      actions.add(git.run(dest, "remote", "set-url", a.str("remote"), repo));
    }
    boolean moving = a.bool("update") && !there;
    if (moving) {
      actions.add(git.fetch(dest));
      actions.add(git.checkout(dest, version));
    } else if (modified && a.bool("update")) {
      actions.add(git.run(dest, "reset", "--hard", "HEAD"));
    }
    if (actions.isEmpty()) {
      String where = a.bool("update") ? "at " + describe(version) : "left as it is (update is false)";
      return Plan.unchanged(dest + " is " + where + (before == null ? "" : ", " + before), registered(before, before, false));
    }
    if (moving && a.bool("recursive") && !bare) {
      actions.add(git.run(dest, "submodule", "update", "--init", "--recursive"));
    }
    actions.add(git.run(dest, "rev-parse", "HEAD"));
    String summary = moving ? "move " + dest + " to " + describe(version) + " (" + version.commit() + ")"
        : modified ? "discard the local modifications in " + dest : "point remote " + a.str("remote") + " of " + dest + " at " + repo;
    return Plan.change(summary, actions, List.of())
        .withData(registered(before, moving ? version.commit() : before, urlChanged))
        .touching("file:" + dest);
  }

  /** No clone at dest yet: clone one, unless clone is false or something else is there. */
  private static Plan fresh(ModuleCall call, Git git, Remote.Version version) {
    Args a = call.args();
    String dest = a.str("dest");
    if (!a.bool("clone")) {
      // Ansible's way to ask a remote's commit without a clone: it says changed, yet nothing changes, so runbook says ok
      return Plan.unchanged(dest + " holds no clone, and clone is false; the remote is at " + version.commit(),
          cloned(version.commit()));
    }
    FileState there = call.host().stat(dest);
    if (there.exists() && (!there.isDirectory()
        || !call.host().probe(Command.of("find", dest, "-mindepth", "1", "-maxdepth", "1", "-print", "-quit")).stdout().isEmpty())) {
      return Plan.failed("destination path '" + dest + "' already exists and is not an empty directory");
    }
    List<String> clone = new ArrayList<>(List.of("clone", "--origin", a.str("remote")));
    if (a.bool("bare")) {
      clone.add("--bare");
    }
    if (a.integer("depth") != null) {
      clone.addAll(List.of("--depth", String.valueOf(a.integer("depth"))));
    }
    if (a.bool("single_branch")) {
      clone.add("--single-branch");
    }
    boolean named = version.kind() == Remote.Kind.BRANCH || version.kind() == Remote.Kind.TAG;
    if (named) {
      clone.addAll(List.of("--branch", version.name()));
    }
    if (a.bool("recursive") && !a.bool("bare")) {
      clone.add("--recurse-submodules");
    }
    clone.addAll(List.of("--", a.str("repo"), dest));
    List<Action> actions = new ArrayList<>(List.of(new Action.Run(git.command(clone.toArray(String[]::new)))));
    if (version.kind() == Remote.Kind.COMMIT) {
      actions.add(git.run(dest, "checkout", "--force", version.commit()));
    }
    actions.add(git.run(dest, "rev-parse", "HEAD"));
    return Plan.change("clone " + a.str("repo") + " into " + dest + " at " + describe(version) + " (" + version.commit() + ")", actions,
            List.of())
        .withData(cloned(version.commit()))
        .touching("file:" + dest);
  }

  /** What a clone registers: no commit before, and (unlike an update) no remote_url_changed, as in Ansible. */
  private static Map<String, Object> cloned(String after) {
    Map<String, Object> data = registered(null, after, false);
    data.remove("remote_url_changed");
    return data;
  }

  /** The commit the clone is at when the actions are done: what rev-parse printed last. */
  @Override
  public Map<String, Object> performed(Map<String, Object> values) {
    Map<String, Object> data = CommandValues.without(values);
    data.put("after", String.valueOf(values.get("stdout")).strip());
    return data;
  }

  private static Map<String, Object> registered(String before, String after, boolean urlChanged) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("before", before);
    data.put("after", after);
    data.put("remote_url_changed", urlChanged);
    return data;
  }

  private static String describe(Remote.Version v) {
    return switch (v.kind()) {
      case HEAD -> "the remote's HEAD";
      case BRANCH -> "branch " + v.name();
      case TAG -> "tag " + v.name();
      case COMMIT -> "commit " + v.name();
    };
  }

  private static String reason(CommandResult r) {
    String said = r.stderr().isBlank() ? r.stdout() : r.stderr();
    return said.isBlank() ? "exit status " + r.rc() : said.strip();
  }

  /** git as the task runs it: its executable, umask and SSH settings, never asking for a password. */
  private static final class Git {
    private final Args a;
    private final Map<String, String> env = new LinkedHashMap<>();

    Git(Args a) {
      this.a = a;
      env.put("GIT_TERMINAL_PROMPT", "0");
      env.put("GIT_OPTIONAL_LOCKS", "0"); // git status must not refresh the index: looking changes nothing
      StringBuilder ssh = new StringBuilder();
      if (a.str("key_file") != null) {
        ssh.append(" -i ").append(Shell.quote(a.str("key_file")));
      }
      if (a.bool("accept_hostkey") || a.bool("accept_newhostkey")) {
        ssh.append(" -o StrictHostKeyChecking=").append(a.bool("accept_hostkey") ? "no" : "accept-new");
      }
      if (a.str("ssh_opts") != null) {
        ssh.append(' ').append(a.str("ssh_opts"));
      }
      if (!ssh.isEmpty()) {
        env.put("GIT_SSH_COMMAND", "ssh" + ssh);
      }
    }

    Command command(String... words) {
      List<String> argv = new ArrayList<>();
      if (a.str("umask") != null) {
        argv.addAll(List.of("sh", "-c", "umask \"$1\" && shift && exec \"$@\"", "sh", a.str("umask")));
      }
      argv.add(a.str("executable") != null ? a.str("executable") : "git");
      argv.addAll(List.of(words));
      return Command.of(argv).withEnv(env);
    }

    /** git in a clone: -C for a work tree, --git-dir for a bare one. */
    Command in(String dest, String... words) {
      List<String> argv = new ArrayList<>(a.bool("bare") ? List.of("--git-dir", dest) : List.of("-C", dest));
      argv.addAll(List.of(words));
      return command(argv.toArray(String[]::new));
    }

    Action run(String dest, String... words) {
      return new Action.Run(in(dest, words));
    }

    Action fetch(String dest) {
      List<String> words = new ArrayList<>(List.of("fetch", "--force", "--tags"));
      if (a.integer("depth") != null) {
        words.addAll(List.of("--depth", String.valueOf(a.integer("depth"))));
      }
      words.add(a.str("remote"));
      if (a.bool("bare")) {
        words.addAll(List.of("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"));
      } else {
        words.add("+refs/heads/*:refs/remotes/" + a.str("remote") + "/*");
      }
      if (a.str("refspec") != null) {
        words.add(a.str("refspec"));
      }
      return run(dest, words.toArray(String[]::new));
    }

    /** A branch (HEAD's too) is checked out as a local branch at the remote's commit; a tag or commit detached. */
    Action checkout(String dest, Remote.Version v) {
      if (a.bool("bare")) {
        return run(dest, "symbolic-ref", "HEAD", "refs/heads/" + v.name());
      }
      String branch = v.kind() == Remote.Kind.BRANCH ? v.name() : null;
      return branch != null ? run(dest, "checkout", "--force", "-B", branch, a.str("remote") + "/" + branch)
          : run(dest, "checkout", "--force", v.commit());
    }
  }
}
