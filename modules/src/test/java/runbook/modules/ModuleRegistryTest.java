package runbook.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import runbook.spi.Module;

class ModuleRegistryTest {
  @Test
  void everyRegisteredModuleLoadsUnderItsOwnName() {
    List<String> names = ServiceLoader.load(Module.class).stream().map(p -> p.get().spec().name()).sorted().toList();
    assertEquals(
        List.of("apache2_module", "apache2_mpm", "apache2_site", "apt", "assemble", "assert", "async_status", "blockinfile", "clocksource", "command",
            "copy", "cron", "debconf", "debug", "fail", "fetch", "file", "find", "get_url", "git", "group", "hostname", "known_hosts", "lineinfile", "mysql_copy",
            "mysql_db", "mysql_query", "mysql_replication", "mysql_user", "package", "pause", "ping", "replace", "script", "service", "set_fact", "setup",
            "shell", "slurp", "stat", "synchronize", "sysctl", "systemd_service", "sysvinit", "tempfile", "template", "time_sync", "unarchive", "uri",
            "user", "wait_for", "wait_for_connection"),
        names);
  }
}
