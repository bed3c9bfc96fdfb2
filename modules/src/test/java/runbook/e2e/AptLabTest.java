package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import runbook.connect.ConnectOptions;
import runbook.connect.Connection;
import runbook.connect.Connections;
import runbook.lab.Lab;
import runbook.lab.LabExtension;

/**
 * apt on a real lab host, from the lab's offline cache: chrony (small, used by no other test) is
 * installed and removed in four steps each; the host gets its state back afterwards. chrony is
 * installed with policy_rc_d 101 so that its daemon never starts: lab hosts share this machine's
 * clock.
 */
@ExtendWith(LabExtension.class)
class AptLabTest {
  /** What apt changes: dpkg's database, the lists' age, and a policy-rc.d that must not be left behind. */
  private static final String LOOK = "dpkg-query -W -f='${Package} ${db:Status-Abbrev} ${Version}\\n' chrony;"
      + " sha256sum /var/lib/dpkg/status; stat -c %Y /var/lib/apt/lists; ls /usr/sbin/policy-rc.d 2>&1; pgrep -c chronyd";

  @TempDir Path dir;
  private Connections connections;
  private Connection host;
  private String limit;
  private Lab lab;

  @BeforeEach
  void connect(Lab lab) {
    this.lab = lab;
    Lab.LabHost last = lab.hosts().get(lab.hosts().size() - 1);
    connections = new Connections(ConnectOptions.defaults());
    host = connections.forHost(last.name(), lab.connectionVars(last, "root"));
    limit = last.name();
    restore();
  }

  @AfterEach
  void restoreAndDisconnect() {
    try {
      restore();
    } finally {
      connections.close();
    }
  }

  private void restore() {
    exec("apt-get -y purge chrony >/dev/null 2>&1; rm -f /usr/sbin/policy-rc.d; dpkg-query -W -f='${db:Status-Abbrev}' chrony | grep -q '^[ui]n'");
  }

  @Test
  void installsAndRemovesInFourStepsEach() throws IOException {
    Path install = Fixtures.runbook(dir.resolve("install"), """
        - apt: {name: chrony, install_recommends: false, policy_rc_d: 101}
        """);
    LocalFourStepTest.fourSteps(new LocalFourStepTest.Case("install chrony", java.util.Map.of(), "", 1), 1, this::look,
        lab.inventory().toString(), install.toString(), "-l", limit);
    assertTrue(look().endsWith("No such file or directory\n0\n"), "policy-rc.d removed, chronyd never started: " + look());

    // Satisfied wildcards are ok, in check mode too; for rsync=3.* (3.2.7 installed, 3.5.0 in the
    // cache) Ansible's present upgrades rsync and reports a change.
    Path pinned = Fixtures.runbook(dir.resolve("pinned"), """
        - apt: {name: ["chrony=4.3*", "rsync=3.*"], policy_rc_d: 101}
        """);
    for (String mode : List.of("--check", "--diff")) {
      Command run = Command.run("apply", mode, lab.inventory().toString(), pinned.toString(), "-l", limit);
      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(0, run.changed(), run.toString());
    }

    Path remove = Fixtures.runbook(dir.resolve("remove"), """
        - apt: {name: chrony, state: absent, purge: true}
        """);
    LocalFourStepTest.fourSteps(new LocalFourStepTest.Case("purge chrony", java.util.Map.of(), "", 1), 1, this::look,
        lab.inventory().toString(), remove.toString(), "-l", limit);
  }

  @Test
  void checkShowsAptsSimulationAsTheDiff() throws IOException {
    Path install = Fixtures.runbook(dir, """
        - apt: {name: chrony, policy_rc_d: 101}
        """);
    Command check = Command.run("apply", "--check", "--diff", lab.inventory().toString(), install.toString(), "-l", limit);
    assertEquals(0, check.exitCode(), check.toString());
    assertTrue(check.out().contains("+++ after: packages\n@@ -0,0 +1 @@\n+chrony 4.3"), check.toString());
  }

  @Test
  void updatesTheCacheOnlyWhenOlderThanCacheValidTime() throws IOException {
    // Lab hosts have no route out: an update would fail, so the fresh case proves none is run.
    Path fresh = Fixtures.runbook(dir.resolve("fresh"), """
        - apt: {update_cache: true, cache_valid_time: 86400}
          register: r
        - assert: {that: ["not r.cache_updated", "r.cache_update_time > 0"]}
        """);
    Command ok = Command.run("apply", lab.inventory().toString(), fresh.toString(), "-l", limit);
    assertEquals(0, ok.exitCode(), ok.toString());
    assertEquals(0, ok.changed(), ok.toString());

    String before = look();
    Path stale = Fixtures.runbook(dir.resolve("stale"), """
        - apt: {update_cache: true, cache_valid_time: 1}
        """);
    Command check = Command.run("apply", "--check", lab.inventory().toString(), stale.toString(), "-l", limit);
    assertEquals(0, check.exitCode(), check.toString());
    assertEquals(1, check.changed(), check.toString());
    assertEquals(before, look(), "check mode updated the cache");
  }

  /** apt locks with fcntl, not flock(1): a python3 lockf holds the lock as another apt would. */
  @Test
  void waitsForAHeldDpkgLockUpToLockTimeout() throws IOException {
    Path patient = Fixtures.runbook(dir.resolve("patient"), """
        - apt: {name: chrony, policy_rc_d: 101}
        """);
    hold(5);
    long start = System.nanoTime();
    Command waited = Command.run("apply", lab.inventory().toString(), patient.toString(), "-l", limit);
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertEquals(0, waited.exitCode(), waited.toString());
    assertEquals(1, waited.changed(), waited.toString());
    assertTrue(seconds >= 3, "the install waited for the lock: " + seconds + " s");
    restore();

    Path hasty = Fixtures.runbook(dir.resolve("hasty"), """
        - apt: {name: chrony, policy_rc_d: 101, lock_timeout: 1}
        """);
    hold(8);
    Command gaveUp = Command.run("apply", "-v", lab.inventory().toString(), hasty.toString(), "-l", limit);
    assertEquals(2, gaveUp.exitCode(), gaveUp.toString());
    // apt names the lock in one of two sentences, depending on whether its last try's error was kept.
    assertTrue(gaveUp.out().contains("Could not get lock /var/lib/dpkg/lock-frontend")
        || gaveUp.out().contains("Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend)"), gaveUp.toString());
  }

  /**
   * apt-get update takes the lists lock, which apt's lock timeout does not cover: the module
   * retries. The lab has no route out, so an update that got the lock fails to fetch.
   */
  @Test
  void retriesTheCacheUpdateWhileTheListsLockIsHeld() throws IOException {
    Path update = Fixtures.runbook(dir, """
        - apt: {update_cache: true, lock_timeout: 30}
        """);
    hold(5, "/var/lib/apt/lists/lock");
    Command waited = Command.run("apply", "-v", lab.inventory().toString(), update.toString(), "-l", limit);
    assertEquals(2, waited.exitCode(), waited.toString());
    assertTrue(waited.out().contains("Failed to fetch") && !waited.out().contains("Could not get lock"), waited.toString());

    Path hasty = Fixtures.runbook(dir.resolve("hasty"), """
        - apt: {update_cache: true, lock_timeout: 2}
        """);
    hold(8, "/var/lib/apt/lists/lock");
    Command gaveUp = Command.run("apply", "-v", lab.inventory().toString(), hasty.toString(), "-l", limit);
    assertEquals(2, gaveUp.exitCode(), gaveUp.toString());
    assertTrue(gaveUp.out().contains("Could not get lock /var/lib/apt/lists/lock"), gaveUp.toString());
  }

  private void hold(int seconds) {
    hold(seconds, "/var/lib/dpkg/lock-frontend");
  }

  /** Holds an apt lock file on the host for {@code seconds}, in the background. */
  private void hold(int seconds, String lock) {
    exec("setsid python3 -c 'import fcntl, time; f = open(\"" + lock + "\", \"w\");"
        + " fcntl.lockf(f, fcntl.LOCK_EX); time.sleep(" + seconds + ")' </dev/null >/dev/null 2>&1 & sleep 1");
  }

  private String look() {
    return exec(LOOK + " || true");
  }

  private String exec(String command) {
    var result = host.exec(command, null);
    if (result.rc() != 0) {
      throw new AssertionError("'" + command + "' failed: " + result.err());
    }
    return result.out();
  }
}
