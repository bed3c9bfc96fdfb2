package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input yields exactly the expected "FILE:LINE:COL: message" ({dir} is the temp directory). */
class LoaderProblemsTest {
  private static final String INVENTORY = "all:\n  hosts:\n    web1:\n";

  @TempDir Path dir;

  record Case(String name, Map<String, String> files, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case runbook(String name, String yaml, String... expected) {
    return new Case(name, Map.of("site.yml", yaml), List.of(expected));
  }

  private static Case files(String name, Map<String, String> files, String... expected) {
    return new Case(name, files, List.of(expected));
  }

  static Stream<Case> cases() {
    return Stream.of(
        runbook("YAML syntax error", """
            - hosts: all
              tasks:
                - name: broken
                  debug: msg=hi
                 when: x
            """,
            "{dir}/site.yml:5:6: YAML syntax error: expected the end of a block, but found the start of a mapping (check the indentation)"),
        runbook("unclosed quote in free-form text", """
            - hosts: all
              tasks:
                - debug: msg="hi
            """,
            "{dir}/site.yml:3:14: unclosed quote in the arguments of module 'debug'"),
        runbook("unknown module", """
            - hosts: all
              tasks:
                - name: install
                  aptt: name=nginx
            """,
            "{dir}/site.yml:4:7: unknown module 'aptt' (did you mean 'apt'?)"),
        runbook("unknown module under its collection name", """
            - hosts: all
              tasks:
                - ansible.builtin.lineinfle: {path: /etc/x, line: y}
            """,
            "{dir}/site.yml:3:7: unknown module 'ansible.builtin.lineinfle' (did you mean 'ansible.builtin.lineinfile'?)"),
        runbook("unknown module near no known name", """
            - hosts: all
              tasks:
                - frobnicate: x
            """,
            "{dir}/site.yml:3:7: unknown module 'frobnicate'"),
        runbook("unknown module or keyword, near a keyword", """
            - hosts: all
              tasks:
                - name: x
                  wehn: y
                  frobnicate: x
            """,
            "{dir}/site.yml:4:7: unknown module or task keyword 'wehn' (did you mean 'when'?)",
            "{dir}/site.yml:5:7: unknown module or task keyword 'frobnicate'"),
        runbook("unknown block keyword", """
            - hosts: all
              tasks:
                - block:
                    - command: ls
                  resuce:
                    - command: ls
            """,
            "{dir}/site.yml:5:7: unknown block keyword 'resuce' (did you mean 'rescue'?)"),
        runbook("a handler whose module is unknown is still a handler for notify", """
            - hosts: all
              tasks:
                - command: ls
                  notify: [restart, reload]
              handlers:
                - name: restart
                  sevice: name=apache2 state=restarted
                - name: other
                  listen: reload
                  sevice: name=apache2 state=reloaded
            """,
            "{dir}/site.yml:7:7: unknown module 'sevice' (did you mean 'service'?)",
            "{dir}/site.yml:10:7: unknown module 'sevice' (did you mean 'service'?)"),
        runbook("unknown argument", """
            - hosts: all
              tasks:
                - copy:
                    dest: /tmp/x
                    dst: /tmp/y
            """,
            "{dir}/site.yml:5:9: module 'copy' has no argument 'dst' (valid: backup, content, dest, mode, remote_src, src, validate)"),
        runbook("unknown argument in free-form text", """
            - hosts: all
              tasks:
                - copy: dest=/tmp/x bakup=yes
            """,
            "{dir}/site.yml:3:25: module 'copy' has no argument 'bakup' (valid: backup, content, dest, mode, remote_src, src, validate)"),
        runbook("bare word in free-form text of a k=v module", """
            - hosts: all
              tasks:
                - copy: dest=/tmp/x oops
            """,
            "{dir}/site.yml:3:25: module 'copy' takes key=value arguments, not 'oops'"),
        runbook("boolean argument given 'maybe'", """
            - hosts: all
              tasks:
                - copy: {dest: /tmp/x, content: x, backup: maybe}
            """,
            "{dir}/site.yml:3:48: argument 'backup' of module 'copy' must be a boolean (true/false, yes/no), not 'maybe'"),
        runbook("integer argument given 'abc'", """
            - hosts: all
              tasks:
                - wait_for:
                    port: abc
            """,
            "{dir}/site.yml:4:15: argument 'port' of module 'wait_for' must be an integer, not 'abc'"),
        runbook("list argument given a mapping", """
            - hosts: all
              tasks:
                - apt:
                    name: {nginx: latest}
            """,
            "{dir}/site.yml:4:15: argument 'name' of module 'apt' must be a list, not a mapping"),
        runbook("mapping argument given a string", """
            - hosts: all
              tasks:
                - uri: url=http://x headers=plain
            """,
            "{dir}/site.yml:3:33: argument 'headers' of module 'uri' must be a mapping, not 'plain'"),
        runbook("missing required argument", """
            - hosts: all
              tasks:
                - name: write
                  copy:
                    content: hello
            """,
            "{dir}/site.yml:4:7: module 'copy' requires argument 'dest'"),
        runbook("choice outside the choices", """
            - hosts: all
              tasks:
                - file: path=/tmp/d state=dir
            """,
            "{dir}/site.yml:3:31: argument 'state' of module 'file' must be one of file, directory, link, absent, touch, not 'dir'"),
        runbook("mode that is neither octal nor symbolic", """
            - hosts: all
              tasks:
                - file: path=/tmp/d mode=999
                - copy:
                    dest: /tmp/x
                    content: x
                    mode: u+rwz
                - lineinfile: {path: /tmp/y, line: x, mode: "0o1234567"}
            """,
            "{dir}/site.yml:3:30: argument 'mode' of module 'file' must be a mode, octal digits like '0644' or symbolic like 'u=rw,g=r,o=', not '999'",
            "{dir}/site.yml:7:15: argument 'mode' of module 'copy' must be a mode, octal digits like '0644' or symbolic like 'u=rw,g=r,o=', not 'u+rwz'",
            "{dir}/site.yml:8:49: argument 'mode' of module 'lineinfile' must be a mode, octal digits like '0644' or symbolic like 'u=rw,g=r,o=', not '0o1234567'"),
        runbook("modes octal, symbolic or templated are fine", """
            - hosts: all
              tasks:
                - file: path=/tmp/d mode=0755
                - file: {path: /tmp/d, mode: 644}
                - file: {path: /tmp/d, mode: "u=rwX,g+s,o-w"}
                - file: {path: /tmp/d, mode: "{{ inventory_hostname }}"}
            """),
        runbook("Jinja mistakes in a runbook, every one, where it is in the scalar", """
            - hosts: all
              vars:
                a: "{{ x | nofilter }}"
              tasks:
                - debug: msg="{{ x + }}"
                  when: x is definde
                - command: echo {{ y | uppercase }}
                  when:
                    - x ==
                    - true
                - debug:
                    msg: |
                      line one
                      {% if x %}no end
                - debug: {msg: "{{ 'a' ~ x | upper }} {% for i in [1,2] %}{{ i }}{% endfor %} {{ (x | default('b')) is string }} {{ d.items() | list }}"}
            """,
            "{dir}/site.yml:3:16: no filter named 'nofilter'",
            "{dir}/site.yml:5:25: Jinja syntax error in 'x +': the expression ends too early",
            "{dir}/site.yml:6:18: no test named 'definde'",
            "{dir}/site.yml:7:28: no filter named 'uppercase'",
            "{dir}/site.yml:9:15: Jinja syntax error in 'x ==': the expression ends too early",
            "{dir}/site.yml:14:11: Jinja syntax error: '{% if x %}' is never closed by '{% endif %}'"),
        files("Jinja mistakes in a template file, at their line and column there", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - template: {src: vhost.j2, dest: /etc/x}\n",
            "templates/vhost.j2", "ServerName {{ name }}\n{% iff x %}\nPort {{ port | to_jsn }}\n  {{ a.b[ }}\n{% endif %}\n"),
            "{dir}/templates/vhost.j2:2:1: Jinja syntax error: unknown tag 'iff'",
            "{dir}/templates/vhost.j2:5:1: Jinja syntax error: '{% endif %}' closes no tag that is open",
            "{dir}/templates/vhost.j2:3:16: no filter named 'to_jsn'",
            "{dir}/templates/vhost.j2:4:10: Jinja syntax error in 'a.b[': the expression ends too early"),
        runbook("validate without %s, as Ansible refuses it", """
            - hosts: all
              tasks:
                - copy: {dest: /etc/apache2/apache2.conf, content: x, validate: apache2ctl -t}
            """,
            "{dir}/site.yml:3:69: argument 'validate' of module 'copy' must contain %s, not 'apache2ctl -t'"),
        runbook("two module keys", """
            - hosts: all
              tasks:
                - name: confused
                  copy: dest=/tmp/x content=x
                  command: ls
            """,
            "{dir}/site.yml:5:7: more than one module in one task: 'copy' and 'command'"),
        runbook("no module", """
            - hosts: all
              tasks:
                - name: nothing to do
                  when: x
            """,
            "{dir}/site.yml:3:7: the task names no module"),
        runbook("unknown task keyword", """
            - hosts: all
              tasks:
                - command: ls
                  becom: true
            """,
            "{dir}/site.yml:4:7: unknown task keyword 'becom' (did you mean 'become'?)"),
        runbook("unknown play keyword", """
            - hosts: all
              gather_fact: no
              tasks: []
            """,
            "{dir}/site.yml:2:3: unknown play keyword 'gather_fact' (did you mean 'gather_facts'?)"),
        runbook("play without hosts", """
            - name: nowhere
              tasks: []
            """,
            "{dir}/site.yml:1:3: the play has no 'hosts' (a host pattern such as 'all' or 'web')"),
        runbook("unknown handler in notify", """
            - hosts: all
              tasks:
                - command: ls
                  notify:
                    - restart apache
                    - restart apche
              handlers:
                - name: restart apache
                  service: name=apache2 state=restarted
                - name: reload nginx
                  service: name=nginx state=reloaded
            """,
            "{dir}/site.yml:6:11: unknown handler 'restart apche' in notify (handlers of this play: restart apache, reload nginx)"),
        runbook("notify in a block, with no handlers", """
            - hosts: all
              tasks:
                - block:
                    - command: ls
                      notify: restart
            """,
            "{dir}/site.yml:5:19: unknown handler 'restart' in notify (this play has no handlers)"),
        runbook("missing template", """
            - hosts: all
              tasks:
                - template: src=vhost.conf.j2 dest=/etc/x
            """,
            "{dir}/site.yml:3:21: template source 'vhost.conf.j2' not found (looked in: {dir}/templates/vhost.conf.j2, {dir}/vhost.conf.j2)"),
        runbook("missing copy src", """
            - hosts: all
              tasks:
                - copy:
                    src: motd
                    dest: /etc/motd
            """,
            "{dir}/site.yml:4:14: copy source 'motd' not found (looked in: {dir}/files/motd, {dir}/motd)"),
        runbook("missing include file", """
            - hosts: all
              tasks:
                - import_tasks: setup.yml
            """,
            "{dir}/site.yml:3:21: task file 'setup.yml' not found (looked in: {dir}/setup.yml, {dir}/tasks/setup.yml)"),
        runbook("a missing role, before any host is touched", """
            - hosts: all
              roles:
                - {role: web, port: 80}
            """,
            "{dir}/site.yml:3:14: role 'web' not found (looked in: {dir}/roles/web, {dir}/web)"),
        files("a missing tasks_from file", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - include_role: {name: web, tasks_from: setup}\n",
            "roles/web/tasks/main.yml", "- command: ls\n"),
            "{dir}/site.yml:3:28: role 'web' has no tasks file 'setup' (looked in: {dir}/roles/web/tasks/setup, "
                + "{dir}/roles/web/tasks/setup.yml, {dir}/roles/web/tasks/setup.yaml, {dir}/roles/web/tasks/setup.json)"),
        files("a role's template is looked for in the role first, and a missing one names every place", Map.of(
            "site.yml", "- hosts: all\n  roles: [web]\n",
            "roles/web/tasks/main.yml", "- template: {src: site.j2, dest: /etc/site}\n"),
            "{dir}/roles/web/tasks/main.yml:1:19: template source 'site.j2' not found (looked in: {dir}/roles/web/templates/site.j2, "
                + "{dir}/roles/web/site.j2, {dir}/roles/web/tasks/templates/site.j2, {dir}/roles/web/tasks/site.j2, {dir}/templates/site.j2, "
                + "{dir}/site.j2)"),
        files("a problem in a meta dependency's tasks, at its place", Map.of(
            "site.yml", "- hosts: all\n  roles: [web]\n",
            "roles/web/meta/main.yml", "dependencies:\n  - role: base\n    level: 1\n",
            "roles/base/tasks/main.yml", "- copy: dest=/x owner=me\n"),
            "{dir}/roles/base/tasks/main.yml:1:17: module 'copy' has no argument 'owner' (valid: backup, content, dest, mode, remote_src, src, validate)"),
        files("a role that depends on itself", Map.of(
            "site.yml", "- hosts: all\n  roles: [web]\n",
            "roles/web/meta/main.yml", "dependencies: [web]\n"),
            "{dir}/roles/web/meta/main.yml:1:16: role 'web' depends on itself"),
        files("include_role's arguments and apply", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - include_role: {name: web, task_from: x}\n"
                + "    - import_role: {name: web, apply: {tags: x}}\n    - include_role: {name: web, apply: {tag: x}}\n",
            "roles/web/tasks/main.yml", "- command: ls\n"),
            "{dir}/site.yml:3:33: unknown argument 'task_from' for include_role (did you mean 'tasks_from'?)",
            "{dir}/site.yml:4:32: 'apply' is for include_role: the keywords of import_role apply to the role's tasks already",
            "{dir}/site.yml:5:41: unknown keyword 'tag' in apply (did you mean 'tags'?)"),
        runbook("import_playbook of a missing file, and an unknown keyword", """
            - import_playbook: other.yml
              when: x
            """,
            "{dir}/site.yml:2:3: unknown keyword 'when' for import_playbook",
            "{dir}/site.yml:1:20: runbook file 'other.yml' not found (looked in: {dir}/other.yml)"),
        files("a runbook that imports itself", Map.of("site.yml", "- import_playbook: other.yml\n", "other.yml", "- import_playbook: site.yml\n"),
            "{dir}/other.yml:1:20: runbook file 'site.yml' imports itself"),
        runbook("loops over an import, loop_control and retries", """
            - hosts: all
              tasks:
                - import_tasks: setup.yml
                  loop: [1, 2]
                - command: ls
                  loop: [1]
                  loop_control: {index: i}
                  until: false
                  retries: many
            """,
            "{dir}/site.yml:4:7: loops over import_tasks are not supported (Ansible refuses them too; include_tasks and include_role loop)",
            "{dir}/site.yml:3:21: task file 'setup.yml' not found (looked in: {dir}/setup.yml, {dir}/tasks/setup.yml)",
            "{dir}/site.yml:7:22: unsupported loop_control key 'index'",
            "{dir}/site.yml:9:16: 'retries' must be a number, not 'many'"),
        runbook("async and poll are numbers of seconds", """
            - hosts: all
              tasks:
                - command: ls
                  async: soon
                  poll: -1
            """,
            "{dir}/site.yml:4:14: 'async' must be a number, not 'soon'",
            "{dir}/site.yml:5:13: 'poll' must be a number, not '-1'"),
        runbook("a templated role name", """
            - hosts: all
              roles: ["{{ which }}"]
            """,
            "{dir}/site.yml:2:11: a templated role name is not supported; name the role literally"),
        runbook("vars_prompt entries", """
            - hosts: all
              vars_prompt:
                - name: pw
                  encrypt: sha512_crypt
                - prompt: Who
            """,
            "{dir}/site.yml:4:7: unsupported vars_prompt key 'encrypt'",
            "{dir}/site.yml:5:7: a vars_prompt entry needs the 'name' of the variable it sets"),
        runbook("a templated include file name that no task file matches", """
            - hosts: all
              tasks:
                - include_tasks: "{{ os }}-setup.yml"
            """,
            "{dir}/site.yml:3:22: no task file matches '{{ os }}-setup.yml' (looked in: {dir}, {dir}/tasks)"),
        runbook("a templated import file name", """
            - hosts: all
              tasks:
                - import_tasks: "{{ os }}.yml"
            """,
            "{dir}/site.yml:3:21: an import_tasks file name cannot be a template (it is read before any host has variables); use include_tasks"),
        files("a problem in a task file of an include_tasks under a condition fails only a host that includes it", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - include_tasks: other-os.yml\n      when: ansible_os_family == 'RedHat'\n",
            "tasks/other-os.yml", "- yum: {name: httpd}\n")),
        files("a problem in a task file a templated include may name fails only a host that includes it", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - include_tasks: \"setup-{{ os }}.yml\"\n",
            "tasks/setup-debian.yml", "- copy: dest=/x owner=me\n",
            "tasks/setup-solaris.yml", "- pkg5: {name: web}\n",
            "tasks/notes.yml", "just: a mapping\n")),
        files("problem inside an included file", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - include_tasks: more.yml\n",
            "tasks/more.yml", "- command: ls\n- copy: dest=/x owner=me\n"),
            "{dir}/tasks/more.yml:2:17: module 'copy' has no argument 'owner' (valid: backup, content, dest, mode, remote_src, src, validate)"),
        files("a copy source beside an imported task file is found as the run finds it", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - import_tasks: tasks/motd.yml\n",
            "tasks/motd.yml", "- copy: {src: motd.txt, dest: /etc/motd}\n",
            "tasks/files/motd.txt", "hello\n")),
        files("a missing copy source in an imported task file names both places", Map.of(
            "site.yml", "- hosts: all\n  tasks:\n    - import_tasks: tasks/motd.yml\n",
            "tasks/motd.yml", "- copy: {src: motd.txt, dest: /etc/motd}\n"),
            "{dir}/tasks/motd.yml:1:15: copy source 'motd.txt' not found (looked in: {dir}/tasks/files/motd.txt, "
                + "{dir}/tasks/motd.txt, {dir}/files/motd.txt, {dir}/motd.txt)"),
        runbook("unsupported meta", """
            - hosts: all
              tasks:
                - meta: reset_connection
            """,
            "{dir}/site.yml:3:13: meta 'reset_connection' is not supported (supported: flush_handlers, noop, end_play, end_host, end_batch, "
                + "clear_host_errors, clear_facts, refresh_inventory)"),
        runbook("duplicate key", """
            - hosts: all
              tasks:
                - name: one
                  command: ls
                  name: two
            """,
            "{dir}/site.yml:5:7: duplicate key 'name' (first written at line 3)"),
        runbook("missing vars file", """
            - hosts: all
              vars_files:
                - vars/main.yml
              tasks: []
            """,
            "{dir}/site.yml:3:7: vars file 'vars/main.yml' not found (looked in: {dir}/vars/main.yml)"),
        runbook("loop that is not a list", """
            - hosts: all
              tasks:
                - command: echo {{ item }}
                  loop: nginx
            """,
            "{dir}/site.yml:4:13: 'loop' must be a list or a template giving one, not 'nginx'"),
        runbook("become_method other than sudo", """
            - hosts: all
              become_method: su
              tasks: []
            """,
            "{dir}/site.yml:2:18: only become_method 'sudo' is supported, not 'su'"),
        runbook("several problems at once, in order", """
            - hosts: all
              tasks:
                - aptt: name=x
                - copy: {content: x}
            """,
            "{dir}/site.yml:3:7: unknown module 'aptt' (did you mean 'apt'?)",
            "{dir}/site.yml:4:7: module 'copy' requires argument 'dest'"),
        files("inventory host that is a list", Map.of(
            "inv.yml", "all:\n  hosts:\n    web1:\n      - a\n",
            "site.yml", "- hosts: all\n  tasks: []\n"),
            "{dir}/inv.yml:4:7: host 'web1' must map to its variables (a mapping) or to nothing, not a list"),
        files("inventory hosts written as a list", Map.of(
            "inv.yml", "all:\n  children:\n    web:\n      hosts:\n        - web1\n",
            "site.yml", "- hosts: all\n  tasks: []\n"),
            "{dir}/inv.yml:5:9: 'hosts' of group 'web' must be a mapping of host names to their variables, not a list"),
        files("inventory unknown group key", Map.of(
            "inv.yml", "all:\n  host:\n    web1:\n",
            "site.yml", "- hosts: all\n  tasks: []\n"),
            "{dir}/inv.yml:2:3: unknown key 'host' in group 'all' (expected hosts, children or vars)"),
        files("inventory syntax error", Map.of(
            "inv.yml", "all:\n  hosts: [web1\n",
            "site.yml", "- hosts: all\n  tasks: []\n"),
            "{dir}/inv.yml:3:1: YAML syntax error: expected ',' or ']', but got the end of the file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheProblemWithItsPosition(Case c) throws IOException {
    Map<String, String> files = new LinkedHashMap<>(Map.of("inv.yml", INVENTORY));
    files.putAll(c.files());
    for (var file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(dir.resolve("site.yml")), List.of());
    List<String> firstLines = loaded.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList();
    assertEquals(c.expected().stream().map(e -> e.replace("{dir}", dir.toString())).toList(), firstLines);
  }

  /** A file that is not UTF-8 text is one sentence naming it, whether runbook or inventory. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Latin-1 runbook  | site.yml | 2d20686f7374733a20616c6c0a20207461736b733a205b5d0a2320636166e90a | 'site.yml' is not UTF-8 text: byte 0xe9 at line 3, column 6 is not UTF-8; save the file as UTF-8",
      "binary runbook   | site.yml | 1f8b0800000000000003 | 'site.yml' is not a text file: it holds a NUL byte (at line 1, column 4)",
      "NUL bytes        | site.yml | 2d20686f7374733a20616c6c0a00 | 'site.yml' is not a text file: it holds a NUL byte (at line 2, column 1)",
      "UTF-16 runbook   | site.yml | fffe2d00200068006f00 | 'site.yml' is not UTF-8 text but UTF-16; save it as UTF-8",
      "Latin-1 inventory | inv.yml | 616c6c3a0a2020686f7374733a0a202020207765623a207b6e616d653a20636166e97d0a | 'inv.yml' is not UTF-8 text: byte 0xe9 at line 3, column 20 is not UTF-8; save the file as UTF-8",
  })
  void aFileThatIsNotUtf8TextIsOneSentenceNamingIt(String name, String file, String hex, String expected) throws IOException {
    Files.writeString(dir.resolve("inv.yml"), INVENTORY);
    Files.writeString(dir.resolve("site.yml"), "- hosts: all\n  tasks: []\n");
    Files.write(dir.resolve(file), java.util.HexFormat.of().parseHex(hex));
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(dir.resolve("site.yml")), List.of());
    assertEquals(List.of(expected.replace("'" + file, "'" + dir.resolve(file))), loaded.problems().stream().map(Problem::format).toList());
  }

  @Test
  void aRunbookBeyondTheYamlParsersLimitIsOneSentence() throws IOException {
    Files.writeString(dir.resolve("inv.yml"), INVENTORY);
    Path big = dir.resolve("site.yml");
    Files.writeString(big, "- hosts: all\n  tasks: []\n" + "#".repeat(TextFile.LIMIT) + "\n");
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(big), List.of());
    assertEquals(List.of("'" + big + "' is too large: runbook reads YAML files of at most 3145728 characters (3 MiB)"),
        loaded.problems().stream().map(Problem::format).toList());
  }

  /** Not problems: the run goes on, as Ansible's does, but says which pattern matched nothing. */
  @Test
  void aPlayWhoseHostsMatchNothingIsAWarningNamingThePattern() throws IOException {
    Files.writeString(dir.resolve("inv.yml"), "all:\n  children:\n    web:\n      hosts:\n        web1:\n    empty:\n");
    Files.writeString(dir.resolve("site.yml"), """
        - hosts: webz
          tasks: []
        - hosts: web:dbb
          tasks: []
        - hosts: [web, localhost, empty, "web*"]
          tasks: []
        - hosts: empty
          tasks: []
        - hosts: "{{ target }}"
          tasks: []
        """);
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(dir.resolve("site.yml")), List.of());
    assertEquals(List.of(), loaded.problems());
    assertEquals(List.of(
            "{dir}/site.yml:1:10: the play's hosts 'webz' match no host of the inventory; the play is skipped",
            "{dir}/site.yml:3:10: 'dbb' in the play's hosts 'web:dbb' names no host or group of the inventory",
            "{dir}/site.yml:7:10: the play's hosts 'empty' match no host of the inventory; the play is skipped"),
        loaded.warnings().stream().map(p -> p.location() + ": " + p.message()).map(w -> w.replace(dir.toString(), "{dir}")).toList());
  }

  @Test
  void formatShowsTheLineAndACaretUnderTheColumn() throws IOException {
    Path file = dir.resolve("site.yml");
    Files.writeString(file, "- hosts: all\n  tasks:\n\t- aptt: x\n");
    Problem problem = new Problem(new runbook.model.SourceLocation(file, 3, 4), "unknown module 'aptt'");
    assertEquals(file + ":3:4: unknown module 'aptt'\n\t- aptt: x\n\t  ^", problem.format());
  }

  @Test
  void noRunbookAnywhereIsAProblemAtTheInventory() throws IOException {
    Files.writeString(dir.resolve("inv.yml"), INVENTORY);
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(), List.of());
    assertEquals(
        List.of(dir.resolve("inv.yml") + ":1:1: no runbook to apply: name one after the inventory, or list them under all.vars.runbook_apply in the inventory"),
        loaded.problems().stream().map(p -> p.format().lines().findFirst().orElseThrow()).toList());
  }
}
