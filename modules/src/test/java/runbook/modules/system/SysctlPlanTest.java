package runbook.modules.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/** sysctl: the file's own lines and sysctl -n in, one line and one key out. */
class SysctlPlanTest {
  private static final String F = "/etc/sysctl.conf";
  private static final String KEEP = "# comment\n  vm.swappiness = 10 \n;old\nkernel.sem=250\t32000\t32\t128\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: in the file, reload has nothing to do", args("name", "net.ipv4.ip_forward", "value", "1"),
            file(KEEP + "net.ipv4.ip_forward = 1\n"),
            "ok: net.ipv4.ip_forward is 1 in /etc/sysctl.conf\n  data {name=net.ipv4.ip_forward, value=1}\n"),
        Arguments.of("converged with sysctl_set: file and run time agree", args("name", "net.ipv4.ip_forward", "value", "1", "sysctl_set", true),
            file("net.ipv4.ip_forward=1\n").probe("sysctl -n net.ipv4.ip_forward", 0, "1\n"),
            "ok: net.ipv4.ip_forward is 1 at run time and in /etc/sysctl.conf\n  data {name=net.ipv4.ip_forward, running=1, value=1}\n"),
        Arguments.of("a new key is appended, the rest kept byte for byte", args("name", "net.ipv4.ip_forward", "value", "1"),
            file(KEEP).probe("sysctl -n net.ipv4.ip_forward", 0, "0\n"),
            "changed: set net.ipv4.ip_forward=1 in /etc/sysctl.conf; set net.ipv4.ip_forward from 0 to 1 at run time\n"
                + "  touches sysctl:net.ipv4.ip_forward\n"
                + "  write /etc/sysctl.conf \"" + esc(KEEP) + "net.ipv4.ip_forward=1\\n\"\n"
                + "  run [sysctl, -w, net.ipv4.ip_forward=1]\n"
                + "  diff /etc/sysctl.conf \"" + esc(KEEP) + "\" -> \"" + esc(KEEP) + "net.ipv4.ip_forward=1\\n\"\n"
                + "  data {name=net.ipv4.ip_forward, running=0, value=1}\n"),
        Arguments.of("only the value of the last setting changes, its spacing kept", args("name", "vm.swappiness", "value", "60", "reload", false),
            file("vm.swappiness=1\n" + KEEP),
            "changed: set vm.swappiness=60 in /etc/sysctl.conf\n  touches sysctl:vm.swappiness\n"
                + "  write /etc/sysctl.conf \"vm.swappiness=1\\n# comment\\n  vm.swappiness = 60 \\n;old\\nkernel.sem=250\\t32000\\t32\\t128\\n\"\n"
                + "  diff /etc/sysctl.conf \"" + esc("vm.swappiness=1\n" + KEEP) + "\" -> \"vm.swappiness=1\\n# comment\\n  vm.swappiness = 60 \\n;old\\nkernel.sem=250\\t32000\\t32\\t128\\n\"\n"
                + "  data {name=vm.swappiness, value=60}\n"),
        Arguments.of("multi-value keys compare by words (tabs at run time)", args("name", "kernel.sem", "value", "250 32000 32 128", "sysctl_set", true),
            file(KEEP).probe("sysctl -n kernel.sem", 0, "250\t32000\t32\t128\n"),
            "ok: kernel.sem is 250 32000 32 128 at run time and in /etc/sysctl.conf\n  data {name=kernel.sem, running=250\t32000\t32\t128, value=250 32000 32 128}\n"),
        Arguments.of("sysctl_set fixes the run time when the file is right", args("name", "net.ipv4.ip_forward", "value", "1", "sysctl_set", true),
            file("net.ipv4.ip_forward=1\n").probe("sysctl -n net.ipv4.ip_forward", 0, "0\n"),
            "changed: set net.ipv4.ip_forward from 0 to 1 at run time\n  touches sysctl:net.ipv4.ip_forward\n"
                + "  run [sysctl, -w, net.ipv4.ip_forward=1]\n  data {name=net.ipv4.ip_forward, running=0, value=1}\n"),
        Arguments.of("ignoreerrors: an unknown key is only written", args("name", "net.nope", "value", "1", "ignoreerrors", true),
            file("").probe("sysctl -n net.nope", 255, ""),
            "changed: set net.nope=1 in /etc/sysctl.conf\n  touches sysctl:net.nope\n  write /etc/sysctl.conf \"net.nope=1\\n\"\n"
                + "  diff /etc/sysctl.conf \"\" -> \"net.nope=1\\n\"\n  data {name=net.nope, value=1}\n"),
        Arguments.of("an unknown key fails", args("name", "net.nope", "value", "1"), file("").probe("sysctl -n net.nope", 255, ""),
            "failed: the kernel has no setting net.nope\n  data {name=net.nope, value=1}\n"),
        Arguments.of("absent removes every line of the key, and only those", args("name", "vm.swappiness", "state", "absent"),
            file("vm.swappiness=1\n" + KEEP),
            "changed: remove vm.swappiness in /etc/sysctl.conf\n  touches sysctl:vm.swappiness\n"
                + "  write /etc/sysctl.conf \"# comment\\n;old\\nkernel.sem=250\\t32000\\t32\\t128\\n\"\n"
                + "  diff /etc/sysctl.conf \"vm.swappiness=1\\n" + esc(KEEP) + "\" -> \"# comment\\n;old\\nkernel.sem=250\\t32000\\t32\\t128\\n\"\n"
                + "  data {name=vm.swappiness}\n"),
        Arguments.of("converged: absent and not in the file", args("name", "vm.swappiness", "state", "absent"), file("# comment\n"),
            "ok: vm.swappiness is not set in /etc/sysctl.conf\n  data {name=vm.swappiness}\n"),
        Arguments.of("a missing file is made", args("name", "net.ipv4.ip_forward", "value", "1", "sysctl_file", "/etc/sysctl.d/90-app.conf", "reload", false),
            FakeHost.empty().dir("/etc/sysctl.d"),
            "changed: set net.ipv4.ip_forward=1 in /etc/sysctl.d/90-app.conf\n  touches sysctl:net.ipv4.ip_forward\n"
                + "  write /etc/sysctl.d/90-app.conf \"net.ipv4.ip_forward=1\\n\" mode=0644\n"
                + "  diff /etc/sysctl.d/90-app.conf \"\" -> \"net.ipv4.ip_forward=1\\n\"\n  data {name=net.ipv4.ip_forward, value=1}\n"),
        Arguments.of("proc_root: read and written as files", args("name", "net.ipv4.ip_forward", "value", "1", "proc_root", "/t/proc"),
            file("").probe("cat -- /t/proc/sys/net/ipv4/ip_forward", 0, "0\n"),
            "changed: set net.ipv4.ip_forward=1 in /etc/sysctl.conf; set net.ipv4.ip_forward from 0 to 1 at run time\n"
                + "  touches sysctl:net.ipv4.ip_forward\n  write /etc/sysctl.conf \"net.ipv4.ip_forward=1\\n\"\n"
                + "  run sh \"printf '%s\\\\n' 1 > /t/proc/sys/net/ipv4/ip_forward\"\n"
                + "  diff /etc/sysctl.conf \"\" -> \"net.ipv4.ip_forward=1\\n\"\n  data {name=net.ipv4.ip_forward, running=0, value=1}\n"),
        Arguments.of("no value", args("name", "vm.swappiness"), file(""), "failed: value cannot be empty with state=present\n"),
        Arguments.of("a value with a line break", args("name", "vm.swappiness", "value", "1\nkernel.x=1"), file(""),
            "failed: the value of vm.swappiness cannot hold a line break\n"),
        Arguments.of("not a key", args("name", "../../etc/x", "value", "1"), file(""), "failed: '../../etc/x' is not a sysctl key\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new SysctlModule(), args, host)));
  }

  private static FakeHost file(String content) {
    return FakeHost.empty().dir("/etc").file(F, content);
  }

  private static String esc(String text) {
    return text.replace("\n", "\\n").replace("\t", "\\t");
  }
}
