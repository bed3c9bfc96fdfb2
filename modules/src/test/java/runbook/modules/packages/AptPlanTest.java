package runbook.modules.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Action;
import runbook.spi.CommandResult;
import runbook.spi.Meter;
import runbook.spi.Plan;
import runbook.spi.Module;

/**
 * apt and package plans from dpkg-query and {@code apt-get -s} outputs recorded on a lab host
 * (Debian 12, apt 2.6.1; resources beside this class): each row is the arguments, what the host
 * answers, and the whole plan expected.
 */
class AptPlanTest {
  static final String DPKG = "dpkg-query -W -f=${Package}\\t${db:Status-Abbrev}\\t${Version}\\n -- ";
  static final String OPTIONS = "-y -o DPkg::Lock::Timeout=60 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold ";
  static final String SIM = "apt-get -s " + OPTIONS;
  static final String ENV = " env={DEBIAN_FRONTEND=noninteractive, DEBIAN_PRIORITY=critical, LC_ALL=C}";

  /** An apt-get the plan runs: its words after the options every call shares. */
  static String run(String words) {
    return "  run [apt-get, " + OPTIONS.strip().replace(" ", ", ") + ", " + words + "]" + ENV + "\n";
  }

  /** The cache update script (its retries on the lists lock are run on the lab by AptLabTest). */
  static final String UPDATE = line(new AptGet(List.of(), 60, 101).update());

  /** apt-get with these words after the shared options, inside a policy-rc.d that exits {@code status}. */
  static String insidePolicyRcD(int status, String... words) {
    List<String> options = List.of(OPTIONS.strip().split(" "));
    return line(new AptGet(options, 60, status).run(List.of(words), null));
  }

  /** An action's line in PlanText. */
  private static String line(Action action) {
    String text = PlanText.of(Plan.change("", List.of(action), List.of()));
    return text.substring(text.indexOf('\n') + 1);
  }

  record Case(String name, Module module, Map<String, Object> args, boolean check, Map<String, Object> facts, UnaryOperator<FakeHost> host, String plan) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case apt(String name, Map<String, Object> args, UnaryOperator<FakeHost> host, String plan) {
    return new Case(name, new AptModule(), args, false, Map.of(), host, plan);
  }

  /** A recorded output: NAME.out as stdout, NAME.err (when there is one) as stderr. */
  static CommandResult recorded(int rc, String name) {
    return new CommandResult(rc, resource(name + ".out"), resource(name + ".err"));
  }

  private static String resource(String file) {
    try (InputStream in = AptPlanTest.class.getResourceAsStream(file)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        apt("installed: nothing to do, apt not asked", Calls.args("name", List.of("sudo")),
            h -> h.probe(DPKG + "sudo", recorded(0, "dpkg-sudo")),
            "ok: sudo 1.9.13p3-1+deb12u4 is installed\n  data {cache_updated=false}\n"),
        apt("not installed: apt's Inst lines are the plan", Calls.args("name", List.of("chrony")),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-fresh"))
                .probe(SIM + "install -- chrony", recorded(0, "sim-install-chrony")),
            "changed: install chrony 4.3-2+deb12u3\n"
                + "  touches package:chrony\n"
                + run("install, --, chrony")
                + "  diff packages \"\" -> \"chrony 4.3-2+deb12u3\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("two names, one dpkg-query: only the missing one goes to apt", Calls.args("pkg", List.of("chrony", "sudo")),
            h -> h.probe(DPKG + "chrony sudo", recorded(0, "dpkg-chrony-sudo"))
                .probe(SIM + "install -- chrony", recorded(0, "sim-install-chrony")),
            "changed: install chrony 4.3-2+deb12u3\n"
                + "  touches package:chrony, package:sudo\n"
                + run("install, --, chrony")
                + "  diff packages \"\" -> \"chrony 4.3-2+deb12u3\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("pinned version satisfied", Calls.args("name", List.of("rsync=3.2.7-1+deb12u6")),
            h -> h.probe(DPKG + "rsync", recorded(0, "dpkg-rsync")),
            "ok: rsync 3.2.7-1+deb12u6 is installed, which 3.2.7-1+deb12u6 allows\n"
                + "  data {cache_updated=false}\n"),
        apt("wildcard version satisfied", Calls.args("name", List.of("rsync=3.2*")),
            h -> h.probe(DPKG + "rsync", recorded(0, "dpkg-rsync")),
            "ok: rsync 3.2.7-1+deb12u6 is installed, which 3.2* allows\n"
                + "  data {cache_updated=false}\n"),
        apt("wildcard satisfied while a newer match is available: present does not upgrade (Ansible does, ansible#84466)",
            Calls.args("name", List.of("rsync=3.*")),
            h -> h.probe(DPKG + "rsync", recorded(0, "dpkg-rsync")),
            "ok: rsync 3.2.7-1+deb12u6 is installed, which 3.* allows\n"
                + "  data {cache_updated=false}\n"),
        apt("wildcard version not satisfied: apt picks the version", Calls.args("name", List.of("rsync=3.5*")),
            h -> h.probe(DPKG + "rsync", recorded(0, "dpkg-rsync"))
                .probe(SIM + "install -- rsync=3.5*", recorded(0, "sim-install-rsync-3.5")),
            "changed: install rsync 3.2.7-1+deb12u6 -> 3.5.0+ds1-0+deb12u1\n"
                + "  touches package:rsync\n"
                + run("install, --, rsync=3.5*")
                + "  diff packages \"rsync 3.2.7-1+deb12u6\\n\" -> \"rsync 3.5.0+ds1-0+deb12u1\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("latest with an upgrade available", Calls.args("name", List.of("rsync"), "state", "latest"),
            h -> h.probe(SIM + "install -- rsync", recorded(0, "sim-latest-rsync")),
            "changed: install rsync 3.2.7-1+deb12u6 -> 3.5.0+ds1-0+deb12u1\n"
                + "  touches package:rsync\n"
                + run("install, --, rsync")
                + "  diff packages \"rsync 3.2.7-1+deb12u6\\n\" -> \"rsync 3.5.0+ds1-0+deb12u1\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("latest, already the newest", Calls.args("name", List.of("sudo"), "state", "latest"),
            h -> h.probe(SIM + "install -- sudo", recorded(0, "sim-latest-sudo")),
            "ok: apt-get install sudo would change nothing (0 upgraded, 0 newly installed, 0 to remove and 19 not upgraded.)\n"
                + "  data {cache_updated=false}\n"),
        apt("absent with purge, installed", Calls.args("name", List.of("chrony"), "state", "absent", "purge", true),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-installed"))
                .probe(SIM + "--purge remove -- chrony", recorded(0, "sim-purge-chrony")),
            "changed: purge chrony\n"
                + "  touches package:chrony\n"
                + run("--purge, remove, --, chrony")
                + "  diff packages \"chrony 4.3-2+deb12u3\\n\" -> \"\"\n"
                + "  data {cache_updated=false}\n"),
        apt("absent without purge, installed: the configuration files stay", Calls.args("name", List.of("chrony"), "state", "absent"),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-installed"))
                .probe(SIM + "remove -- chrony", recorded(0, "sim-remove-chrony")),
            "changed: remove chrony\n"
                + "  touches package:chrony\n"
                + run("remove, --, chrony")
                + "  diff packages \"chrony 4.3-2+deb12u3\\n\" -> \"chrony (configuration files)\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("absent, removed with its configuration left, no purge", Calls.args("name", List.of("chrony"), "state", "absent"),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-config")),
            "ok: chrony is removed (its configuration files remain: purge removes them)\n"
                + "  data {cache_updated=false}\n"),
        apt("absent with purge, configuration files left", Calls.args("name", List.of("chrony"), "state", "absent", "purge", true),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-config"))
                .probe(SIM + "--purge remove -- chrony", recorded(0, "sim-purge-chrony-config")),
            "changed: purge chrony\n"
                + "  touches package:chrony\n"
                + run("--purge, remove, --, chrony")
                + "  diff packages \"chrony (configuration files)\\n\" -> \"\"\n"
                + "  data {cache_updated=false}\n"),
        apt("absent with purge, converged", Calls.args("name", List.of("chrony"), "state", "absent", "purge", true),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-fresh")),
            "ok: chrony is not installed\n"
                + "  data {cache_updated=false}\n"),
        apt("a package that does not exist", Calls.args("name", List.of("nosuchpkg")),
            h -> h.probe(DPKG + "nosuchpkg", recorded(1, "dpkg-nosuchpkg"))
                .probe(SIM + "install -- nosuchpkg", recorded(100, "sim-install-nosuchpkg")),
            "failed: apt cannot install nosuchpkg: Unable to locate package nosuchpkg\n"),
        apt("absent, a package that does not exist", Calls.args("name", List.of("nosuchpkg"), "state", "absent"),
            h -> h.probe(DPKG + "nosuchpkg", recorded(1, "dpkg-nosuchpkg")),
            "ok: nosuchpkg is not installed\n"
                + "  data {cache_updated=false}\n"),
        apt("install_recommends false, policy_rc_d", Calls.args("name", List.of("chrony"), "install_recommends", false, "policy_rc_d", 101),
            h -> h.probe(DPKG + "chrony", recorded(0, "dpkg-chrony-fresh"))
                .probe(SIM + "-o APT::Install-Recommends=no install -- chrony", recorded(0, "sim-install-chrony-norecommends")),
            "changed: install chrony 4.3-2+deb12u3\n"
                + "  touches package:chrony\n"
                + insidePolicyRcD(101, "-o", "APT::Install-Recommends=no", "install", "--", "chrony")
                + "  diff packages \"\" -> \"chrony 4.3-2+deb12u3\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("deb: a file on the host", Calls.args("deb", "/srv/debs/chrony_4.3-2+deb12u3_amd64.deb"),
            h -> h.probe(SIM + "install -- /srv/debs/chrony_4.3-2+deb12u3_amd64.deb", recorded(0, "sim-deb-chrony")),
            "changed: install chrony 4.3-2+deb12u3\n"
                + "  touches package:chrony\n"
                + run("install, --, /srv/debs/chrony_4.3-2+deb12u3_amd64.deb")
                + "  diff packages \"\" -> \"chrony 4.3-2+deb12u3\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("upgrade: dist", Calls.args("upgrade", "dist"),
            h -> h.probe(SIM + "dist-upgrade", recorded(0, "sim-dist-upgrade")),
            "changed: install perl-base 5.36.0-7+deb12u3 -> 5.36.0-7+deb12u4, liblzma5 5.4.1-1+deb12u1 -> 5.4.1-1+deb12u2, libzstd1 1.5.4+dfsg2-5 -> 1.5.4+dfsg2-5+deb12u1, zlib1g 1:1.2.13.dfsg-1 -> 1:1.2.13.dfsg-1+deb12u1, libapt-pkg6.0 2.6.1 -> 2.6.2, apt 2.6.1 -> 2.6.2 and 13 more\n"
                + "  touches package:perl-base, package:liblzma5, package:libzstd1, package:zlib1g, package:libapt-pkg6.0, package:apt, package:libpam0g, package:libpam-modules-bin, package:libpam-modules, package:libssl3, package:python3.11, package:libpython3.11-stdlib, package:python3.11-minimal, package:libpython3.11-minimal, package:libexpat1, package:rsync, package:libpam-runtime, package:libpcre2-8-0, package:tzdata\n"
                + run("dist-upgrade")
                + "  diff packages \"apt 2.6.1\\nlibapt-pkg6.0 2.6.1\\nlibexpat1 2.5.0-1+deb12u2\\nliblzma5 5.4.1-1+deb12u1\\nlibpam-modules 1.5.2-6+deb12u2\\nlibpam-modules-bin 1.5.2-6+deb12u2\\nlibpam-runtime 1.5.2-6+deb12u2\\nlibpam0g 1.5.2-6+deb12u2\\nlibpcre2-8-0 10.42-1\\nlibpython3.11-minimal 3.11.2-6+deb12u8\\nlibpython3.11-stdlib 3.11.2-6+deb12u8\\nlibssl3 3.0.20-1~deb12u2\\nlibzstd1 1.5.4+dfsg2-5\\nperl-base 5.36.0-7+deb12u3\\npython3.11 3.11.2-6+deb12u8\\npython3.11-minimal 3.11.2-6+deb12u8\\nrsync 3.2.7-1+deb12u6\\ntzdata 2026b-0+deb12u1\\nzlib1g 1:1.2.13.dfsg-1\\n\" -> \"apt 2.6.2\\nlibapt-pkg6.0 2.6.2\\nlibexpat1 2.5.0-1+deb12u5\\nliblzma5 5.4.1-1+deb12u2\\nlibpam-modules 1.5.2-6+deb12u3\\nlibpam-modules-bin 1.5.2-6+deb12u3\\nlibpam-runtime 1.5.2-6+deb12u3\\nlibpam0g 1.5.2-6+deb12u3\\nlibpcre2-8-0 10.42-1+deb12u2\\nlibpython3.11-minimal 3.11.2-6+deb12u9\\nlibpython3.11-stdlib 3.11.2-6+deb12u9\\nlibssl3 3.0.22-1~deb12u2\\nlibzstd1 1.5.4+dfsg2-5+deb12u1\\nperl-base 5.36.0-7+deb12u4\\npython3.11 3.11.2-6+deb12u9\\npython3.11-minimal 3.11.2-6+deb12u9\\nrsync 3.5.0+ds1-0+deb12u1\\ntzdata 2026f-0+deb12u1\\nzlib1g 1:1.2.13.dfsg-1+deb12u1\\n\"\n"
                + "  data {cache_updated=false}\n"),
        apt("autoremove alone, nothing to remove", Calls.args("autoremove", true),
            h -> h.probe(SIM + "autoremove", recorded(0, "sim-autoremove")),
            "ok: apt-get autoremove would change nothing (0 upgraded, 0 newly installed, 0 to remove and 19 not upgraded.)\n"
                + "  data {cache_updated=false}\n"),
        apt("cache within cache_valid_time: no update", Calls.args("name", List.of("sudo"), "update_cache", true, "cache_valid_time", 3600),
            h -> h.probe(AptModule.CACHE_AGE, 0, "1796150000\n1796153000\n").probe(DPKG + "sudo", recorded(0, "dpkg-sudo")),
            "ok: the apt cache was updated 3000 s ago, within cache_valid_time 3600 s; sudo 1.9.13p3-1+deb12u4 is installed\n"
                + "  data {cache_update_time=1796150000, cache_updated=false}\n"),
        apt("cache older than cache_valid_time: updated first", Calls.args("update_cache", true, "cache_valid_time", 3600),
            h -> h.probe(AptModule.CACHE_AGE, 0, "1796150000\n1796160000\n"),
            "changed: update the apt cache\n"
                + UPDATE
                + "  data {cache_update_time=1796160000, cache_updated=true}\n"),
        apt("latest after a cache update runs even when the old cache has nothing newer",
            Calls.args("name", List.of("sudo"), "state", "latest", "update-cache", true),
            h -> h.probe(AptModule.CACHE_AGE, 0, "1796150000\n1796160000\n").probe(SIM + "install -- sudo", recorded(0, "sim-latest-sudo")),
            "changed: update the apt cache; then apt-get install sudo (what it installs depends on the updated cache)\n"
                + "  touches package:sudo\n"
                + UPDATE
                + run("install, --, sudo")
                + "  data {cache_update_time=1796160000, cache_updated=true}\n"),
        new Case("check mode: an earlier simulated change to the package", new AptModule(), Calls.args("name", List.of("sudo"), "state", "absent"), true,
            Map.of(), h -> h.probe(DPKG + "sudo", recorded(0, "dpkg-sudo")).probe(SIM + "remove -- sudo", new CommandResult(0, "Remv sudo [1.9.13p3-1+deb12u4]\n", "")).pending("package:sudo", "the install of sudo"),
            "depends on the install of sudo: remove sudo\n"
                + "  touches package:sudo\n"
                + run("remove, --, sudo")
                + "  diff packages \"sudo 1.9.13p3-1+deb12u4\\n\" -> \"sudo (configuration files)\\n\"\n"
                + "  data {cache_updated=false}\n"),
        new Case("check mode: installed says ok, yet an earlier task would remove it", new AptModule(), Calls.args("name", List.of("sudo")), true,
            Map.of(), h -> h.probe(DPKG + "sudo", recorded(0, "dpkg-sudo")).pending("package:sudo", "the removal of sudo"),
            "depends on the removal of sudo: may change sudo (apt sees the host as it is, before the removal of sudo)\n"
                + "  touches package:sudo\n"
                + "  data {cache_updated=false}\n"),
        apt("name and upgrade together", Calls.args("name", List.of("sudo"), "upgrade", "dist"), h -> h, "failed: only one of name, deb and upgrade can be given\n"),
        apt("latest with a version", Calls.args("name", List.of("sudo=1.9*"), "state", "latest"), h -> h, "failed: a version (name=VERSION) cannot be combined with state latest\n"),
        new Case("package: apt from pkg_mgr", new PackageModule(), Calls.args("name", List.of("sudo"), "state", "present"), false,
            Map.of("pkg_mgr", "apt"), h -> h.probe(DPKG + "sudo", recorded(0, "dpkg-sudo")),
            "ok: sudo 1.9.13p3-1+deb12u4 is installed\n"
                + "  data {cache_updated=false}\n"),
        new Case("package: another manager", new PackageModule(), Calls.args("name", List.of("sudo"), "state", "present"), false,
            Map.of("pkg_mgr", "dnf"), h -> h, "failed: package manager 'dnf' is not supported; only apt is\n"),
        new Case("package: no facts, use apt", new PackageModule(), Calls.args("name", List.of("sudo"), "state", "present", "use", "apt"), false,
            Map.of(), h -> h.probe(DPKG + "sudo", recorded(0, "dpkg-sudo")), "ok: sudo 1.9.13p3-1+deb12u4 is installed\n"
                + "  data {cache_updated=false}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(Case c) {
    var plan = Calls.plan(c.module(), c.args(), c.host().apply(FakeHost.empty()), FakeController.empty(), c.check(), c.facts());
    assertEquals(c.plan(), PlanText.of(withoutOutput(plan)));
  }

  /** apt's whole output, registered as stdout and diff, is left to {@link #registersAptsOutput}: the tables stay readable. */
  static Plan withoutOutput(Plan plan) {
    if (!(plan instanceof Plan.Change c)) {
      return plan;
    }
    Map<String, Object> data = new java.util.TreeMap<>(c.data());
    data.keySet().removeAll(List.of("stdout", "stderr", "diff"));
    return new Plan.Change(c.summary(), c.actions(), c.diffs(), data, c.foresight(), c.dependsOn(), c.touches());
  }

  @Test
  void registersAptsOutput() {
    var plan = Calls.plan(new AptModule(), Calls.args("name", List.of("chrony")),
        FakeHost.empty().probe(DPKG + "chrony", recorded(0, "dpkg-chrony-fresh"))
            .probe(SIM + "install -- chrony", recorded(0, "sim-install-chrony")));
    assertEquals(resource("sim-install-chrony.out"), plan.data().get("stdout"));
    assertEquals(Map.of("prepared", "Suggested packages:\n  dnsutils networkd-dispatcher\nThe following NEW packages will be installed:\n"
        + "  chrony\n0 upgraded, 1 newly installed, 0 to remove and 19 not upgraded."), plan.data().get("diff"));
  }

  /** apt-get's run shows its progress out of the steps simulated: removed, then unpacked and set up (fetched: not known). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sim-install-chrony, 0, 1", "sim-dist-upgrade, 0, 19", "sim-purge-chrony, 1, 0", "sim-remove-chrony, 1, 0", "sim-latest-sudo, 0, 0"})
  void theRunShowsItsProgressOutOfTheSimulatedSteps(String recording, long removals, long installs) {
    Meter meter = Simulation.parse(resource(recording + ".out")).meter();
    assertEquals(List.of("fetched 0", "removed " + removals, "unpacked " + installs, "set up " + installs),
        meter.counts().stream().map(c -> c.unit() + " " + c.total()).toList());
  }

  @Test
  void thePlannedRunCarriesItsMeter() {
    var plan = (Plan.Change) Calls.plan(new AptModule(), Calls.args("name", List.of("chrony")),
        FakeHost.empty().probe(DPKG + "chrony", recorded(0, "dpkg-chrony-fresh"))
            .probe(SIM + "install -- chrony", recorded(0, "sim-install-chrony")));
    assertEquals(Simulation.parse(resource("sim-install-chrony.out")).meter(), ((Action.Run) plan.actions().get(0)).meter());
  }
}
