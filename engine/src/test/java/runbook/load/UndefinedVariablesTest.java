package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runbook and inventory in, the first line of every problem out ({dir} is the temp directory): the
 * undefined variables are found with their position, and defined ones are never reported.
 */
class UndefinedVariablesTest {
  /** web1 has web_root, web2 does not; both have site. */
  private static final String INVENTORY = """
      all:
        children:
          web:
            hosts:
              web1: {web_root: /srv/a}
              web2:
        vars:
          site: example
      """;

  @TempDir Path dir;

  record Case(String name, Map<String, String> files, List<String> extraVars, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** site.yml's tasks for a play on all hosts, indented by the case. */
  private static Case tasks(String name, String tasks, String... expected) {
    return files(name, Map.of("site.yml", "- hosts: all\n  tasks:\n" + tasks.indent(4)), expected);
  }

  private static Case files(String name, Map<String, String> files, String... expected) {
    return new Case(name, files, List.of(), List.of(expected));
  }

  static Stream<Case> defined() {
    return Stream.of(
        tasks("registered later, used later", """
            - command: ls
              register: out
            - debug: {msg: "{{ out.stdout }}"}
              when: out.rc == 0
            """),
        tasks("under a when, only the condition is certainly evaluated (Ansible fails at run time)", """
            - debug: {msg: "{{ undefined_thing }}"}
              when: false
            - template: {src: "{{ nowhere }}.j2", dest: /tmp/x}
              when: site == "other"
            """),
        tasks("a failure that is ignored is part of the run", """
            - debug: {msg: "{{ undefined_thing }}"}
              ignore_errors: true
            - block:
                - debug: {msg: "{{ in_block }}"}
              ignore_errors: true
            """),
        tasks("a failure that is rescued is part of the run", """
            - block:
                - debug: {msg: "{{ undefined_thing }}"}
              rescue:
                - debug: {msg: "{{ ansible_failed_result.msg }}"}
            """),
        tasks("under a block's when", """
            - block:
                - debug: {msg: "{{ undefined_thing }}"}
              when: site == "other"
            """),
        tasks("a templated set_fact key could define any name", """
            - set_fact: {"{{ 'k' ~ 'ey' }}": 1}
            - debug: {msg: "{{ key }}"}
            """),
        tasks("registered by a later task (order is not checked)", """
            - debug: {msg: "{{ later }}"}
            - command: ls
              register: later
            """),
        tasks("set_fact keys", """
            - set_fact: {port: 80}
            - debug: {msg: "{{ port }}"}
            """),
        tasks("loop item and loop_var", """
            - debug: {msg: "{{ item.name }}"}
              loop: [{name: a}]
            - debug: {msg: "{{ pkg }}"}
              with_items: [a, b]
              loop_control: {loop_var: pkg}
            """),
        tasks("guards: is defined, default, d, mandatory", """
            - debug: {msg: "{{ x }}"}
              when: x is defined
            - debug: {msg: "{{ y | default('a') }} {{ z | d(1) }} {{ w | mandatory }}"}
            - debug: {msg: hi}
              when: [v is undefined or v == 1]
            """),
        tasks("magic variables and hostvars", """
            - debug:
                msg: "{{ hostvars['web1']['web_root'] }} {{ inventory_hostname }} {{ groups['web'] | length }}"
              when: not ansible_check_mode and ansible_os_family is defined and playbook_dir != omit
            """),
        tasks("Jinja's own names, string literals, keyword arguments", """
            - debug: {msg: "{% for a in [1, 2] %}{{ a }}{{ loop.index }}{% endfor %}{% set b = 1 %}{{ b }}"}
            - debug: {msg: "{{ 'foo' }} {{ {'k': site} | combine({'x': 1}, recursive=True) }}"}
            """),
        tasks("block and task vars, in scope", """
            - block:
                - debug: {msg: "{{ outer }} {{ inner }}"}
                  vars: {inner: 2}
              vars: {outer: 1}
            """),
        tasks("a block's when guards its tasks", """
            - block:
                - debug: {msg: "{{ maybe }}"}
              when: maybe is defined
            """),
        tasks("debug's var is the module's business", """
            - debug: {var: not_there}
            """),
        files("group_vars and play vars referring to other vars lazily", Map.of(
            "group_vars/web.yml", "app_port: 8080\n",
            "site.yml", """
                - hosts: web
                  vars:
                    url: "http://{{ site }}:{{ app_port }}/{{ path }}"
                  tasks:
                    - debug: {msg: "{{ url }}"}
                      vars: {path: x}
                """)),
        files("a template file using play vars and its own names", Map.of(
            "templates/t.j2", "{% for h in hosts_list %}{{ h }} {{ greeting }}{% endfor %}\n{{ item }}\n",
            "site.yml", """
                - hosts: all
                  vars: {greeting: hi, hosts_list: []}
                  tasks:
                    - template: {src: t.j2, dest: /tmp/t}
                      loop: [1]
                """)),
        files("hosts not known before running: any host having it will do", Map.of(
            "site.yml", "- hosts: \"{{ target }}\"\n  tasks:\n    - command: ls {{ web_root }}\n")),
        new Case("extra vars", Map.of("site.yml", "- hosts: all\n  tasks:\n    - debug: {msg: \"{{ given }}\"}\n"),
            List.of("given=1"), List.of()),
        tasks("facts, in a play that gathers them (the default)", """
            - debug: {msg: "{{ ansible_distribution }} {{ ansible_facts.memtotal_mb }}"}
            """),
        files("a fact the inventory defines, in a play that gathers none", Map.of(
            "inv.yml", "all:\n  hosts:\n    web1: {ansible_distribution: Debian}\n",
            "site.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: {msg: \"{{ ansible_distribution }}\"}\n")));
  }

  static Stream<Case> undefined() {
    return Stream.of(
        files("a fact in a play that does not gather facts", Map.of(
            "site.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: {msg: \"{{ ansible_facts.distribution }}\"}\n"),
            "{dir}/site.yml:4:20: 'ansible_facts' is undefined (it would be a fact, but this play does not gather facts: gather_facts is false)"),
        tasks("a typo in a module argument", """
            - copy: {dest: "/srv/{{ web_rot }}", content: x}
            """,
            "{dir}/site.yml:3:20: 'web_rot' is undefined"),
        tasks("under a when, the condition and the loop are still evaluated", """
            - debug: {msg: "{{ fine_here }}"}
              loop: "{{ lst }}"
              when: enabeld
            """,
            "{dir}/site.yml:4:13: 'lst' is undefined",
            "{dir}/site.yml:5:13: 'enabeld' is undefined"),
        tasks("after a rescued block, its rescue and the next tasks are certain again", """
            - block:
                - debug: {msg: "{{ maybe }}"}
              rescue:
                - debug: {msg: "{{ resuce_typo }}"}
            - debug: {msg: "{{ after_typo }}"}
            """,
            "{dir}/site.yml:6:24: 'resuce_typo' is undefined",
            "{dir}/site.yml:7:20: 'after_typo' is undefined"),
        tasks("a typo in a when condition, each item located", """
            - debug: {msg: hi}
              when: [site is defined, enabeld | bool]
            """,
            "{dir}/site.yml:4:31: 'enabeld' is undefined"),
        tasks("defined on some hosts only", """
            - command: ls {{ web_root }}
            """,
            "{dir}/site.yml:3:16: 'web_root' is undefined for host web2"),
        tasks("once per location and name", """
            - debug: {msg: "{{ nope }} {{ nope.x }} {{ nope2 }}"}
            """,
            "{dir}/site.yml:3:20: 'nope' is undefined",
            "{dir}/site.yml:3:20: 'nope2' is undefined"),
        tasks("a loop's own variable is not defined in the loop expression", """
            - debug: {msg: "{{ item }}"}
              loop: "{{ item }}"
            """,
            "{dir}/site.yml:4:13: 'item' is undefined"),
        tasks("the loop variable ends with its task; delegate_to and changed_when are checked", """
            - debug: {msg: "{{ item }}"}
              loop: [1]
            - debug: {msg: "{{ item }}"}
              delegate_to: "{{ db_host }}"
              changed_when: chaged
            """,
            "{dir}/site.yml:5:20: 'item' is undefined",
            "{dir}/site.yml:6:20: 'db_host' is undefined",
            "{dir}/site.yml:7:21: 'chaged' is undefined"),
        files("a typo in a template file, located in it", Map.of(
            "templates/vhost.j2", "<VirtualHost>\n  DocumentRoot {{ web_root }}\n  ServerName {{ sitename }}\n</VirtualHost>\n",
            "site.yml", "- hosts: web\n  tasks:\n    - template: {src: vhost.j2, dest: /tmp/v}\n"),
            "{dir}/templates/vhost.j2:2:19: 'web_root' is undefined for host web2",
            "{dir}/templates/vhost.j2:3:17: 'sitename' is undefined"),
        files("a typo in play vars and in a vars file", Map.of(
            "vars.yml", "b: \"{{ sit }}\"\n",
            "site.yml", "- hosts: all\n  vars:\n    a: \"{{ sitee }}\"\n  vars_files: [vars.yml]\n  tasks: []\n"),
            "{dir}/site.yml:3:8: 'sitee' is undefined",
            "{dir}/vars.yml:1:4: 'sit' is undefined"),
        files("a play that selects no host", Map.of(
            "site.yml", "- hosts: nomatch\n  tasks:\n    - command: ls {{ web_root }} {{ nowhere }}\n"),
            "{dir}/site.yml:3:16: 'nowhere' is undefined"),
        files("a handler's arguments", Map.of(
            "site.yml", "- hosts: all\n  tasks: []\n  handlers:\n    - name: restart\n      service: {name: \"{{ svc }}\"}\n"),
            "{dir}/site.yml:5:23: 'svc' is undefined"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defined")
  void definedVariablesAreNotReported(Case c) throws IOException {
    assertEquals(List.of(), problems(c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undefined")
  void undefinedVariablesAreReportedWhereWritten(Case c) throws IOException {
    assertEquals(c.expected().stream().map(e -> e.replace("{dir}", dir.toString())).toList(), problems(c));
  }

  private List<String> problems(Case c) throws IOException {
    Map<String, String> files = new LinkedHashMap<>(Map.of("inv.yml", INVENTORY));
    files.putAll(c.files());
    for (var file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(dir.resolve("site.yml")), c.extraVars());
    return loaded.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList();
  }
}
