package runbook.modules.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.AnsweringHost;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Action;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.Plan;

/**
 * get_url decides from dest, force and checksum whether to download, and how well check mode can
 * know; unarchive reads tar --diff (or the zip comparison) as Ansible reads it. Each case: the
 * arguments, the host, and the plan's first line and registered values.
 */
class GetUrlUnarchivePlanTest {
  private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String URL = "http://repo/app.tgz";

  /** Files, and probes: an argument list answered by {@code files}, a script by {@code scripts}. */
  private static AnsweringHost host(FakeHost files, Function<Command, CommandResult> scripts) {
    return new AnsweringHost(files, c -> c.argv() != null ? files.probe(c) : scripts.apply(c));
  }

  private static AnsweringHost host(FakeHost files) {
    return host(files, c -> {
      throw new AssertionError("unexpected probe: " + c.display());
    });
  }

  static Stream<Arguments> getUrl() {
    var none = FakeHost.empty().dir("/srv").dir("/tmp");
    var there = FakeHost.empty().dir("/srv").file("/srv/app.tgz", "test", 0644, "root", "root")
        .probe("sha256sum -- /srv/app.tgz", 0, SHA + "  /srv/app.tgz\n");
    var data = "  data {dest=/srv/app.tgz, url=" + URL + "}\n";
    return Stream.of(
        Arguments.of("dest missing: a known change", args("url", URL, "dest", "/srv/app.tgz"), host(none),
            "changed: download " + URL + " to /srv/app.tgz\n" + data),
        Arguments.of("dest a directory: the URL's file name in it", args("url", URL, "dest", "/srv/"), host(none),
            "changed: download " + URL + " to /srv/app.tgz\n" + data),
        Arguments.of("converged: dest there, no force, no checksum", args("url", URL, "dest", "/srv/app.tgz"), host(there),
            "ok: file already exists\n" + data),
        Arguments.of("dest there but its mode is not the task's", args("url", URL, "dest", "/srv/app.tgz", "mode", "0600"), host(there),
            "changed: file already exists but file attributes changed\n" + data),
        Arguments.of("force over an existing dest: only the download tells", args("url", URL, "dest", "/srv/app.tgz", "force", true), host(there),
            "unpredictable: download " + URL + " to /srv/app.tgz (only the download tells whether its content differs)\n" + data),
        Arguments.of("converged: the checksum matches dest, even with force",
            args("url", URL, "dest", "/srv/app.tgz", "checksum", "sha256:" + SHA.toUpperCase(), "force", true), host(there),
            "ok: file already exists\n" + data),
        Arguments.of("a checksum dest does not match: a known change", args("url", URL, "dest", "/srv/app.tgz", "checksum", "sha256:00ff"), host(there),
            "changed: download " + URL + " to /srv/app.tgz\n" + data),
        Arguments.of("the checksum from a checksum file on the server", args("url", URL, "dest", "/srv/app.tgz", "checksum", "sha256:http://repo/SUMS"),
            host(there, c -> new CommandResult(0, "0000  other.tgz\n" + SHA + " *./app.tgz\n", "")), "ok: file already exists\n" + data),
        Arguments.of("no line for the file in the checksum file", args("url", URL, "dest", "/srv/app.tgz", "checksum", "sha256:http://repo/SUMS"),
            host(there, c -> new CommandResult(0, "0000  other.tgz\n1111  more.tgz\n", "")),
            "failed: Unable to find a checksum for file 'app.tgz' in 'http://repo/SUMS'\n"),
        Arguments.of("the directory for dest missing", args("url", URL, "dest", "/nope/app.tgz"), host(none),
            "failed: Destination /nope does not exist\n  data {dest=/nope/app.tgz, url=" + URL + "}\n"),
        Arguments.of("tmp_dest must be a directory", args("url", URL, "dest", "/srv/app.tgz", "tmp_dest", "/var/dl"), host(none),
            "failed: /var/dl directory does not exist.\n" + data),
        Arguments.of("a checksum without its algorithm", args("url", URL, "dest", "/srv/app.tgz", "checksum", SHA), host(none),
            "failed: The checksum parameter has to be in format <algorithm>:<checksum>\n"),
        Arguments.of("an algorithm coreutils has no tool for", args("url", URL, "dest", "/srv/app.tgz", "checksum", "crc32:00"), host(none),
            "failed: checksum algorithm crc32 is not one of [md5, sha1, sha224, sha256, sha384, sha512]\n"),
        Arguments.of("a checksum that is not hex", args("url", URL, "dest", "/srv/app.tgz", "checksum", "md5:xyz"), host(none),
            "failed: The checksum format is invalid\n"),
        Arguments.of("a password needs its user", args("url", URL, "dest", "/srv/app.tgz", "url_password", "pw"), host(none),
            "failed: url_password needs url_username\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("getUrl")
  void getUrlPlans(String name, Map<String, Object> args, AnsweringHost host, String expected) {
    Plan plan = Calls.plan(new GetUrlModule(), args, host);
    assertEquals(expected, PlanText.verdict(plan) + PlanText.data(plan));
  }

  @Test
  void theCredentialsTravelOnStdinNeverInTheScript() {
    var host = host(FakeHost.empty().dir("/srv"));
    var plan = (Plan.Change) Calls.plan(new GetUrlModule(), args("url", URL, "dest", "/srv/a", "url_username", "ops", "url_password", "s3cr'et $(x)"), host);
    Command download = ((Action.Run) plan.actions().get(0)).command();
    assertFalse(download.script().contains("s3cr"), download.script());
    assertTrue(download.stdin().contains("user = \"ops:s3cr'et $(x)\""), download.stdin());
  }

  @Test
  void theDownloadRegistersWhatItPrinted() {
    assertEquals(Map.of("dest", "/srv/a", "status_code", 200L, "msg", "OK (4 bytes)", "checksum_src", "a94a", "checksum_dest", "a94a", "size", 4L,
            "changed", false, "elapsed", 0L),
        new GetUrlModule().performed(Map.of("dest", "/srv/a", "rc", 0, "stderr", "", "stdout",
            "status_code=200\nmsg=OK (4 bytes)\nchecksum_src=a94a\nsize=4\nchecksum_dest=a94a\nchanged=no\nelapsed=0\n")));
  }

  /** A probe's answer: the handler, the listing, the uid it ran as, and the comparison's lines. */
  private static CommandResult listing(String uid, String... diff) {
    return new CommandResult(0, "== handler\nTgzArchive\n== files\napp/\napp/a.txt\n== uid\n" + uid + "\n== diff\n" + String.join("\n", diff) + "\n", "");
  }

  static Stream<Arguments> unarchive() {
    var files = FakeHost.empty().dir("/srv").file("/srv/app.tgz", "x").file("/srv/done", "");
    var remote = args("src", "/srv/app.tgz", "dest", "/srv", "remote_src", true);
    var data = "  data {dest=/srv, handler=TgzArchive, src=/srv/app.tgz}\n";
    Function<CommandResult, AnsweringHost> answering = r -> host(files, c -> r);
    return Stream.of(
        Arguments.of("converged: tar --diff finds nothing", remote, answering.apply(listing("0")), "ok: /srv/app.tgz is unpacked in /srv already\n" + data),
        Arguments.of("members missing", remote,
            answering.apply(listing("0", "tar: app: Warning: Cannot stat: No such file or directory", "tar: app/a.txt: Warning: Cannot stat: No such file or directory")),
            "changed: unpack /srv/app.tgz into /srv (2 members differ: app, app/a.txt)\n" + data),
        Arguments.of("a member's time differs", remote, answering.apply(listing("1000", "app/a.txt: Mod time differs", "app/a.txt: Size differs")),
            "changed: unpack /srv/app.tgz into /srv (2 members differ: app/a.txt, app/a.txt)\n" + data),
        Arguments.of("a mode differs, and no mode is asked", remote, answering.apply(listing("1000", "app/a.txt: Mode differs")),
            "changed: unpack /srv/app.tgz into /srv (1 member differs: app/a.txt)\n" + data),
        Arguments.of("a mode differs, but the task sets it", with(remote, "mode", "0640"), answering.apply(listing("1000", "app/a.txt: Mode differs")),
            "ok: /srv/app.tgz is unpacked in /srv already\n" + data),
        Arguments.of("an owner differs, but only root could make it so", remote, answering.apply(listing("1000", "app/a.txt: Uid differs")),
            "ok: /srv/app.tgz is unpacked in /srv already\n" + data),
        Arguments.of("an owner differs, run as root", remote, answering.apply(listing("0", "app/a.txt: Uid differs")),
            "changed: unpack /srv/app.tgz into /srv (1 member differs: app/a.txt)\n" + data),
        Arguments.of("list_files registers the members", with(remote, "list_files", true), answering.apply(listing("0")),
            "ok: /srv/app.tgz is unpacked in /srv already\n  data {dest=/srv, files=[app/, app/a.txt], handler=TgzArchive, src=/srv/app.tgz}\n"),
        Arguments.of("creates there: nothing to do", with(remote, "creates", "/srv/done"), host(files), "ok: skipped, since /srv/done exists\n"),
        Arguments.of("dest must be a directory", args("src", "/srv/app.tgz", "dest", "/srv/app.tgz", "remote_src", true), host(files),
            "failed: dest '/srv/app.tgz' must be an existing dir\n  data {dest=/srv/app.tgz, src=/srv/app.tgz}\n"),
        Arguments.of("a remote src missing", args("src", "/srv/gone.tgz", "dest", "/srv", "remote_src", true), host(files),
            "failed: Source '/srv/gone.tgz' does not exist\n  data {dest=/srv, src=/srv/gone.tgz}\n"),
        Arguments.of("a check run: the archive is what an earlier task would download", args("src", "/srv/gone.tgz", "dest", "/srv", "remote_src", true),
            host(FakeHost.empty().dir("/srv").pending("file:/srv/gone.tgz", "download http://repo/gone.tgz to /srv/gone.tgz")),
            "depends on download http://repo/gone.tgz to /srv/gone.tgz: unpack /srv/gone.tgz into /srv\n  data {dest=/srv, src=/srv/gone.tgz}\n"),
        Arguments.of("include and exclude exclude each other", with(remote, "include", List.of("a"), "exclude", List.of("b")), host(files),
            "failed: parameters are mutually exclusive: include|exclude\n"),
        Arguments.of("an archive tar cannot list", remote, answering.apply(new CommandResult(1, "", "Unable to list files in the archive\n")),
            "failed: Unable to list files in the archive\n  data {dest=/srv, src=/srv/app.tgz}\n"));
  }

  private static Map<String, Object> with(Map<String, Object> args, Object... more) {
    var all = new java.util.LinkedHashMap<>(args);
    all.putAll(args(more));
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unarchive")
  void unarchivePlans(String name, Map<String, Object> args, AnsweringHost host, String expected) {
    Plan plan = Calls.plan(new UnarchiveModule(), args, host);
    assertEquals(expected, PlanText.verdict(plan) + PlanText.data(plan));
  }

  @Test
  void aControllerArchiveTravelsOnStdinAndTheWordsAreQuoted() {
    var host = host(FakeHost.empty().dir("/srv"), c -> listing("0", "x: Mod time differs"));
    var plan = (Plan.Change) Calls.plan(new UnarchiveModule(),
        args("src", "app.tgz", "dest", "/srv", "exclude", List.of("it's; rm -rf /x")), host, FakeController.empty().file("files/app.tgz", "archive"), false);
    Command probe = host.asked.get(0);
    assertEquals("YXJjaGl2ZQ==\n", probe.stdin());
    assertTrue(probe.script().contains("'--exclude=it'\\''s; rm -rf /x'"), probe.script());
    Command extract = ((Action.Run) plan.actions().get(0)).command();
    assertEquals(probe.stdin(), extract.stdin());
    assertTrue(extract.script().contains("tar --extract -C \"$dest\" $z '--exclude=it'\\''s; rm -rf /x' -f \"$a\""), extract.script());
  }
}
