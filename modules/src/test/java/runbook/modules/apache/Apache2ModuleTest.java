package runbook.modules.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/** apache2_module and apache2_site, planned from mods-enabled and sites-enabled as a2enmod and a2ensite keep them. */
class Apache2ModuleTest {
  static final String AV = "/etc/apache2/mods-available/";
  static final String EN = "/etc/apache2/mods-enabled/";

  /** Debian 12's files for the modules the cases use, their headers as shipped; mpm_event, alias and rewrite enabled. */
  static FakeHost debian() {
    return enable(available(), "mpm_event.load", "mpm_event.conf", "alias.load", "alias.conf", "rewrite.load");
  }

  static FakeHost available() {
    FakeHost host = FakeHost.empty().dir("/etc/apache2").dir("/etc/apache2/mods-available").dir("/etc/apache2/mods-enabled");
    Map.of(
            "proxy", "", "proxy_http", "# Depends: proxy\n", "proxy_balancer", "# Depends: proxy alias slotmem_shm\n",
            "mpm_event", "# Conflicts: mpm_worker mpm_prefork\n", "mpm_prefork", "# Conflicts: mpm_event mpm_worker\n",
            "mpm_worker", "# Conflicts: mpm_event mpm_prefork\n", "rewrite", "", "alias", "", "cgi", "", "slotmem_shm", "")
        .forEach((name, header) -> host.file(AV + name + ".load", header + "LoadModule " + name + "_module /usr/lib/apache2/modules/mod_" + name + ".so\n"));
    for (String conf : List.of("proxy", "mpm_event", "mpm_prefork", "mpm_worker", "alias")) {
      host.file(AV + conf + ".conf", "# " + conf + "\n");
    }
    return host;
  }

  static FakeHost enable(FakeHost host, String... files) {
    for (String file : files) {
      host.link(EN + file, "../mods-available/" + file);
    }
    return host;
  }

  /** The configtest that ends every change, with the lines that put the links back should it fail. */
  static String configtest(String... undo) {
    return "  run sh \"o=$(apache2ctl configtest 2>&1) && exit 0\\n"
        + Stream.of(undo).map(u -> u + "\\n").collect(Collectors.joining()) + "printf '%s\\\\n' \\\"$o\\\" >&2\\nexit 1\"\n";
  }

  static String link(String file) {
    return "  symlink " + EN + file + " -> ../mods-available/" + file + "\n";
  }

  static String unlink(String file) {
    return "  remove " + EN + file + "\n";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: rewrite's link is there", args("name", "rewrite"), debian(),
            "ok: module rewrite is already enabled\n  data {disabled=[], enabled=[]}\n"),
        Arguments.of("converged even when written rewrite.load", args("name", "rewrite.load"), debian(),
            "ok: module rewrite is already enabled\n  data {disabled=[], enabled=[]}\n"),
        Arguments.of("a module with a .conf gets both links", args("name", "proxy"), debian(),
            "changed: enabled proxy\n" + link("proxy.load") + link("proxy.conf")
                + configtest("rm -f -- /etc/apache2/mods-enabled/proxy.conf", "rm -f -- /etc/apache2/mods-enabled/proxy.load")
                + "  data {disabled=[], enabled=[proxy]}\n"),
        Arguments.of("proxy_http brings proxy, its dependency, first", args("name", "proxy_http"), debian(),
            "changed: enabled proxy_http, proxy\n" + link("proxy.load") + link("proxy.conf") + link("proxy_http.load")
                + configtest("rm -f -- /etc/apache2/mods-enabled/proxy_http.load", "rm -f -- /etc/apache2/mods-enabled/proxy.conf",
                    "rm -f -- /etc/apache2/mods-enabled/proxy.load")
                + "  data {disabled=[], enabled=[proxy_http, proxy]}\n"),
        Arguments.of("a dependency enabled already is left alone", args("name", "proxy_balancer"), enable(debian(), "proxy.load", "proxy.conf"),
            "changed: enabled proxy_balancer, slotmem_shm\n" + link("slotmem_shm.load") + link("proxy_balancer.load")
                + configtest("rm -f -- /etc/apache2/mods-enabled/proxy_balancer.load", "rm -f -- /etc/apache2/mods-enabled/slotmem_shm.load")
                + "  data {disabled=[], enabled=[proxy_balancer, slotmem_shm]}\n"),
        Arguments.of("a .conf that came after its .load is enabled too (ansible#54846)", args("name", "proxy"), enable(debian(), "proxy.load"),
            "changed: enabled proxy\n" + link("proxy.conf") + configtest("rm -f -- /etc/apache2/mods-enabled/proxy.conf")
                + "  data {disabled=[], enabled=[proxy]}\n"),
        Arguments.of("an MPM swap disables the MPM it conflicts with, in one plan", args("name", "mpm_prefork"), debian(),
            "changed: enabled mpm_prefork; disabled mpm_event (conflicts with mpm_prefork)\n" + unlink("mpm_event.load") + unlink("mpm_event.conf")
                + link("mpm_prefork.load") + link("mpm_prefork.conf")
                + configtest("rm -f -- /etc/apache2/mods-enabled/mpm_prefork.conf", "rm -f -- /etc/apache2/mods-enabled/mpm_prefork.load",
                    "ln -sfT -- ../mods-available/mpm_event.conf /etc/apache2/mods-enabled/mpm_event.conf",
                    "ln -sfT -- ../mods-available/mpm_event.load /etc/apache2/mods-enabled/mpm_event.load")
                + "  data {disabled=[mpm_event], enabled=[mpm_prefork]}\n"),
        Arguments.of("converged MPM swap", args("name", "mpm_prefork"), enable(available(), "mpm_prefork.load", "mpm_prefork.conf"),
            "ok: module mpm_prefork is already enabled\n  data {disabled=[], enabled=[]}\n"),
        Arguments.of("a link pointing elsewhere is not touched", args("name", "proxy"), debian().link(EN + "proxy.load", "/opt/proxy.load"),
            "failed: /etc/apache2/mods-enabled/proxy.load exists but does not point to /etc/apache2/mods-available/proxy.load, not touching it.\n"),
        Arguments.of("ignore_configcheck leaves the configtest out", args("name", "proxy_http", "ignore_configcheck", true), enable(debian(), "proxy.load", "proxy.conf"),
            "changed: enabled proxy_http\n" + link("proxy_http.load") + "  data {disabled=[], enabled=[proxy_http]}\n"),
        Arguments.of("cgi under a threaded MPM is refused", args("name", "cgi"), debian(),
            "failed: The MPM is threaded, so cgi cannot be enabled: enable cgid instead.\n"),
        Arguments.of("a module that is not there", args("name", "nosuch"), debian(), "failed: Module nosuch does not exist!\n"),
        Arguments.of("a module an earlier simulated install may bring", args("name", "php8.2"), debian().pending("package:libapache2-mod-php", "the install of libapache2-mod-php"),
            "depends on the install of libapache2-mod-php: module php8.2 is not there yet: it may come with the install of libapache2-mod-php\n"),
        Arguments.of("an install does not excuse other problems", args("name", "alias", "state", "absent"), debian().pending("package:apache2", "the install of apache2"),
            "failed: alias is an essential module: disabling it needs force: true (a2dismod -f).\n"),
        Arguments.of("a dependency that is not there", args("name", "proxy_balancer"), debian().file(AV + "proxy_balancer.load", "# Depends: nosuch\n"),
            "failed: Module proxy_balancer depends on nosuch, which does not exist.\n"),
        Arguments.of("before an install a check run simulated", args("name", "rewrite"), FakeHost.empty().pending("package:apache2", "the install of apache2"),
            "depends on the install of apache2: module rewrite is not there yet: it may come with the install of apache2\n"),
        Arguments.of("a real file in mods-enabled is not touched", args("name", "proxy"), debian().file(EN + "proxy.load", "LoadModule x"),
            "failed: /etc/apache2/mods-enabled/proxy.load is a real file, not touching it.\n"),
        Arguments.of("absent, converged", args("name", "proxy", "state", "absent"), debian(),
            "ok: module proxy is already disabled\n  data {disabled=[], enabled=[]}\n"),
        Arguments.of("absent removes both links", args("name", "proxy", "state", "absent"), enable(debian(), "proxy.load", "proxy.conf"),
            "changed: disabled proxy\n" + unlink("proxy.load") + unlink("proxy.conf")
                + configtest("ln -sfT -- ../mods-available/proxy.conf /etc/apache2/mods-enabled/proxy.conf",
                    "ln -sfT -- ../mods-available/proxy.load /etc/apache2/mods-enabled/proxy.load")
                + "  data {disabled=[proxy], enabled=[]}\n"),
        Arguments.of("absent refuses while another module depends on it", args("name", "proxy", "state", "absent"),
            enable(debian(), "proxy.load", "proxy.conf", "proxy_http.load"),
            "failed: The following modules depend on proxy and need to be disabled first: proxy_http (or give force: true).\n"),
        Arguments.of("absent with force takes the dependents too, as a2dismod -f", args("name", "proxy", "state", "absent", "force", true, "ignore_configcheck", true),
            enable(debian(), "proxy.load", "proxy.conf", "proxy_http.load"),
            "changed: disabled proxy, proxy_http (depends on proxy)\n" + unlink("proxy_http.load") + unlink("proxy.load") + unlink("proxy.conf")
                + "  data {disabled=[proxy, proxy_http], enabled=[]}\n"),
        Arguments.of("an essential module needs force", args("name", "alias", "state", "absent"), debian(),
            "failed: alias is an essential module: disabling it needs force: true (a2dismod -f).\n"),
        Arguments.of("disabling the only MPM warns", args("name", "mpm_event", "state", "absent", "ignore_configcheck", true), debian(),
            "changed: disabled mpm_event\n" + unlink("mpm_event.load") + unlink("mpm_event.conf")
                + "  data {disabled=[mpm_event], enabled=[], warnings=[No MPM module is enabled once mpm_event is disabled: Apache will not start.]}\n"),
        Arguments.of("warn_mpm_absent false keeps quiet", args("name", "mpm_event", "state", "absent", "ignore_configcheck", true, "warn_mpm_absent", false), debian(),
            "changed: disabled mpm_event\n" + unlink("mpm_event.load") + unlink("mpm_event.conf") + "  data {disabled=[mpm_event], enabled=[]}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new Apache2Module(), args, host)));
  }

  static final String SAV = "/etc/apache2/sites-available/";
  static final String SEN = "/etc/apache2/sites-enabled/";

  static FakeHost sites() {
    return debian().dir("/etc/apache2/sites-available").dir("/etc/apache2/sites-enabled")
        .file(SAV + "000-default.conf", "<VirtualHost *:80>\n</VirtualHost>\n")
        .file(SAV + "app.conf", "# Depends: rewrite\n<VirtualHost *:80>\n</VirtualHost>\n")
        .file(SAV + "proxy.conf", "# Depends: proxy_http\n")
        .link(SEN + "000-default.conf", "../sites-available/000-default.conf");
  }

  static Stream<Arguments> siteCases() {
    return Stream.of(
        Arguments.of("converged", args("name", "000-default"), sites(),
            "ok: site 000-default is already enabled\n  data {name=000-default, path=/etc/apache2/sites-available/000-default.conf}\n"),
        Arguments.of("enable by name, its module dependency enabled", args("name", "app"), sites(),
            "changed: site app enabled\n  symlink /etc/apache2/sites-enabled/app.conf -> ../sites-available/app.conf\n"
                + configtest("rm -f -- /etc/apache2/sites-enabled/app.conf") + "  data {name=app, path=/etc/apache2/sites-available/app.conf}\n"),
        Arguments.of("enable written app.conf, as a2ensite takes it", args("name", "app.conf", "ignore_configcheck", true), sites(),
            "changed: site app enabled\n  symlink /etc/apache2/sites-enabled/app.conf -> ../sites-available/app.conf\n"
                + "  data {name=app, path=/etc/apache2/sites-available/app.conf}\n"),
        Arguments.of("a site that does not exist", args("name", "nosuch"), sites(),
            "failed: Site nosuch does not exist: there is no /etc/apache2/sites-available/nosuch.conf to enable.\n"),
        Arguments.of("a site whose module is not enabled", args("name", "proxy"), sites(),
            "failed: Module proxy_http is not enabled, but site proxy depends on it.\n"),
        Arguments.of("disable", args("name", "000-default", "state", "absent"), sites(),
            "changed: site 000-default disabled\n  remove /etc/apache2/sites-enabled/000-default.conf\n"
                + configtest("ln -sfT -- ../sites-available/000-default.conf /etc/apache2/sites-enabled/000-default.conf")
                + "  data {name=000-default, path=/etc/apache2/sites-available/000-default.conf}\n"),
        Arguments.of("disable, converged", args("name", "app", "state", "absent"), sites(),
            "ok: site app is already disabled\n  data {name=app, path=/etc/apache2/sites-available/app.conf}\n"),
        Arguments.of("a real file in sites-enabled is not deleted", args("name", "app", "state", "absent"), sites().file(SEN + "app.conf", "x"),
            "failed: /etc/apache2/sites-enabled/app.conf is not a symbolic link, not deleting.\n"),
        Arguments.of("before an install a check run simulated", args("name", "app"), FakeHost.empty().pending("package:apache2", "the install of apache2"),
            "depends on the install of apache2: site app is not there yet: it may come with the install of apache2\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("siteCases")
  void plansSites(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new Apache2Site(), args, host)));
  }
}
