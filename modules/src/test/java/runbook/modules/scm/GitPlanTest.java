package runbook.modules.scm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.CommandResult;

/** git planned from ls-remote and the clone's HEAD, remote URL and status: clone, move, leave, or refuse. */
class GitPlanTest {
  private static final String REPO = "https://git.example.org/app.git";
  private static final String OLD = "1111111111111111111111111111111111111111";
  private static final String NEW = "2222222222222222222222222222222222222222";
  private static final String TAGGED = "3333333333333333333333333333333333333333";
  private static final String ENV = " env={GIT_OPTIONAL_LOCKS=0, GIT_TERMINAL_PROMPT=0}";
  private static final String KEYED = " env={GIT_OPTIONAL_LOCKS=0, GIT_SSH_COMMAND=ssh -i '/root/.ssh/deploy key', GIT_TERMINAL_PROMPT=0}";
  private static final String LISTING = "ref: refs/heads/main\tHEAD\n" + NEW + "\tHEAD\n" + NEW + "\trefs/heads/main\n" + OLD
      + "\trefs/heads/old\n" + "4444444444444444444444444444444444444444\trefs/tags/v2\n" + TAGGED + "\trefs/tags/v2^{}\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no clone yet: cloned at the remote's HEAD", args("repo", REPO, "dest", "/srv/app"), remote(FakeHost.empty()),
            "changed: clone " + REPO + " into /srv/app at the remote's HEAD (" + NEW + ")\n  touches file:/srv/app\n"
                + "  run [git, clone, --origin, origin, --recurse-submodules, --, " + REPO + ", /srv/app]" + ENV + "\n"
                + "  run [git, -C, /srv/app, rev-parse, HEAD]" + ENV + "\n  data {after=" + NEW + ", before=null}\n"),
        Arguments.of("a branch, shallow, with an SSH key that goes to git in its environment",
            args("repo", REPO, "dest", "/srv/app", "version", "old", "depth", 1, "key_file", "/root/.ssh/deploy key"), remote(FakeHost.empty()),
            "changed: clone " + REPO + " into /srv/app at branch old (" + OLD + ")\n  touches file:/srv/app\n"
                + "  run [git, clone, --origin, origin, --depth, 1, --branch, old, --recurse-submodules, --, " + REPO + ", /srv/app]" + KEYED + "\n"
                + "  run [git, -C, /srv/app, rev-parse, HEAD]" + KEYED + "\n  data {after=" + OLD + ", before=null}\n"),
        Arguments.of("converged", args("repo", REPO, "dest", "/srv/app"), clone(NEW, REPO, ""),
            "ok: /srv/app is at the remote's HEAD, " + NEW + "\n  data {after=" + NEW + ", before=" + NEW + ", remote_url_changed=false}\n"),
        Arguments.of("behind: fetched, and the branch checked out at the remote's commit", args("repo", REPO, "dest", "/srv/app", "version", "main"),
            clone(OLD, REPO, ""),
            "changed: move /srv/app to branch main (" + NEW + ")\n  touches file:/srv/app\n"
                + "  run [git, -C, /srv/app, fetch, --force, --tags, origin, +refs/heads/*:refs/remotes/origin/*]" + ENV + "\n"
                + "  run [git, -C, /srv/app, checkout, --force, -B, main, origin/main]" + ENV + "\n"
                + "  run [git, -C, /srv/app, submodule, update, --init, --recursive]" + ENV + "\n  run [git, -C, /srv/app, rev-parse, HEAD]" + ENV + "\n"
                + "  data {after=" + NEW + ", before=" + OLD + ", remote_url_changed=false}\n"),
        Arguments.of("an annotated tag is the commit it points at", args("repo", REPO, "dest", "/srv/app", "version", "v2"), clone(TAGGED, REPO, ""),
            "ok: /srv/app is at tag v2, " + TAGGED + "\n  data {after=" + TAGGED + ", before=" + TAGGED + ", remote_url_changed=false}\n"),
        Arguments.of("local modifications without force: refused, in Ansible's words", args("repo", REPO, "dest", "/srv/app"),
            clone(OLD, REPO, " M config.php\n"),
            "failed: Local modifications exist in the destination: /srv/app (force=no).\n"
                + "  data {after=" + OLD + ", before=" + OLD + ", remote_url_changed=false}\n"),
        Arguments.of("local modifications with force at the version: discarded", args("repo", REPO, "dest", "/srv/app", "force", true),
            clone(NEW, REPO, " M config.php\n"),
            "changed: discard the local modifications in /srv/app\n  touches file:/srv/app\n  run [git, -C, /srv/app, reset, --hard, HEAD]" + ENV + "\n"
                + "  run [git, -C, /srv/app, rev-parse, HEAD]" + ENV + "\n  data {after=" + NEW + ", before=" + NEW + ", remote_url_changed=false}\n"),
        Arguments.of("another remote URL: pointed at the repo", args("repo", REPO, "dest", "/srv/app"), clone(NEW, "https://old.example.org/app.git", ""),
            "changed: point remote origin of /srv/app at " + REPO + "\n  touches file:/srv/app\n"
                + "  run [git, -C, /srv/app, remote, set-url, origin, " + REPO + "]" + ENV + "\n  run [git, -C, /srv/app, rev-parse, HEAD]" + ENV + "\n"
                + "  data {after=" + NEW + ", before=" + NEW + ", remote_url_changed=true}\n"),
        Arguments.of("update false: left where it is", args("repo", REPO, "dest", "/srv/app", "update", false), clone(OLD, REPO, ""),
            "ok: /srv/app is left as it is (update is false), " + OLD + "\n  data {after=" + OLD + ", before=" + OLD + ", remote_url_changed=false}\n"),
        Arguments.of("clone false without a clone: the remote's commit, and nothing changes", args("repo", REPO, "dest", "/srv/app", "clone", false),
            remote(FakeHost.empty()),
            "ok: /srv/app holds no clone, and clone is false; the remote is at " + NEW + "\n  data {after=" + NEW + ", before=null}\n"),
        Arguments.of("something else at dest", args("repo", REPO, "dest", "/srv/app"),
            remote(FakeHost.empty().dir("/srv/app").probe("find /srv/app -mindepth 1 -maxdepth 1 -print -quit", 0, "/srv/app/index.html\n")),
            "failed: destination path '/srv/app' already exists and is not an empty directory\n"),
        Arguments.of("a version the remote lacks", args("repo", REPO, "dest", "/srv/app", "version", "nosuch"), remote(FakeHost.empty()),
            "failed: Cannot find version nosuch in " + REPO + ": no such branch or tag, and no commit name\n"),
        Arguments.of("a check run before the simulated install of git: it depends on that", args("repo", REPO, "dest", "/srv/app"),
            FakeHost.empty().probe("git ls-remote --symref " + REPO, new CommandResult(127, "", "sh: 1: git: not found\n"))
                .pending("package:git", "install git"),
            "depends on install git: clone " + REPO + " into /srv/app\n"),
        Arguments.of("archive is refused", args("repo", REPO, "dest", "/srv/app", "archive", "/tmp/app.zip"), FakeHost.empty(),
            "failed: archive is not supported by runbook's git\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new GitModule(), args, host, FakeController.empty(), false)));
  }

  private static FakeHost remote(FakeHost host) {
    return host.probe("git ls-remote --symref " + REPO, 0, LISTING);
  }

  private static FakeHost clone(String head, String url, String status) {
    return remote(FakeHost.empty().dir("/srv/app/.git"))
        .probe("git -C /srv/app rev-parse HEAD", 0, head + "\n")
        .probe("git -C /srv/app config --get remote.origin.url", 0, url + "\n")
        .probe("git -C /srv/app status --porcelain --untracked-files=no", 0, status);
  }
}
