package runbook.modules.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static runbook.modules.Calls.args;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.modules.Calls;
import runbook.modules.FakeController;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;

/** clocksource: sysfs, the GRUB defaults and /proc/cmdline in (all below roots a test chooses), the switch and its persistence out. */
class ClocksourcePlanTest {
  private static final String SYS = "/sys/devices/system/clocksource/clocksource0/";
  private static final String GRUB = "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"console=ttyS0\"\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("converged: current, on the command line, booted with it", args("name", "hpet"),
            linux("hpet", "GRUB_CMDLINE_LINUX=\"quiet clocksource=hpet\"\n", "ro clocksource=hpet\n"), Map.of(),
            "ok: the clock source is hpet\n  data {available=[tsc, hpet, acpi_pm], clocksource=hpet, current=hpet, msg=clock source hpet, reboot_pending=false}\n"),
        Arguments.of("converged but not booted with it yet: reboot pending", args("name", "hpet"),
            linux("hpet", "GRUB_CMDLINE_LINUX=\"clocksource=hpet\"\n", "ro quiet\n"), Map.of(),
            "ok: the clock source is hpet; reboot pending: /proc/cmdline has no clocksource=hpet\n"
                + "  data {available=[tsc, hpet, acpi_pm], clocksource=hpet, current=hpet, msg=clock source hpet; reboot pending: /proc/cmdline has no clocksource=hpet, reboot_pending=true}\n"),
        Arguments.of("switch now and persist in GRUB, the rest of the file kept", args("name", "hpet"),
            linux("tsc", GRUB, "ro\n").probe("command -v update-grub", 0, "/usr/sbin/update-grub\n"), Map.of(),
            "changed: switch the clock source from tsc to hpet; put clocksource=hpet on the kernel command line in /etc/default/grub;"
                + " reboot pending: /proc/cmdline has no clocksource=hpet\n"
                + "  touches clocksource\n"
                + "  run sh \"printf '%s\\\\n' hpet > /sys/devices/system/clocksource/clocksource0/current_clocksource\"\n"
                + "  write /etc/default/grub \"GRUB_DEFAULT=0\\nGRUB_CMDLINE_LINUX=\\\"console=ttyS0 clocksource=hpet\\\"\\n\"\n"
                + "  run [update-grub]\n"
                + "  diff /etc/default/grub \"GRUB_DEFAULT=0\\nGRUB_CMDLINE_LINUX=\\\"console=ttyS0\\\"\\n\" -> \"GRUB_DEFAULT=0\\nGRUB_CMDLINE_LINUX=\\\"console=ttyS0 clocksource=hpet\\\"\\n\"\n"
                + "  data {available=[tsc, hpet, acpi_pm], clocksource=hpet, current=tsc, msg=switch the clock source from tsc to hpet;"
                + " put clocksource=hpet on the kernel command line in /etc/default/grub; reboot pending: /proc/cmdline has no clocksource=hpet, reboot_pending=true}\n"),
        Arguments.of("persist none: only the run time", args("name", "acpi_pm", "persist", "none"), linux("tsc", null, null), Map.of(),
            "changed: switch the clock source from tsc to acpi_pm\n  touches clocksource\n"
                + "  run sh \"printf '%s\\\\n' acpi_pm > /sys/devices/system/clocksource/clocksource0/current_clocksource\"\n"
                + "  data {available=[tsc, hpet, acpi_pm], clocksource=acpi_pm, current=tsc, msg=switch the clock source from tsc to acpi_pm, reboot_pending=false}\n"),
        Arguments.of("persist unit: a boot unit, enabled as systemctl enable would", args("name", "hpet", "persist", "unit"),
            linux("hpet", null, null).dir("/etc/systemd/system"), Map.of(),
            "changed: write the boot unit /etc/systemd/system/runbook-clocksource.service; enable it\n  touches clocksource\n"
                + "  write /etc/systemd/system/runbook-clocksource.service \"" + esc(unit()) + "\" mode=0644\n"
                + "  mkdir /etc/systemd/system/multi-user.target.wants mode=0755\n"
                + "  symlink /etc/systemd/system/multi-user.target.wants/runbook-clocksource.service -> /etc/systemd/system/runbook-clocksource.service force\n"
                + "  diff /etc/systemd/system/runbook-clocksource.service \"\" -> \"" + esc(unit()) + "\"\n"
                + "  data {available=[tsc, hpet, acpi_pm], clocksource=hpet, current=hpet, msg=write the boot unit /etc/systemd/system/runbook-clocksource.service; enable it, reboot_pending=false}\n"),
        Arguments.of("converged: persist unit", args("name", "hpet", "persist", "unit"),
            linux("hpet", null, null).file("/etc/systemd/system/runbook-clocksource.service", unit())
                .link("/etc/systemd/system/multi-user.target.wants/runbook-clocksource.service", "/etc/systemd/system/runbook-clocksource.service"),
            Map.of(),
            "ok: the clock source is hpet\n  data {available=[tsc, hpet, acpi_pm], clocksource=hpet, current=hpet, msg=clock source hpet, reboot_pending=false}\n"),
        Arguments.of("a clock source the kernel does not offer", args("name", "hpet0"), linux("tsc", GRUB, "ro\n"), Map.of(),
            "failed: clock source hpet0 is not available here (available: tsc, hpet, acpi_pm)\n  data {available=[tsc, hpet, acpi_pm], clocksource=hpet0, current=tsc}\n"),
        Arguments.of("no GRUB defaults to persist in", args("name", "hpet"), linux("hpet", null, "ro\n"), Map.of(),
            "failed: /etc/default/grub does not exist: persist the clock source with persist: unit, or not at all with none\n"
                + "  data {available=[tsc, hpet, acpi_pm], clocksource=hpet, current=hpet}\n"),
        Arguments.of("NetBSD (S5): kern.timecounter.hardware, at run time and in sysctl.conf", args("name", "hpet0"),
            FakeHost.empty().dir("/etc").file("/etc/sysctl.conf", "# local\n").probe("sysctl -n kern.timecounter.hardware", 0, "TSC\n"),
            Map.of("system", "NetBSD"),
            "changed: set kern.timecounter.hardware=hpet0 in /etc/sysctl.conf; set kern.timecounter.hardware from TSC to hpet0 at run time\n"
                + "  touches sysctl:kern.timecounter.hardware\n"
                + "  write /etc/sysctl.conf \"# local\\nkern.timecounter.hardware=hpet0\\n\"\n"
                + "  run [sysctl, -w, kern.timecounter.hardware=hpet0]\n"
                + "  diff /etc/sysctl.conf \"# local\\n\" -> \"# local\\nkern.timecounter.hardware=hpet0\\n\"\n"
                + "  data {name=kern.timecounter.hardware, running=TSC, value=hpet0}\n"),
        Arguments.of("a Linux without the sysfs files", args("name", "hpet"), FakeHost.empty(), Map.of("system", "Linux"),
            "failed: this host shows no clock sources (/sys/devices/system/clocksource/clocksource0/available_clocksource is missing)\n"),
        Arguments.of("a name that is no clock source", args("name", "hpet; reboot"), FakeHost.empty(), Map.of(),
            "failed: 'hpet; reboot' is not the name of a clock source\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, Map<String, Object> args, FakeHost host, Map<String, Object> facts, String expected) {
    assertEquals(expected, PlanText.of(Calls.plan(new ClocksourceModule(), args, host, FakeController.empty(), false, facts)));
  }

  @Test
  void grubKeepsEveryOtherByteAndReplacesAnOldClocksource() {
    String before = "# If you change this file, run 'update-grub'\nGRUB_CMDLINE_LINUX='a  clocksource=tsc b'\t\n#GRUB_CMDLINE_LINUX=\"x\"\n";
    assertEquals("# If you change this file, run 'update-grub'\nGRUB_CMDLINE_LINUX='a clocksource=hpet b'\t\n#GRUB_CMDLINE_LINUX=\"x\"\n", grub(before));
    assertEquals("GRUB_CMDLINE_LINUX=\"clocksource=hpet\"\n", grub("GRUB_CMDLINE_LINUX=\n"));
    assertEquals("GRUB_CMDLINE_LINUX=\"quiet clocksource=hpet\"\n", grub("GRUB_CMDLINE_LINUX=quiet\n"));
    assertEquals("GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"clocksource=hpet\"\n", grub("GRUB_TIMEOUT=5"));
    String converged = "GRUB_CMDLINE_LINUX=\"quiet  clocksource=hpet\"\n";
    assertEquals(converged, grub(converged));
  }

  private static String grub(String text) {
    return new String(ClocksourceModule.grubWith(text.getBytes(StandardCharsets.UTF_8), "hpet"), StandardCharsets.UTF_8);
  }

  private static FakeHost linux(String current, String grub, String cmdline) {
    FakeHost host = FakeHost.empty().dir("/etc").file(SYS + "available_clocksource", "tsc hpet acpi_pm \n").file(SYS + "current_clocksource", current + "\n");
    if (grub != null) {
      host.file("/etc/default/grub", grub);
    }
    if (cmdline != null) {
      host.file("/proc/cmdline", cmdline);
    }
    return host;
  }

  private static String unit() {
    return "[Unit]\nDescription=Clock source hpet (set by runbook)\nDefaultDependencies=no\n\n[Service]\nType=oneshot\n"
        + "ExecStart=/bin/sh -c 'echo hpet > /sys/devices/system/clocksource/clocksource0/current_clocksource'\n\n[Install]\nWantedBy=multi-user.target\n";
  }

  private static String esc(String text) {
    return text.replace("\n", "\\n");
  }
}
