package runbook.modules.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.PlanText;
import runbook.spi.Action;
import runbook.spi.CommandResult;
import runbook.spi.Plan;

/** Which host runs what, which options rsync gets, and what the dry run's report makes of the plan. */
class SynchronizePlanTest {
  private static final String TREE = """
      .d..t...... 4096 ./
      >f.st...... 3 it's
      cd+++++++++ 4096 sub dir/
      >f+++++++++ 20 sub dir/new\\#012line
      cL+++++++++ 4 link
      *deleting   0 stale
      """;

  /**
   * @param delegate the task's delegate_to, or null
   * @param report what the dry run's client writes, and its status
   * @param ends "client on X, server on Y" of the relay, and the client's options
   */
  record Case(String name, Map<String, Object> args, String delegate, int rc, String report, String ends, String options, String plan) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a push from the controller: the client runs on the host, the controller sends", Map.of("src", "/www/", "dest", "/srv/www"),
            null, 0, TREE, "client on h2, server on the controller", "--archive --compress", """
            changed: sync /www/ to h2:/srv/www: 2 files to send (23 bytes), 1 to delete, 5 changes in all
              diff h2:/srv/www "" -> ">f.st...... it's\\ncd+++++++++ sub dir/\\n>f+++++++++ sub dir/new\\\\#012line\\ncL+++++++++ link\\n*deleting stale\\n"
              data {bytes_sent=23, cmd=rsync --archive --compress /www/ /srv/www, deleted=[stale], files_deleted=1, files_sent=2, msg=>f.st...... it's
            cd+++++++++ sub dir/
            >f+++++++++ sub dir/new\\#012line
            cL+++++++++ link
            *deleting stale, sent=[it's, sub dir/, sub dir/new
            line, link]}
            """),
        new Case("a pull to the controller: the client runs on the controller, the host sends", Map.of("src", "www", "dest", "/backup", "mode", "pull"),
            null, 0, "", "client on the controller, server on h2", "--archive --compress", """
            ok: h2:./www to /backup already in sync
              data {bytes_sent=0, cmd=rsync --archive --compress ./www /backup, deleted=[], files_deleted=0, files_sent=0, msg=, sent=[]}
            """),
        new Case("host to host: src on the delegate, dest on the inventory host", Map.of("src", "/www/", "dest", "/srv/www", "delete", true,
            "checksum", true, "rsync_timeout", 30, "link_dest", List.of("/srv/prev"), "rsync_opts", List.of("--exclude=.git")),
            "h1", 0, ".d..t...... 4096 ./\n", "client on h2, server on the delegate",
            "--archive --checksum --compress --delete-after --timeout=30 --link-dest=/srv/prev --exclude=.git", """
            ok: h1:/www/ to h2:/srv/www already in sync
              data {bytes_sent=0, cmd=rsync --archive --checksum --compress --delete-after --timeout=30 --link-dest=/srv/prev --exclude=.git /www/ /srv/www, deleted=[], files_deleted=0, files_sent=0, msg=, sent=[]}
            """),
        new Case("host to host, pull: src on the inventory host, dest on the delegate", Map.of("src", "/www/", "dest", "/srv/www", "mode", "pull",
            "archive", false, "recursive", true, "times", true, "compress", false), "h1", 0, "", "client on the delegate, server on h2",
            "--recursive --times", """
            ok: h2:/www/ to h1:/srv/www already in sync
              data {bytes_sent=0, cmd=rsync --recursive --times /www/ /srv/www, deleted=[], files_deleted=0, files_sent=0, msg=, sent=[]}
            """),
        new Case("delegated to localhost is the controller", Map.of("src", "/www/", "dest", "/srv/www", "times", false, "owner", false,
            "partial", true, "existing_only", true), "localhost", 0, "",
            "client on h2, server on the controller", "--archive --no-times --no-owner --compress --partial --existing", """
            ok: /www/ to h2:/srv/www already in sync
              data {bytes_sent=0, cmd=rsync --archive --no-times --no-owner --compress --partial --existing /www/ /srv/www, deleted=[], files_deleted=0, files_sent=0, msg=, sent=[]}
            """),
        new Case("files vanished on a live tree: a warning", Map.of("src", "/www/", "dest", "/srv/www"), null, 24,
            "file has vanished: \"/www/tmp\"\nrsync warning: some files vanished before they could be transferred (code 24)\n",
            "client on h2, server on the controller", "--archive --compress", """
            ok: /www/ to h2:/srv/www already in sync
              data {bytes_sent=0, cmd=rsync --archive --compress /www/ /srv/www, deleted=[], files_deleted=0, files_sent=0, msg=, sent=[], warnings=[files vanished from the source while rsync read it (status 24): file has vanished: "/www/tmp"; rsync warning: some files vanished before they could be transferred (code 24)]}
            """),
        new Case("a failed dry run fails the task with rsync's words", Map.of("src", "/nowhere/", "dest", "/srv/www"), null, 23,
            "rsync: [sender] change_dir \"/nowhere\" failed: No such file or directory (2)\nrsync error: some files/attrs were not transferred (code 23)\n",
            "client on h2, server on the controller", "--archive --compress", """
            failed: rsync failed with status 23: rsync: [sender] change_dir "/nowhere" failed: No such file or directory (2); rsync error: some files/attrs were not transferred (code 23)
              data {cmd=rsync --archive --compress /nowhere/ /srv/www, rc=23, stderr=, stdout=rsync: [sender] change_dir "/nowhere" failed: No such file or directory (2)
            rsync error: some files/attrs were not transferred (code 23)
            }
            """),
        new Case("ssh settings between the hosts are not used, and say so", Map.of("src", "/www/", "dest", "/srv/www", "dest_port", 2222,
            "verify_host", false), null, 0, "", "client on h2, server on the controller", "--archive --compress", """
            ok: /www/ to h2:/srv/www already in sync
              data {bytes_sent=0, cmd=rsync --archive --compress /www/ /srv/www, deleted=[], files_deleted=0, files_sent=0, msg=, sent=[], warnings=[dest_port is not used: rsync's stream goes through the controller's own connections to both hosts, which check host keys, verify_host is not used: rsync's stream goes through the controller's own connections to both hosts, which check host keys]}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theDryRunDecides(Case c) {
    List<Action.Relay> asked = new ArrayList<>();
    Plan plan = Calls.plan(new SynchronizeModule(), c.args(), FakeController.empty().var("inventory_hostname", "h2"), false, c.delegate(),
        relay -> {
          asked.add(relay);
          return new CommandResult(c.rc(), c.report(), "");
        });
    Action.Relay dry = asked.get(0);
    assertEquals(c.ends(), "client on " + end(dry.clientHost()) + ", server on " + end(dry.serverHost()));
    String script = dry.client().script();
    assertEquals("LC_ALL=C RSYNC_OLD_ARGS=2 exec rsync --dry-run " + c.options(), script.substring(0, script.indexOf(" '--out-format")));
    String planText = PlanText.of(plan);
    if (plan instanceof Plan.Change change) {
      Action.Relay real = (Action.Relay) change.actions().get(0);
      assertEquals(dry.client().script().replace("rsync --dry-run ", "rsync "), real.client().script());
      assertEquals(Rsync.meter((Long) plan.data().get("files_sent"), (Long) plan.data().get("bytes_sent")), real.meter(),
          "the transfer shows its progress out of what the dry run counted");
      assertEquals(null, dry.meter(), "the dry run shows none: it is planning");
      planText = planText.replaceAll("(?m)^  relay .*\\n", "");
    }
    assertEquals(c.plan(), planText);
  }

  private static String end(String host) {
    return host == null ? "the delegate" : host.equals(Action.CONTROLLER) ? "the controller" : host;
  }

  record Refusal(Map<String, Object> args, String plan) {}

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal(Map.of("src", "/a/", "dest", "/b", "delete", true, "recursive", false),
            "failed: delete needs recursive (or archive): rsync deletes only below directories it recurses into\n"),
        new Refusal(Map.of("src", "/a/", "dest", "/b", "rsync_path", "'unclosed"), "failed: rsync_path must name a program: 'unclosed\n"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void argumentsThatCannotWorkFailBeforeAnythingRuns(Refusal r) {
    Plan plan = Calls.plan(new SynchronizeModule(), r.args(), FakeController.empty().var("inventory_hostname", "h2"), false, null, relay -> {
      throw new AssertionError("nothing runs");
    });
    assertEquals(r.plan(), PlanText.of(plan));
  }

  /** The whole client command, quoting included: the relay's rsh, and the paths as words. */
  @org.junit.jupiter.api.Test
  void theClientCommand() {
    Rsync rsync = new Rsync(List.of("--archive"), "/srv/it's/", "rel dir", List.of("sudo", "rsync"));
    assertEquals("LC_ALL=C RSYNC_OLD_ARGS=2 exec rsync --archive '--out-format=%i %l %n' --blocking-io '--rsh=sh -c '\\''shift; printf \"%s\\0\" \"$#\" \"$@\" >&5"
        + " || exit 1; exec 7<&0; cat <&7 >&5 6<&- 7<&- 2>/dev/null & exec cat <&6 5>&- 7<&-'\\'' relay' -- 'relay:/srv/it'\\''s/' './rel dir'"
        + " 5>&1 6<&0 1>&2 0</dev/null", rsync.client(false).script());
    assertEquals(Optional.of(List.of("sudo", "rsync", "--server", "--sender", "-a", ".", "/srv/it's/")),
        rsync.admit(List.of("rsync", "--server", "--sender", "-a", ".", "/srv/it's/")).map(runbook.spi.Command::argv));
  }
}
