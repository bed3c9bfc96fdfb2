package runbook.modules.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import runbook.modules.Calls;
import runbook.modules.FakeHost;
import runbook.modules.PlanText;
import runbook.spi.Plan;

class SetupModuleTest {
  /** gather_subset as Ansible 2.14 reads it (checked against ansible localhost -m setup). */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "all                | date_time distribution env hardware network pkg_mgr platform python service_mgr user",
    "min                | date_time distribution env pkg_mgr platform python service_mgr user",
    "!all               | date_time distribution env pkg_mgr platform python service_mgr user",
    "!hardware          | date_time distribution env pkg_mgr platform python service_mgr user",
    "network            | date_time distribution env network pkg_mgr platform python service_mgr user",
    "'!all,!min'        | ''",
    "'hardware,!min'    | hardware platform",
    "'!all,!min,mounts' | hardware platform",
    "'!all,!min,pkg_mgr'| distribution pkg_mgr",
    "'all,!network'     | date_time distribution env hardware pkg_mgr platform python service_mgr user",
    "'!all,!min,virtual'| ''",
    "'!min,!env,env'    | env",
  })
  void gatherSubset(String subset, String collectors) {
    Subsets.Choice choice = Subsets.choose(List.of(subset.split(",")));
    assertEquals(collectors, choice.collectors().stream().map(c -> c.ansibleName).sorted().collect(Collectors.joining(" ")));
  }

  @Test
  void anUnknownSubsetFailsAsInAnsible() {
    Plan plan = Calls.plan(new SetupModule(), Calls.args("gather_subset", List.of("bogus")), FakeHost.empty());
    String text = PlanText.of(plan);
    assertTrue(text.startsWith("failed: Bad subset 'bogus' given to Ansible. gather_subset options allowed: all, all_ipv4_addresses,"), text);
  }

  /** filter: fnmatch on the whole name, also with ansible_ put before a bare pattern. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "''                          | ansible_distribution ansible_eth0 ansible_eth3 ansible_memtotal_mb ansible_swaptotal_mb gather_subset module_setup",
    "'*'                         | ansible_distribution ansible_eth0 ansible_eth3 ansible_memtotal_mb ansible_swaptotal_mb gather_subset module_setup",
    "'ansible_*_mb'              | ansible_memtotal_mb ansible_swaptotal_mb",
    "'*_mb'                      | ansible_memtotal_mb ansible_swaptotal_mb",
    "'distribution'              | ansible_distribution",
    "'ansible_eth[0-2]'          | ansible_eth0",
    "'eth[!0]'                   | ansible_eth3",
    "'ansible_distribution,m*'   | ansible_distribution ansible_memtotal_mb module_setup",
    "'facter_*'                  | ''",
    "'distrib?tion'              | ansible_distribution",
  })
  void filter(String patterns, String kept) {
    Map<String, Object> facts = new LinkedHashMap<>();
    for (String name : "ansible_distribution ansible_eth0 ansible_eth3 ansible_memtotal_mb ansible_swaptotal_mb gather_subset module_setup".split(" ")) {
      facts.put(name, 1);
    }
    List<String> list = patterns.isEmpty() ? List.of() : Arrays.asList(patterns.split(","));
    assertEquals(kept, String.join(" ", new TreeSet<>(SetupModule.filter(facts, list).keySet())));
  }

  @Test
  void oneProbeGathersTheChosenFactsWithTheirPrefix() {
    Set<Collector> chosen = EnumSet.of(Collector.PLATFORM, Collector.HARDWARE);
    FakeHost host = FakeHost.empty().probe(Collector.script(chosen, 7), 0,
        "platform\nuname=Linux web1.example.com 6.1.0 #1 SMP x86_64\nreverse=web1.example.com web1\n\0"
            + "meminfo\nMemTotal:        2048000 kB\nMemFree:          512000 kB\n\0");
    Plan plan = Calls.plan(new SetupModule(),
        Calls.args("gather_subset", List.of("!all", "!min", "hardware"), "gather_timeout", 7, "filter", List.of("*name", "fqdn", "domain", "memtotal*")), host);
    assertEquals("ok: gathered 5 facts\n  data {ansible_facts={ansible_nodename=web1.example.com, ansible_hostname=web1, "
        + "ansible_fqdn=web1.example.com, ansible_domain=example.com, ansible_memtotal_mb=2000}}\n", PlanText.of(plan));
  }

  @Test
  void nothingChosenGathersNothing() {
    Plan plan = Calls.plan(new SetupModule(), Calls.args("gather_subset", List.of("!all", "!min")), FakeHost.empty());
    assertEquals("ok: gathered 2 facts\n  data {ansible_facts={gather_subset=[!all, !min], module_setup=true}}\n", PlanText.of(plan));
  }
}
