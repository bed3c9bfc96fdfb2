package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Playbooks run as ansible-playbook 2.14 ran them on the local connection: each case is the same
 * files, and what ansible-playbook printed (every debug message and handler banner in order, and the
 * recap line). {dir} is the case's directory: its name in what is printed, its path in the arguments.
 */
class AnsibleComparedTest {
  private static final String INVENTORY = """
      all:
        hosts:
          localhost: {ansible_connection: local}
        vars:
          shared: inventory
          over_play: inventory
      """;

  @TempDir Path dir;

  record Case(String name, Map<String, String> files, List<String> args, List<String> printed, String recap) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Map<String, String> ROLES_A_B = Map.ofEntries(
      Map.entry("roles/a/defaults/main.yml", "a_def: from-a-defaults\nshared: a-default\n"),
      Map.entry("roles/a/vars/main.yml", "a_var: from-a-vars\nover_play: a-vars\n"),
      Map.entry("roles/a/meta/main.yml", "dependencies:\n  - role: b\n    p: 1\n"),
      Map.entry("roles/a/tasks/main.yml", """
          - debug: msg="a main {{ a_def }} {{ a_var }} {{ over_play }} {{ role_path | basename }} {{ ansible_role_name }} p={{ p | default('none') }} shared={{ shared }} b_def={{ b_def|default('U') }}"
            notify: h a
          - template: {src: t.j2, dest: "{{ playbook_dir }}/out.txt"}
          """),
      Map.entry("roles/a/tasks/other.yml", "- debug: msg=\"a other {{ a_def }}\"\n"),
      Map.entry("roles/a/templates/t.j2", "x={{ a_def }}\n"),
      Map.entry("roles/a/handlers/main.yml", "- name: h a\n  debug: msg=\"handler a {{ a_var }}\"\n"),
      Map.entry("roles/b/defaults/main.yml", "b_def: from-b-defaults\n"),
      Map.entry("roles/b/tasks/main.yml", "- debug: msg=\"b main p={{ p }} {{ ansible_role_name }} a_var={{ a_var | default('U') }}\"\n"),
      Map.entry("roles/c/defaults/main.yml", "c_def: C\n"),
      Map.entry("roles/c/tasks/main.yml", "- debug: msg=\"c {{ c_def }}\"\n"),
      Map.entry("roles/c/handlers/main.yml", "- name: hc\n  debug: msg=handler-c\n"));

  private static final Map<String, String> ROLE_WEB = Map.ofEntries(
      Map.entry("roles/web/defaults/main.yml", "port: 80\n"),
      Map.entry("roles/web/defaults/alt.yml", "port: 8080\n"),
      Map.entry("roles/web/vars/main.yml", "flavour: main\n"),
      Map.entry("roles/web/vars/alt.yml", "flavour: alt\n"),
      Map.entry("roles/web/tasks/main.yml", "- debug: msg=\"web main {{ port }} {{ flavour }}\"\n"),
      Map.entry("roles/web/tasks/setup.yml", """
          - debug: msg="web setup {{ port }} {{ flavour }} {{ role_path | basename }}"
            changed_when: true
            notify: reload web
          - copy: {src: index.html, dest: "{{ playbook_dir }}/index.html"}
          - include_tasks: more.yml
          """),
      Map.entry("roles/web/tasks/more.yml", "- debug: msg=\"web more\"\n"),
      Map.entry("roles/web/files/index.html", "<h1>hi</h1>\n"),
      Map.entry("roles/web/handlers/main.yml", "- name: reload web\n  debug: msg=\"main handler\"\n"),
      Map.entry("roles/web/handlers/alt.yml", "- name: reload web\n  debug: msg=\"alt handler {{ flavour }}\"\n"));

  private static final Map<String, String> INCLUDES = Map.of(
      "roles/c/tasks/main.yml", "- debug: msg=c1\n- debug: msg=c2\n",
      "t.yml", "- debug: msg=t1\n- debug: msg=t2\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            tasks:
              - include_tasks: t.yml
                when: false
              - include_role: {name: c}
                when: false
              - import_tasks: t.yml
                when: false
              - include_tasks: t.yml
                tags: [x]
              - include_role: {name: c}
                tags: [x]
              - import_tasks: t.yml
                tags: [x]
          """);

  /** get_url from file: URLs and unarchive of a tar made by the play, each again to see it ok. */
  private static final Map<String, String> DOWNLOADS = Map.of("src.txt", "hello\n", "tree/t.txt", "t\n", "site.yml", """
      - hosts: all
        gather_facts: false
        tasks:
          - get_url: {url: "file://{{ playbook_dir }}/src.txt", dest: "{{ playbook_dir }}/got.txt", mode: "0640"}
            register: a
          - debug: msg="first {{ a.changed }} {{ a.checksum_src }} {{ a.size }} {{ a.dest | basename }}"
          - get_url: {url: "file://{{ playbook_dir }}/src.txt", dest: "{{ playbook_dir }}/got.txt"}
            register: b
          - debug: msg="again {{ b.changed }}"
          - get_url: {url: "file://{{ playbook_dir }}/src.txt", dest: "{{ playbook_dir }}/got.txt", force: true}
            register: c
          - debug: msg="forced {{ c.changed }} {{ c.checksum_src == c.checksum_dest }}"
          - get_url: {url: "file://{{ playbook_dir }}/src.txt", dest: "{{ playbook_dir }}/got.txt", checksum: "sha1:f572d396fae9206628714fb2ce00f72e94f2258f"}
            register: d
          - debug: msg="checksum {{ d.changed }} {{ d.msg }}"
          - get_url: {url: "file://{{ playbook_dir }}/src.txt", dest: "{{ playbook_dir }}/got.txt", mode: "0600"}
            register: e
          - debug: msg="mode {{ e.changed }}"
          - file: {path: "{{ playbook_dir }}/wrong", state: directory}
          - get_url: {url: "file://{{ playbook_dir }}/src.txt", dest: "{{ playbook_dir }}/wrong/", checksum: "sha1:0000"}
            register: f
            ignore_errors: true
          - debug: msg="wrong {{ f.failed }}"
          - command: tar -czf {{ playbook_dir }}/app.tgz -C {{ playbook_dir }} tree
            args: {creates: "{{ playbook_dir }}/app.tgz"}
          - file: {path: "{{ playbook_dir }}/out", state: directory}
          - unarchive: {src: "{{ playbook_dir }}/app.tgz", dest: "{{ playbook_dir }}/out", remote_src: true, list_files: true}
            register: u
          - debug: msg="unpacked {{ u.changed }} {{ u.handler }} {{ u.files | sort | join(',') }}"
          - unarchive: {src: "{{ playbook_dir }}/app.tgz", dest: "{{ playbook_dir }}/out", remote_src: true}
            register: v
          - debug: msg="again {{ v.changed }}"
          - unarchive: {src: "{{ playbook_dir }}/app.tgz", dest: "{{ playbook_dir }}/nowhere", remote_src: true}
            ignore_errors: true
            register: x
          - debug: msg="{{ x.msg | replace(playbook_dir, 'DIR') }}"
      """);

  private static final String FLAGS = """
      - hosts: all
        gather_facts: false
        tasks:
          - debug: msg="user {{ ansible_user | default('U') }}"
          - name: first
            debug: msg=first
          - block:
              - name: second one
                debug: msg=second
              - name: third
                debug: msg=third
            rescue:
              - debug: msg=rescued
      - hosts: all
        gather_facts: false
        vars: {ansible_user: alice}
        tasks:
          - debug: msg="user {{ ansible_user }}"
      """;

  private static final String NOT_BECOMING = """
      - hosts: all
        gather_facts: false
        become: false
        tasks:
          - command: whoami
            register: w
          - debug: msg="keyword {{ w.stdout }}"
      - hosts: all
        gather_facts: false
        vars: {ansible_become: false}
        tasks:
          - command: whoami
            register: w
          - debug: msg="variable {{ w.stdout }}"
      """;

  private static final Map<String, String> THROTTLED = Map.of(
      "inv.yml", "all:\n  hosts:\n    h1: {ansible_connection: local}\n    h2: {ansible_connection: local}\n    h3: {ansible_connection: local}\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            collections: [community.general]
            tasks:
              - block:
                  - shell: mkdir "{{ playbook_dir }}/lock" && sleep 0.3 && rmdir "{{ playbook_dir }}/lock"
                throttle: 1
              - shell: mkdir "{{ playbook_dir }}/lock-{{ inventory_hostname }}" && sleep 0.3 && rmdir "{{ playbook_dir }}/lock-{{ inventory_hostname }}"
                throttle: 0
                collections: [ansible.posix]
              - debug: msg="{{ inventory_hostname }}"
          """);

  private static final String FAILED_IN_RESCUE = """
      - hosts: all
        gather_facts: false
        tasks:
          - debug: msg="before {{ ansible_failed_task | default('U') }}"
          - block:
              - name: breaks
                command: /bin/false
            rescue:
              - debug: msg="rescue {{ ansible_failed_task.name }} {{ ansible_failed_task.action }} {{ ansible_failed_result.rc }} {{ ansible_failed_result.msg }} {{ ansible_failed_result.failed }}"
          - block:
              - fail: {msg: second}
            rescue:
              - debug: msg="rescue2 {{ ansible_failed_task.name }} {{ ansible_failed_task.action }} {{ ansible_failed_result.msg }}"
          - debug: msg="after {{ ansible_failed_task.name | default('U') }} {{ ansible_failed_result.msg | default('U') }}"
      - hosts: all
        gather_facts: false
        tasks:
          - debug: msg="next play {{ ansible_failed_task.name | default('U') }}"
      """;

  private static final Map<String, String> MODULE_DEFAULTS = Map.of(
      "roles/md/tasks/main.yml", "- debug:\n- file: {state: touch}\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            module_defaults:
              debug: {msg: "play default"}
              ansible.builtin.file: {mode: "0600", path: "{{ playbook_dir }}/f"}
            roles: [md]
            tasks:
              - debug: {msg: own}
              - block:
                  - debug:
                  - debug:
                    module_defaults:
                      debug: {msg: "task default"}
                module_defaults:
                  ansible.builtin.debug: {msg: "block default {{ inventory_hostname }}"}
              - block:
                  - debug:
                module_defaults:
                  debug: {verbosity: 0}
              - block:
                  - debug:
                module_defaults:
                  - debug: {msg: first}
                  - ansible.builtin.debug: {msg: second}
              - stat: {path: "{{ playbook_dir }}/f"}
                register: st
              - debug: msg="{{ st.stat.mode }}"
          """);

  private static final Map<String, String> INVENTORY_CHANGES = Map.of(
      "inv.yml", "all:\n  hosts:\n    h1: {ansible_connection: local, kind: web}\n    h2: {ansible_connection: local, kind: db}\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            tasks:
              - group_by: {key: "kind_{{ kind }}", parents: [servers]}
              - debug: msg="{{ inventory_hostname }} {{ group_names }}"
              - add_host:
                  name: "new-{{ inventory_hostname }}"
                  groups: [added, extra]
                  ansible_connection: local
                  colour: blue
              - add_host: {hostname: "n{{ item }}", group: looped, ansible_connection: local}
                loop: [1, 2]
              - debug: msg="{{ groups.servers }} {{ groups.looped }} {{ groups.ungrouped }} {{ groups.all }}"
                run_once: true
          - hosts: kind_db
            gather_facts: false
            tasks:
              - debug: msg="db {{ inventory_hostname }}"
          - hosts: added:looped
            gather_facts: false
            serial: 1
            tasks:
              - debug: msg="added {{ inventory_hostname }} {{ colour | default('U') }} {{ group_names }}"
          """);

  /** known_hosts on files beside the runbook; the hashed line is ssh-keygen -H's of db1. */
  private static final String KNOWN_HOSTS = """
      - hosts: localhost
        gather_facts: false
        vars:
          k1: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILttGVN1cO7QYUY0nmo01xVo/ddoz0atAk10SMe8V2dQ
          k2: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJAk/521yEe+1WhhoHRmJYT309BfFGSTDuEp4DT3bOP8
          k3: ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDPDdectgCQrX/zLcKlr6fDzK9nrIkou5zKwM8iN3YRI+jG+sUNWNYXrNPs/NCN4pHn0vgPqLPC2R3IWDFWs+yHMJC+gAeXzMXc7jtiXoCL+FuQScTgVUtLf1cVstuNOUPBriO446u6iYQtbMLivLSPh+iYm0m2iOr2FNONsGDlzQ==
          kh: "{{ playbook_dir }}/kh"
        tasks:
          - copy:
              dest: "{{ kh }}"
              content: |
                # ours
                web1,10.0.0.1 {{ k2 }}
                web1 {{ k3 }}
                old {{ k1 }}
                |1|gUyMsLm80TQhiJSaL1BCfpGehRo=|wQvArwjQ8+/UkOzKKXnITzKu1Yc= {{ k2 }}
                [web2]:2222 {{ k1 }}
          - name: a changed key of web1 replaces the first line of its type (a list of names, as Ansible does)
            known_hosts: {path: "{{ kh }}", name: web1, key: "web1 {{ k1 }}"}
            register: a
          - name: again, converged
            known_hosts: {path: "{{ kh }}", name: WEB1, key: "web1 {{ k1 }} comment"}
            register: b
          - name: remove every line of old
            known_hosts: {path: "{{ kh }}", name: old, state: absent}
            register: c
          - name: a hashed line, the key given hashed
            known_hosts: {path: "{{ kh }}", name: db1, key: "db1 {{ k2 }}", hash_host: true}
            register: d
          - name: absent with a key removes the line of its type
            known_hosts: {path: "{{ kh }}", name: web1, key: "web1 {{ k3 }}", state: absent}
            register: e
          - name: absent already
            known_hosts: {path: "{{ kh }}", name: nothere, state: absent}
            register: f
          - name: a port
            known_hosts: {path: "{{ kh }}", name: "[web2]:2222", key: "[web2]:2222 {{ k1 }}"}
            register: g
          - name: a new host in a new file
            known_hosts: {path: "{{ playbook_dir }}/new_kh", name: web3, key: "web3 {{ k3 }}"}
            register: h
          - name: the key names another host
            known_hosts: {path: "{{ kh }}", name: x, key: "y {{ k1 }}"}
            register: i
            ignore_errors: true
          - name: no key to add
            known_hosts: {path: "{{ kh }}", name: x}
            register: j
            ignore_errors: true
          - debug: msg="{{ a.changed }} {{ b.changed }} {{ c.changed }} {{ d.changed }} {{ e.changed }} {{ f.changed }} {{ g.changed }} {{ h.changed }}"
          - debug: msg="{{ i.msg }} / {{ j.msg }}"
          - debug: msg="{{ lookup('file', kh) }}"
          - debug: msg="{{ lookup('file', playbook_dir + '/new_kh') }}"
      """;

  /** debconf on a database of the case's own (DEBCONF_SYSTEMRC), never the machine's. */
  private static final String DEBCONF = """
      - hosts: localhost
        gather_facts: false
        environment:
          DEBCONF_SYSTEMRC: "{{ playbook_dir }}/debconf.conf"
        tasks:
          - name: a debconf database of the runbook's own
            copy:
              dest: "{{ playbook_dir }}/debconf.conf"
              content: |
                Config: configdb
                Templates: templatedb

                Name: config
                Driver: File
                Mode: 644
                Reject-Type: password
                Filename: {{ playbook_dir }}/config.dat

                Name: passwords
                Driver: File
                Mode: 600
                Backup: false
                Required: false
                Accept-Type: password
                Filename: {{ playbook_dir }}/passwords.dat

                Name: configdb
                Driver: Stack
                Stack: config, passwords

                Name: templatedb
                Driver: File
                Mode: 644
                Filename: {{ playbook_dir }}/templates.dat
          - debconf: {name: rbtest, question: rbtest/colour, vtype: select, value: blue}
            register: a
          - debconf: {name: rbtest, question: rbtest/colour, vtype: select, value: blue}
            register: b
          - debconf: {name: rbtest, question: rbtest/colour, vtype: string, value: green}
            register: c
          - debconf: {name: rbtest, question: rbtest/enabled, vtype: boolean, value: true}
            register: d
          - debconf: {name: rbtest, question: rbtest/enabled, vtype: boolean, value: "True"}
            register: e
          - debconf: {pkg: rbtest, setting: rbtest/later, vtype: string, answer: x, unseen: true}
            register: f
          - debconf: {name: rbtest}
            register: g
          - debconf: {name: rbtest, question: rbtest/x, value: y}
            register: h
            ignore_errors: true
          - debug: msg="{{ a.changed }} {{ b.changed }} {{ c.changed }} {{ d.changed }} {{ e.changed }} {{ f.changed }} {{ g.changed }}"
          - debug: msg="{{ c.current }} {{ c.previous }} {{ g.current['rbtest/colour'] }} {{ g.current['rbtest/enabled'] }} {{ g.current['rbtest/later'] }}"
          - debug: msg="{{ h.msg }}"
          - command: debconf-show rbtest
            register: shown
          - debug: msg="{{ shown.stdout_lines | sort | join(', ') }}"
      """;

  private static final String PROMPTS = """
      - hosts: all
        gather_facts: false
        vars_prompt:
          - name: who
            prompt: Who are you
            default: nobody
            private: false
          - name: pw
            prompt: Password
        tasks:
          - debug: msg="{{ who }} {{ pw }}"
      """;

  private static final Map<String, String> IMPORTED = Map.of(
      "site.yml", """
          - hosts: all
            gather_facts: false
            tasks:
              - debug: msg="first {{ playbook_dir | basename }}"
          - import_playbook: sub/other.yml
            vars: {x: from-import, y: from-import}
            tags: [imp]
          - hosts: all
            gather_facts: false
            tasks:
              - debug: msg="last"
          """,
      "sub/other.yml", """
          - hosts: all
            gather_facts: false
            vars: {y: from-play}
            tasks:
              - debug: msg="other x={{ x }} y={{ y }} {{ playbook_dir | basename }}"
              - template: {src: t.j2, dest: "{{ playbook_dir }}/out"}
          """,
      "sub/templates/t.j2", "hi\n");

  private static final Map<String, String> INCLUDED_VARS = Map.of(
      "vars/common.yml", "a: 1\nb: from-common\n",
      "vars/more/x.yml", "c: 3\nb: from-more\n",
      "vars/more/y.json", "{\"d\": 4}\n",
      "vars/more/deeper/z.yml", "e: deep\n",
      "vars/more/ignored.txt", "skip: 1\n",
      "roles/r/vars/extra.yml", "rv: role-vars-file\n",
      "roles/r/tasks/main.yml", "- include_vars: extra.yml\n- debug: msg=\"role {{ rv }}\"\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            vars: {b: play}
            tasks:
              - include_vars: common.yml
              - debug: msg="a={{ a }} b={{ b }}"
              - include_vars: {dir: vars/more, depth: 1, ignore_files: ["^.*\\\\.txt$"]}
                register: got
              - debug: msg="b={{ b }} c={{ c }} d={{ d }} e={{ e | default('U') }} n={{ got.ansible_included_var_files | length }}"
              - include_vars: {dir: vars/more, name: bag, files_matching: "^x"}
              - debug: msg="{{ bag.c }} {{ bag.d | default('U') }}"
              - include_vars: {file: common.yml, name: one}
                vars: {b: task}
              - debug: msg="{{ one.b }} {{ b }}"
              - set_fact: {b: fact}
              - include_vars: common.yml
              - debug: msg="after set_fact {{ b }}"
              - import_role: {name: r}
          """);

  private static final Map<String, String> ASYNC = Map.of("site.yml", """
          - hosts: all
            gather_facts: false
            tasks:
              - command: echo hi
                async: 10
                poll: 1
                register: a
              - debug: msg="a {{ a.stdout }} {{ a.rc }} {{ a.finished }} {{ a.started }} {{ a.changed }} {{ a.ansible_job_id is match('j[0-9]+[.][0-9]+$') }} {{ a.results_file | basename == a.ansible_job_id }}"
              - shell: sleep 3
                async: 1
                poll: 1
                register: b
                ignore_errors: true
              - debug: msg="b {{ b.msg }} {{ b.changed }} {{ b.async_result.finished }}"
              - shell: echo done; echo err >&2; exit 3
                async: 20
                poll: 0
                register: c
              - debug: msg="c {{ c.finished }} {{ c.started }} {{ c.changed }} {{ c.stdout | default('U') }}"
              - command: sleep 2
                changed_when: false
              - async_status: {jid: "{{ c.ansible_job_id }}"}
                register: s
                ignore_errors: true
              - debug: msg="s {{ s.finished }} {{ s.rc }} {{ s.stdout }} {{ s.stderr_lines }} {{ s.msg }} {{ s.changed }} {{ s.failed }}"
              - command: echo {{ item }}
                loop: [x, y]
                async: 10
                poll: 1
                register: l
              - debug: msg="l {{ l.results | map(attribute='stdout') | list }} {{ l.changed }}"
              - async_status: {jid: nope}
                register: n
                ignore_errors: true
              - debug: msg="n {{ n.msg }} {{ n.finished }} {{ n.started }}"
          """);

  private static final Map<String, String> LOOPS = Map.of(
      "inc.yml", "- debug: msg=\"inc {{ it }} {{ idx }}\"\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            tasks:
              - debug: msg="{{ i }} {{ n }} {{ ansible_loop.index }} {{ ansible_loop.index0 }} {{ ansible_loop.revindex }} {{ ansible_loop.revindex0 }} {{ ansible_loop.first }} {{ ansible_loop.last }} {{ ansible_loop.length }} {{ ansible_loop.previtem | default('U') }} {{ ansible_loop.nextitem | default('U') }} {{ ansible_loop.allitems }}"
                loop: [a, b, c]
                loop_control: {loop_var: i, index_var: n, extended: true, pause: 0.1, label: "L{{ i }}"}
              - command: "sh -c 'echo $(( $(cat {{ playbook_dir }}/count 2>/dev/null || echo 0) + 1 )) > {{ playbook_dir }}/count; cat {{ playbook_dir }}/count'"
                register: r
                until: r.stdout == "3"
                retries: 5
                delay: 0
              - debug: msg="attempts={{ r.attempts }} {{ r.stdout }}"
              - command: "false"
                register: f
                until: f.rc == 0
                retries: 2
                delay: 0
                ignore_errors: true
              - debug: msg="attempts={{ f.attempts }} failed={{ f.failed }}"
              - include_tasks: inc.yml
                loop: [x, y]
                loop_control: {loop_var: it, index_var: idx}
          """);

  private static final Map<String, String> LOOKUPS = Map.of(
      "files/a.txt", "hello\n\n",
      "files/b.conf", "b\n",
      "files/app.ini", "[db]\nuser = admin\nport: 5432\n[web]\nuser=www\n",
      "files/users.tsv", "alice\t1001\tadmins\nbob\t1002\tusers\n",
      "templates/t.j2", "x={{ greeting }}\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            vars:
              greeting: hi
              users: [{name: a, groups: [g1, g2]}, {name: b, groups: [g3]}]
              d: {k1: 1, k2: two}
              web_port: 80
              web_host: h
            tasks:
              - debug: msg="{{ lookup('file', 'a.txt') }}|{{ lookup('env', 'PATH') | length > 0 }}|{{ lookup('pipe', 'echo piped') }}"
              - debug: msg="{{ lookup('template', 't.j2') }}"
              - debug: msg="{{ lookup('vars', 'greeting') }} {{ query('varnames', '^web_') }} {{ lookup('varnames', '^web_') }}"
              - debug: msg="{{ lookup('first_found', ['nope.txt', 'b.conf']) | basename }} {{ query('fileglob', '*.conf') | map('basename') | list }}"
              - debug: msg="{{ query('items', [1, [2, 3]]) }} {{ lookup('list', 1, 2) }} {{ query('dict', d) }} {{ lookup('sequence', 'start=1 end=5 stride=2', wantlist=True) }} {{ query('sequence', '2-4:x%02d') }}"
              - debug: msg="{{ query('subelements', users, 'groups') | length }} {{ query('together', [1, 2], ['a']) }} {{ query('nested', [1, 2], ['a', 'b']) }} {{ query('indexed_items', ['x', 'y']) | length }}"
              - debug: msg="{{ lookup('ini', 'user section=db file=app.ini') }} {{ lookup('ini', 'port section=db file=app.ini') }} {{ lookup('ini', 'user section=web file=app.ini') }} {{ lookup('csvfile', 'bob file=users.tsv delimiter=TAB col=2') }}"
              - debug: msg="{{ lookup('file', 'missing.txt', errors='ignore') is none }} {{ query('file', 'missing.txt', errors='ignore') }} {{ q('env', 'NOPE_X') }}"
              - set_fact: {pw: "{{ lookup('password', 'secret/pw.txt length=12 chars=digits') }}"}
              - debug: msg="{{ pw | length }} {{ pw is match('^[0-9]+$') }} {{ pw == lookup('password', 'secret/pw.txt length=12 chars=digits') }}"
              - debug: msg="{{ item.key }}={{ item.value }}"
                with_dict: "{{ d }}"
              - debug: msg="{{ item[0].name }}-{{ item[1] }}"
                with_subelements: [ "{{ users }}", groups ]
              - debug: msg="{{ item }}"
                with_sequence: start=1 end=3
              - debug: msg="{{ item[0] }}{{ item[1] }}"
                with_nested: [[1, 2], [a]]
              - debug: msg="{{ item | basename }}"
                with_fileglob: ["*.txt"]
              - debug: msg="{{ item[0] }}{{ item[1] }}"
                with_together: [[1, 2], [a, b]]
              - debug: msg="{{ item[0] }}{{ item[1] }}"
                with_indexed_items: [a, b]
              - debug: msg="{{ item | string }}"
                with_list: [[1, 2], 3]
              - debug: msg="{{ item | basename }}"
                with_first_found: [nope, a.txt]
          """);

  private static final Map<String, String> HANDLERS_BETWEEN_SECTIONS = Map.of("site.yml", """
      - hosts: all
        gather_facts: false
        pre_tasks:
          - command: "true"
            notify: h
        tasks:
          - debug: msg="task"
          - command: "true"
            notify: h
        post_tasks:
          - debug: msg="post"
        handlers:
          - name: h
            debug: msg="handler"
      """);

  private static final Map<String, String> ORDER = Map.of(
      "inv.yml", "all:\n  hosts:\n    h1: {ansible_connection: local}\n    h2: {ansible_connection: local}\n    h3: {ansible_connection: local}\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            order: reverse_sorted
            tasks:
              - debug: msg="task {{ ansible_play_batch }} {{ ansible_play_hosts_all }} {{ ansible_run_tags }} {{ ansible_skip_tags }} {{ ansible_version.major }}"
                when: inventory_hostname == 'h1'
          - hosts: all
            gather_facts: false
            order: reverse_inventory
            tasks:
              - debug: msg="{{ inventory_hostname }}"
          """);

  private static final Map<String, String> METAS = Map.of(
      "inv.yml", "all:\n  hosts:\n    h1: {ansible_connection: local}\n    h2: {ansible_connection: local}\n    h3: {ansible_connection: local}\n",
      "site.yml", """
          - hosts: all
            gather_facts: false
            serial: 2
            tasks:
              - fail: msg="boom"
                when: inventory_hostname == 'h1'
              - meta: clear_host_errors
              - debug: msg="after clear {{ inventory_hostname }}"
              - meta: end_batch
                when: inventory_hostname == 'h3'
              - meta: refresh_inventory
              - debug: msg="end {{ inventory_hostname }}"
          - hosts: all
            gather_facts: false
            tasks:
              - debug: msg="next play {{ inventory_hostname }}"
          """);

  private static final String STAT = """
      - hosts: all
        gather_facts: false
        tasks:
          - copy: {content: "hello\\n", dest: "{{ playbook_dir }}/f.txt", mode: "4755"}
          - file: {src: f.txt, dest: "{{ playbook_dir }}/l", state: link}
          - stat: {path: "{{ playbook_dir }}/f.txt", checksum_algorithm: sha256}
            register: f
          - stat: {path: "{{ playbook_dir }}/l"}
            register: l
          - stat: {path: "{{ playbook_dir }}/l", follow: true, get_mime: false, get_attributes: false}
            register: lf
          - stat: {path: "{{ playbook_dir }}", get_checksum: false}
            register: d
          - debug: msg="{{ f.stat.keys() | sort | join(',') }}"
          - debug: msg="{{ l.stat.keys() | sort | join(',') }}"
          - debug: msg="{{ lf.stat.keys() | sort | join(',') }}"
          - debug: msg="{{ d.stat.keys() | sort | join(',') }}"
          - debug: msg="same {{ [f.stat.inode, f.stat.dev, f.stat.nlink, f.stat.uid, f.stat.gid, f.stat.blocks, f.stat.block_size, f.stat.mtime | int, f.stat.ctime | int] | join(' ') == lookup('pipe', 'stat -c \\"%i %d %h %u %g %b %o %Y %Z\\" ' ~ playbook_dir ~ '/f.txt') }}"
          - debug: msg="{{ f.stat.checksum }} {{ f.stat.mode }} {{ f.stat.isuid }} {{ f.stat.isgid }} {{ f.stat.xoth }} {{ f.stat.mimetype }} {{ f.stat.charset }} {{ f.stat.readable }} {{ f.stat.writeable }} {{ f.stat.executable }}"
          - debug: msg="{{ l.stat.islnk }} {{ l.stat.lnk_target }} {{ l.stat.lnk_source | basename }} {{ l.stat.mimetype }} {{ l.stat.attributes }} {{ l.stat.mode }} {{ l.stat.checksum | default('none') }}"
          - debug: msg="{{ lf.stat.islnk }} {{ lf.stat.isreg }} {{ lf.stat.checksum }} {{ lf.stat.inode == f.stat.inode }} {{ lf.stat.lnk_source | default('none') }}"
          - debug: msg="{{ d.stat.isdir }} {{ d.stat.mimetype }} {{ d.stat.charset }} {{ d.stat.checksum | default('none') }} {{ d.stat.device_type }}"
          - command: "true"
            register: r
            changed_when: false
            failed_when: r.rc != 0
          - debug: msg="{{ r.failed_when_result }} {{ r.changed_when_result | default('none') }}"
      """;

  /** The truth of conditions and tests, as Ansible 2.14 reads them: a bare string is true when not empty, a templated one is read again. */
  private static final Map<String, String> TRUTH = Map.of(
      "t.j2", "{% if s_false %}if-false-string{% else %}else{% endif %} {% if b_false %}x{% elif s_zero %}elif-zero-string{% endif %} "
          + "{{ s_false or \"or\" }} {{ \"\" or \"empty-or\" }}\n",
      "site.yml", """
      - hosts: all
        gather_facts: false
        vars:
          values: {s_false: "false", s_False: "False", s_no: "no", s_zero: "0", s_empty: "", s_yes: "yes", s_space: " ",
                   s_word: hello, b_false: false, i_zero: 0, i_one: 1, l_empty: [], d_empty: {}, n_none: null}
          s_false: "false"
          s_no: "no"
          s_zero: "0"
          s_true: "true"
          s_space: " "
          s_expr: "1 == 1"
          s_name: "b_false"
          b_false: false
          l_full: [0]
        tasks:
          - debug: msg="bare {{ item.key }}"
            when: item.value
            loop: "{{ values | dict2items }}"
          - debug: msg="not {{ item.key }}"
            when: not item.value
            loop: "{{ values | dict2items }}"
          - debug: msg="and {{ item.key }}"
            when: item.value and true
            loop: "{{ values | dict2items }}"
          - debug: msg="ternary {{ item.key }} {{ 'T' if item.value else 'F' }}"
            loop: "{{ values | dict2items }}"
          - template: {src: t.j2, dest: "{{ playbook_dir }}/out.txt"}
          - debug: msg="{{ lookup('file', playbook_dir + '/out.txt') }}"
          - {debug: msg="templated s_false", when: "{{ s_false }}"}
          - {debug: msg="templated s_zero", when: "{{ s_zero }}"}
          - {debug: msg="templated s_true", when: "{{ s_true }}"}
          - {debug: msg="templated s_expr", when: "{{ s_expr }}"}
          - {debug: msg="templated s_name", when: "{{ s_name }}"}
          - {debug: msg="templated b_false", when: "{{ b_false }}"}
          - {debug: msg="templated l_full", when: "{{ l_full }}"}
          - {debug: msg="templated s_no", when: "{{ s_no }}", ignore_errors: true}
          - {debug: msg="templated s_space", when: "{{ s_space }}", ignore_errors: true}
          - {debug: msg=x, no_log: true, register: r, failed_when: s_false, ignore_errors: true}
          - debug: msg="failed_when s_false {{ r is failed }} {{ r.failed_when_result }}"
          - {debug: msg="changed_when s_zero", changed_when: s_zero}
      """);

  /** Template files with their own delimiters, and the line breaks at their ends, as the template module writes them. */
  private static final Map<String, String> DELIMITERS = Map.ofEntries(
      Map.entry("a.j2", "#jinja2: variable_start_string: '[[', variable_end_string: ']]'\n[[ 1 + 1 ]] {{ x }} {% if true %}y{% endif %} {# c #}\n"),
      Map.entry("b.j2", "#jinja2: block_start_string: '<%', block_end_string: '%>', comment_start_string: '<#', comment_end_string: '#>'\n<% if true %>y<% endif %>{% x %}<# c #>{{ 3 }}\n"),
      Map.entry("c.j2", "#jinja2: block_start_string: \"[%\", block_end_string: \"%]\"\n[% raw %][[ {{ 1 }} [% endraw %] {{ 2 }}\n"),
      Map.entry("e.j2", "y {# c #}\n"),
      Map.entry("f.j2", "y {% if true %}z{% endif %}\n\n"),
      Map.entry("g.j2", "{{ v }}\n"),
      Map.entry("h.j2", "x"),
      Map.entry("i.j2", "#jinja2: keep_trailing_newline: True\nx\n"),
      Map.entry("j.j2", "#jinja2: newline_sequence: \"\\r\\n\"\na\n{% if true %}\nb\n{% endif %}\n\n"),
      Map.entry("site.yml", """
          - hosts: all
            gather_facts: false
            vars:
              v: "ends in a newline\\n"
            tasks:
              - template: {src: "{{ item }}.j2", dest: "{{ playbook_dir }}/{{ item }}.out"}
                loop: [a, b, c, e, f, g, h, i, j]
              - debug: msg="{{ item }} {{ lookup('file', playbook_dir + '/' + item + '.out', rstrip=false) | to_json }}"
                loop: [a, b, c, e, f, g, h, i, j]
          """));

  /**
   * include_tasks with a templated file name: in a role, in a loop, nested, under when: false, and naming no file read; files
   * with modules runbook lacks (another system's) that no host includes.
   */
  private static final Map<String, String> DYNAMIC_INCLUDES = Map.ofEntries(
      Map.entry("a.yml", "- debug: msg=\"a {{ item }}\"\n"),
      Map.entry("b.yml", "- debug: msg=\"b {{ item }}\"\n"),
      Map.entry("debian-more.yml", "- debug: msg=\"more for {{ flavour }}\"\n"),
      Map.entry("other-os.yml", "- yum: {name: x}\n"),
      Map.entry("roles/r/tasks/main.yml", "- include_tasks: \"{{ role_path }}/tasks/{{ part }}.yml\"\n  vars: {part: x}\n"),
      Map.entry("roles/r/tasks/x.yml", "- debug: msg=\"role part {{ part }} {{ ansible_role_name }}\"\n"),
      Map.entry("setup-debian.yml", "- debug: msg=\"debian {{ flavour }}\"\n- include_tasks: \"{{ flavour }}-more.yml\"\n"),
      Map.entry("setup-redhat.yml", "- debug: msg=\"redhat {{ undefined_here }}\"\n"),
      Map.entry("setup-solaris.yml", "- pkg5: {name: x}\n"),
      Map.entry("tasks/present.yml", "- debug: msg=\"present\"\n"),
      Map.entry("site.yml", """
          - hosts: all
            gather_facts: false
            vars:
              flavour: debian
            roles:
              - r
            tasks:
              - include_tasks: "setup-{{ flavour }}.yml"
              - include_tasks: "{{ item }}"
                loop: [b.yml, a.yml, b.yml]
              - include_tasks: "setup-{{ other | default('redhat') }}.yml"
                when: false
              - include_tasks: other-os.yml
                when: false
              - include_tasks: "{{ 'tasks/present' }}.yml"
              - include_tasks: "tasks/{{ 'missing' }}.yml"
          """));

  /** Python's str and dict methods in templates, and expressions the template library read otherwise. */
  private static final Map<String, String> METHODS = Map.of("site.yml", """
          - hosts: all
            gather_facts: false
            vars:
              host_name: " web-01.example.org "
              conf: {port: 8080, name: web}
              nothing: null
            tasks:
              - debug: msg="{{ host_name.split() | join('|') }} {{ host_name.strip().split('.') | join('|') }} {{ 'a,b,c'.split(',', 1) | join('|') }} {{ 'a b c'.rsplit(None, 1) | join('|') }}"
              - debug: msg="{{ 'x\\ny\\r\\n'.splitlines() | join('|') }} {{ host_name.strip().startswith(('db', 'web')) }} {{ host_name.rstrip().endswith('.org') }} {{ '--x--'.strip('-') }}"
              - debug: msg="{{ 'a-b-c'.replace('-', '+', 1) }} {{ 'Ab'.upper() }}{{ 'Ab'.lower() }} {{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }} {{ 'aB'.swapcase() }}"
              - debug: msg="{{ '{}:{}'.format(conf.name, conf.port) }} {{ '{1}{0}'.format('a', 'b') }} {{ ', '.join(['x', 'y']) }} {{ 'abcb'.find('b') }} {{ 'abcb'.rfind('b') }} {{ 'abcb'.count('b') }}"
              - debug: msg="{{ '7'.zfill(3) }} {{ 'ab'.center(6, '*') }} {{ 'ab'.ljust(4, '.') }}{{ 'ab'.rjust(4, '.') }} {{ 'k=v=w'.partition('=') | join('|') }} {{ 'k=v=w'.rpartition('=') | join('|') }}"
              - debug: msg="{{ '12'.isdigit() }} {{ 'ab'.isalpha() }} {{ 'a1'.isalnum() }} {{ ' '.isspace() }} {{ 'AB'.isupper() }} {{ 'ab'.islower() }}"
              - debug: msg="{{ conf.get('port') }} {{ conf.get('x', 'dflt') }} {{ conf.get('x') is none }} {{ conf.items() | map('first') | sort | join('|') }} {{ conf.keys() | sort | join('|') }} {{ conf.values() | map('string') | sort | join('|') }}"
              - debug:
                  msg: "{{ -1 }} {{ -7 // 2 }} {{ 2 - -1 }} x{{ nothing }}y {{ {'a': {'b': 1}}.a.b }} {{ conf | combine({'extra': {'deep': 1}}) | length }}"
          """);

  /** Boolean keywords written as templates (no_log, ignore_errors, check_mode, on a block too), rendered when the task runs. */
  private static final Map<String, String> TEMPLATED_KEYWORDS = Map.of("site.yml", """
          - hosts: all
            gather_facts: false
            vars:
              hide: true
              tolerate: "yes"
              once: false
            tasks:
              - debug: msg="secret stuff"
                no_log: "{{ hide }}"
              - command: "false"
                ignore_errors: "{{ tolerate }}"
              - block:
                  - debug: msg="in block"
                  - command: "false"
                    ignore_errors: false
                    register: r
                ignore_errors: "{{ tolerate | bool }}"
                rescue:
                  - debug: msg="rescued {{ r.rc }}"
              - debug: msg="check {{ ansible_check_mode }}"
                check_mode: "{{ once }}"
              - debug: msg="bad"
                no_log: "{{ 'maybe' }}"
              - debug: msg="after"
          """);

  /** command and shell's strip_empty_ends and executable, file's times, copy's local_follow: the link is made by the run itself. */
  private static final String ARGUMENTS = """
      - hosts: all
        gather_facts: false
        tasks:
          - command: printf 'a\\n\\n'
            register: kept
            args: {strip_empty_ends: false}
          - shell: printf 'b\\r\\n\\n' >&2
            register: stripped
          - debug: msg="{{ kept.stdout | to_json }} {{ kept.stdout_lines | to_json }} {{ stripped.stderr | to_json }} {{ stripped.stderr_lines | to_json }}"
          - shell: echo ${BASH_VERSINFO[0]:-none} $0
            args: {executable: /bin/bash}
            register: b
          - command: echo $0
            args: {executable: /bin/bash}
            register: c
          - debug: msg="{{ b.stdout is match('[0-9]+ /bin/bash') }} {{ c.stdout }} {{ c.warnings }}"
          - file: {path: "{{ playbook_dir }}/t", state: touch, modification_time: "202001011200.00", access_time: preserve}
            register: t1
          - file: {path: "{{ playbook_dir }}/t", state: touch, modification_time: "202001011200.00", access_time: preserve}
            register: t2
          - file: {path: "{{ playbook_dir }}/t", modification_time: "1 Jan 2020 12:00", modification_time_format: "%d %b %Y %H:%M"}
            register: t3
          - file: {path: "{{ playbook_dir }}/t", state: touch}
            register: t4
          - file: {path: "{{ playbook_dir }}/t", modification_time: "yesterday"}
            register: t5
            ignore_errors: true
          - debug: msg="{{ t1.changed }} {{ t2.changed }} {{ t3.changed }} {{ t4.changed }} {{ t5.msg }}"
          - file: {src: real.conf, dest: "{{ playbook_dir }}/files/tree/alias.conf", state: link}
          - copy: {src: tree/, dest: "{{ playbook_dir }}/kept", local_follow: false}
          - copy: {src: tree/, dest: "{{ playbook_dir }}/followed"}
          - copy: {src: tree/, dest: "{{ playbook_dir }}/kept", local_follow: false}
            register: again
          - debug: msg="{{ lookup('pipe', 'readlink ' ~ playbook_dir ~ '/kept/alias.conf') }} {{ lookup('file', playbook_dir ~ '/followed/alias.conf') }} {{ again.changed }}"
      """;

  /** A vault-encrypted file copied decrypted, and as it is with decrypt: false (password "pw"). */
  private static final Map<String, String> VAULTED_COPY = Map.of("pass", "pw\n", "files/key", """
      $ANSIBLE_VAULT;1.1;AES256
      65643966326363366434636663666139373735356263323862306566383232626136386363393334
      3130623263366233626139646162303133303434656263350a613065383866653932643937373434
      61613438363333636533373165396562316665353931393230613530306338653862363331373037
      6231633262373536620a303161653238386164373531353137333364393330663236343337356439
      3236
      """, "site.yml", """
      - hosts: all
        gather_facts: false
        tasks:
          - copy: {src: key, dest: "{{ playbook_dir }}/plain"}
          - copy: {src: key, dest: "{{ playbook_dir }}/sealed", decrypt: false}
          - debug: msg="{{ lookup('pipe', 'cat ' ~ playbook_dir ~ '/plain') == 'secret' }} {{ lookup('pipe', 'head -c 14 ' ~ playbook_dir ~ '/sealed') }}"
      """);

  /** git on a local repository made by the playbook: clone, converged, a tag, local changes with and without force, versions. */
  private static final Map<String, String> GIT = Map.of("site.yml", """
          - hosts: all
            gather_facts: false
            vars:
              repo: "file://{{ playbook_dir }}/repo.git"
            tasks:
              - shell: |
                  git init -q -b main src && cd src && echo x > f && git add f
                  git -c user.email=a@b -c user.name=a commit -q -m one && git tag v1 && git -c user.email=a@b -c user.name=a tag -a v2 -m v2
                  cd .. && git clone -q --bare src repo.git
                args: {chdir: "{{ playbook_dir }}", creates: "{{ playbook_dir }}/repo.git"}
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w1"}
                register: a
              - debug: msg="a {{ a.changed }} {{ a.before }} {{ a.after == lookup('pipe', 'git -C ' + playbook_dir + '/repo.git rev-parse main') }} {{ a.remote_url_changed | default('U') }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w1"}
                register: b
              - debug: msg="b {{ b.changed }} {{ b.before == b.after }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w2", version: v1}
                register: c
              - debug: msg="c {{ c.changed }} {{ c.before }}"
              - copy: {content: "changed\\n", dest: "{{ playbook_dir }}/w1/f"}
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w1"}
                register: d
                ignore_errors: true
              - debug: msg="d {{ d.failed }} {{ d.msg | replace(playbook_dir, 'DIR') }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w1", force: true}
                register: e
              - debug: msg="e {{ e.changed }} {{ lookup('file', playbook_dir + '/w1/f') }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w3", version: nosuch}
                register: f
                ignore_errors: true
              - debug: msg="f {{ f.failed }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w1", version: v2}
                register: g
              - debug: msg="g {{ g.changed }} {{ g.after == lookup('pipe', 'git -C ' + playbook_dir + '/repo.git rev-parse v2^{commit}') }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w4", clone: false}
                register: h
              - debug: msg="h {{ h.before }} {{ h.after == lookup('pipe', 'git -C ' + playbook_dir + '/repo.git rev-parse main') }}"
              - git: {repo: "{{ repo }}", dest: "{{ playbook_dir }}/w1", update: false, version: main}
                register: i
              - debug: msg="i {{ i.changed }} {{ i.before == i.after }}"
          """);

  static Stream<Case> cases() {
    return Stream.of(
        new Case("roles: defaults under the inventory, vars over the play's, public from the start; dependencies first with their "
            + "parameters; a role twice with the same parameters runs once; the role's templates/", with(ROLES_A_B, "site.yml", """
            - hosts: all
              gather_facts: false
              vars:
                over_play: play
              pre_tasks:
                - debug: msg="pre a_def={{ a_def | default('U') }} a_var={{ a_var | default('U') }} shared={{ shared }} over_play={{ over_play }}"
              roles:
                - a
                - role: a
                - {role: b, p: 2}
              tasks:
                - debug: msg="tasks a_def={{ a_def | default('U') }}"
                - include_role: {name: a, tasks_from: other}
            """), List.of(),
            List.of("pre a_def=from-a-defaults a_var=from-a-vars shared=inventory over_play=a-vars", "b main p=1 b a_var=from-a-vars",
                "a main from-a-defaults from-a-vars a-vars a a p=none shared=inventory b_def=from-b-defaults", "b main p=2 b a_var=from-a-vars",
                "tasks a_def=from-a-defaults", "a other from-a-defaults"),
            "localhost : ok=7 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("import_role is public from the start and runs again; include_role is private, or public once it ran; a role's handler "
            + "notified as ROLE : NAME", with(ROLES_A_B, "site.yml", """
            - hosts: all
              gather_facts: false
              pre_tasks:
                - debug: msg="pre b_def={{ b_def | default('U') }} c={{ c_def | default('U') }}"
              tasks:
                - import_role: {name: b}
                  vars: {p: 5}
                - import_role: {name: b}
                  vars: {p: 5}
                - include_role: {name: c, public: false}
                - debug: msg="after private c={{ c_def | default('U') }}"
                - include_role: {name: c, public: true}
                - debug: msg="after public c={{ c_def | default('U') }}"
                - command: "true"
                  notify: "c : hc"
            """), List.of(),
            List.of("pre b_def=from-b-defaults c=U", "b main p=5 b a_var=U", "b main p=5 b a_var=U", "c C", "after private c=U", "c C",
                "after public c=C", "RUNNING HANDLER [c : hc]", "handler-c"),
            "localhost : ok=9 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("tasks_from, vars_from, defaults_from, handlers_from, apply; the role's files/; a skipped import_role still public",
            with(ROLE_WEB, "site.yml", """
            - hosts: all
              gather_facts: false
              tasks:
                - include_role:
                    name: web
                    tasks_from: setup
                    vars_from: alt
                    defaults_from: alt
                    handlers_from: alt
                    apply:
                      tags: [web]
                  tags: [web]
                - import_role: {name: web}
                  when: false
                - debug: msg="after {{ port | default('U') }} {{ flavour | default('U') }}"
            """), List.of(),
            List.of("web setup 8080 alt web", "web more", "after 80 main", "RUNNING HANDLER [web : reload web]", "alt handler alt"),
            "localhost : ok=6 changed=2 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0"),
        new Case("--tags with apply: the included tasks carry the tags", with(ROLE_WEB, "site.yml", """
            - hosts: all
              gather_facts: false
              tasks:
                - include_role: {name: web, tasks_from: setup, handlers_from: alt, apply: {tags: [web]}}
                  tags: [web]
                - debug: msg="untagged"
            """), List.of("--tags", "web"),
            List.of("web setup 80 main web", "web more", "RUNNING HANDLER [web : reload web]", "alt handler main"),
            "localhost : ok=5 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("an include's when and tags are its own, decided once; an import's reach every task; include_tasks counts, "
            + "include_role only when skipped", INCLUDES, List.of(),
            List.of("t1", "t2", "c1", "c2", "t1", "t2"), "localhost : ok=7 changed=0 unreachable=0 failed=0 skipped=4 rescued=0 ignored=0"),
        new Case("--tags on includes: the untagged tasks they include are not selected", INCLUDES, List.of("--tags", "x"),
            List.of("t1", "t2"), "localhost : ok=3 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("import_playbook: the plays in place, its vars over theirs, playbook_dir and templates/ beside the imported file",
            IMPORTED, List.of(), List.of("first " + "{dir}", "other x=from-import y=from-import sub", "last"),
            "localhost : ok=4 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("import_playbook's tags reach its plays", IMPORTED, List.of("--tags", "imp"),
            List.of("other x=from-import y=from-import sub"), "localhost : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("include_vars: a file in vars/ (the role's first), a dir beside the runbook (depth, files_matching, ignore_files), "
            + "name; over task vars, under set_fact", INCLUDED_VARS, List.of(),
            List.of("a=1 b=from-common", "b=from-more c=3 d=4 e=U n=2", "3 U", "from-common from-more", "after set_fact fact",
                "role role-vars-file"),
            "localhost : ok=13 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("loop_control (loop_var, index_var, extended, pause, label), until/retries/delay with attempts, a loop over "
            + "include_tasks; a failed command that ran counts as changed when ignored. Ansible 2.14 registers attempts=2 for the "
            + "three runs of retries: 2 that never succeed: runbook says 3", LOOPS, List.of(),
            List.of("a 0 1 0 3 2 True False 3 U b ['a', 'b', 'c']", "b 1 2 1 2 1 False False 3 a c ['a', 'b', 'c']",
                "c 2 3 2 1 0 False True 3 b U ['a', 'b', 'c']", "FAILED - RETRYING: [localhost]: command (5 retries left).",
                "FAILED - RETRYING: [localhost]: command (4 retries left).", "attempts=3 3",
                "FAILED - RETRYING: [localhost]: command (2 retries left).", "FAILED - RETRYING: [localhost]: command (1 retries left).",
                "attempts=3 failed=True", "inc x 0", "inc y 1"),
            "localhost : ok=9 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1"),
        new Case("lookup, query and q with every lookup, wantlist and errors; every with_<lookup> loop; the password kept in a 0600 "
            + "file", LOOKUPS, List.of(),
            List.of("hello|True|piped",
                "x=hi\\n",
                "hi ['web_port', 'web_host'] web_port,web_host",
                "b.conf ['b.conf']",
                "[1, [2, 3]] [1, 2] [{'key': 'k1', 'value': 1}, {'key': 'k2', 'value': 'two'}] ['1', '3', '5'] ['x02', 'x03', 'x04']",
                "3 [[1, 'a'], [2, None]] [[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']] 2",
                "admin 5432 www users",
                "True [] ['']",
                "12 True True",
                "k1=1",
                "k2=two",
                "a-g1",
                "a-g2",
                "b-g3",
                "1",
                "2",
                "3",
                "1a",
                "2a",
                "a.txt",
                "1a",
                "2b",
                "0a",
                "1b",
                "[1, 2]",
                "3",
                "a.txt"),
            "localhost : ok=19 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("handlers notified in pre_tasks run before the roles and tasks, those of tasks before post_tasks", HANDLERS_BETWEEN_SECTIONS,
            List.of(), List.of("RUNNING HANDLER [h]", "handler", "task", "RUNNING HANDLER [h]", "handler", "post"),
            "localhost : ok=6 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("--tags that select no task: nothing runs, no host in the recap", HANDLERS_BETWEEN_SECTIONS, List.of("--tags", "nothing"),
            List.of(), ""),
        new Case("order, ansible_play_batch, ansible_play_hosts_all, ansible_run_tags, ansible_skip_tags, ansible_version", ORDER,
            List.of("--skip-tags", "x,y"), List.of("task ['h3', 'h2', 'h1'] ['h1', 'h2', 'h3'] ['all'] ['x', 'y'] 2", "h3", "h2", "h1"),
            "h1 : ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("meta end_batch where its condition holds, clear_host_errors (the failed host is back in the next play), "
            + "refresh_inventory", METAS, List.of(),
            List.of("after clear h2", "end h2", "after clear h3", "next play h1", "next play h2", "next play h3"),
            "h1 : ok=1 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0"),
        new Case("throttle: 1 on a block runs its task on one host at a time (without it, two mkdir of one lock collide); throttle: 0 is "
            + "no limit; collections on a play and a task", THROTTLED, List.of(), List.of("h1", "h2", "h3"),
            "h1 : ok=3 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("ansible_failed_task and ansible_failed_result in rescue: an unnamed task's name is empty; they stay set after it, "
            + "in the next play too", Map.of("site.yml", FAILED_IN_RESCUE), List.of(),
            List.of("before U", "rescue breaks command 1 non-zero return code True", "rescue2  fail second", "after  second", "next play "),
            "localhost : ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=2 ignored=0"),
        new Case("module_defaults of a play (its roles too: a required path given there), a block and a task, by any of a module's "
            + "names; an inner level's defaults of a module replace the outer ones whole; in a list the later wins", MODULE_DEFAULTS, List.of(),
            List.of("play default", "own", "block default localhost", "task default", "Hello world!", "second", "0600"),
            "localhost : ok=9 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("group_by (with parents; the host is no longer ungrouped) and add_host (once for the play, in a loop too, with "
            + "variables and groups): later plays target them", INVENTORY_CHANGES, List.of(),
            List.of("h1 ['kind_web', 'servers']", "h2 ['kind_db', 'servers']", "['h1', 'h2'] ['n1', 'n2'] [] ['h1', 'h2', 'new-h1', 'n1', 'n2']",
                "db h2", "added new-h1 blue ['added', 'extra']", "added n1 U ['looped']", "added n2 U ['looped']"),
            "h1 : ok=5 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("-u is ansible_user beneath every variable: a play's vars win", Map.of("site.yml", FLAGS), List.of("-u", "bob"),
            List.of("user bob", "first", "second", "third", "user alice"),
            "localhost : ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("-b and --become-user are beneath a play's become keyword and an ansible_become variable", Map.of("site.yml", NOT_BECOMING),
            List.of("-b", "--become-user", "nobody"), List.of("keyword " + System.getProperty("user.name"), "variable " + System.getProperty("user.name")),
            "localhost : ok=4 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("--start-at-task with an fnmatch pattern: the first match is inside a block; what follows runs, in every play",
            Map.of("site.yml", FLAGS), List.of("--start-at-task", "sec*"), List.of("second", "third", "user alice"),
            "localhost : ok=3 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("issue-9 semantics: a rescued failure under any_errors_fatal, serial and mode omitted, k=v around a template, "
            + "a templated set_fact key and its boolean words, undefined only where not reached, a shown ansible_facts learns nothing",
            Map.of("site.yml", """
            - hosts: all
              gather_facts: false
              any_errors_fatal: true
              tasks:
                - block:
                    - command: /bin/false
                  rescue:
                    - debug: msg="rescued {{ ansible_failed_result.rc }}"
                  always:
                    - debug: msg=always
            - hosts: all
              gather_facts: false
              serial: "{{ batch | default(omit) }}"
              vars: {dir: "{{ playbook_dir }}"}
              tasks:
                - stat: path={{ dir }}/site.yml get_checksum=no
                  register: st
                - file: {path: "{{ dir }}/made", state: directory, mode: "{{ m | default(omit) }}"}
                - set_fact:
                    "{{ 'k' ~ 'ey' }}": "{{ st.stat.exists }}"
                    yes_word: "yes"
                    false_word: "{{ 'False' }}"
                    on_word: "on"
                - debug: msg="{{ key }} {{ yes_word is sameas true }} {{ false_word is sameas false }} {{ on_word }}"
                - debug: msg="{{ never_defined }}"
                  when: false
                - debug: msg="{{ never_defined }}"
                  ignore_errors: true
                - debug: {msg: "{{ omit }}"}
            - hosts: all
              gather_facts: false
              tasks:
                - setup: {gather_subset: [min]}
                - debug: var=ansible_facts
                  register: shown
                - debug: msg="{{ system | default('not a variable') }} {{ shown.ansible_facts.system }}"
            """), List.of(),
            List.of("rescued 1", "always", "True True True on", "Hello world!", "not a variable Linux"),
            "localhost : ok=11 changed=1 unreachable=0 failed=0 skipped=1 rescued=1 ignored=1"),
        new Case("--start-at-task with a name", Map.of("site.yml", FLAGS), List.of("--start-at-task", "third", "-u", "bob"),
            List.of("third", "user alice"), "localhost : ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("known_hosts: a changed key replaces the first line of its type (a list of names too), names without case, a hashed line "
            + "matched, absent with and without a key, a port, a new file, the two refusals", Map.of("site.yml", KNOWN_HOSTS), List.of(),
            List.of("True False True False True False False True",
                "Host parameter does not match hashed host field in supplied key / No key specified when adding a host",
                "# ours\\n|1|gUyMsLm80TQhiJSaL1BCfpGehRo=|wQvArwjQ8+/UkOzKKXnITzKu1Yc= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJAk/521yEe+1WhhoHRmJYT309BfFGSTDuEp4DT3bOP8\\n[web2]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILttGVN1cO7QYUY0nmo01xVo/ddoz0atAk10SMe8V2dQ\\nweb1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILttGVN1cO7QYUY0nmo01xVo/ddoz0atAk10SMe8V2dQ",
                "web3 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDPDdectgCQrX/zLcKlr6fDzK9nrIkou5zKwM8iN3YRI+jG+sUNWNYXrNPs/NCN4pHn0vgPqLPC2R3IWDFWs+yHMJC+gAeXzMXc7jtiXoCL+FuQScTgVUtLf1cVstuNOUPBriO446u6iYQtbMLivLSPh+iYm0m2iOr2FNONsGDlzQ=="),
            "localhost : ok=15 changed=5 unreachable=0 failed=0 skipped=0 rescued=0 ignored=2"),
        new Case("debconf: set, converged, changed; booleans in lower case; unseen and the argument aliases; no question reads the "
            + "answers; question, vtype and value go together", Map.of("site.yml", DEBCONF), List.of(),
            List.of("True False True True False True False", "{'rbtest/colour': 'green'} {'rbtest/colour': 'blue'} green true x",
                "parameters are required together: question, vtype, value", "  rbtest/later: x, * rbtest/colour: green, * rbtest/enabled: true"),
            "localhost : ok=14 changed=6 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1"),
        // Ansible printed "nobody None": its answer without a default is the text "None"; runbook's is None, printed as nothing
        new Case("vars_prompt without a terminal takes the defaults (None without one)", Map.of("site.yml", PROMPTS), List.of(),
            List.of("nobody "), "localhost : ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("get_url and unarchive: changed, then ok; a checksum that does not match fails; dest must be a directory", DOWNLOADS, List.of(),
            List.of("first True f572d396fae9206628714fb2ce00f72e94f2258f 6 got.txt", "again False", "forced False True",
                "checksum False file already exists", "mode True", "wrong True", "unpacked True TgzArchive tree/,tree/t.txt", "again False",
                "dest 'DIR/nowhere' must be an existing dir"),
            "localhost : ok=21 changed=7 unreachable=0 failed=0 skipped=0 rescued=0 ignored=2"),
        new Case("async with poll (done, and run out), poll: 0 read back by async_status (failed with the command), a loop of jobs, "
            + "a job that is not there", ASYNC, List.of(),
            List.of("a hi 0 1 1 True True True", "b async task did not complete within the requested time - 1s False 0", "c 0 1 True U",
                "s 1 3 done ['err'] non-zero return code True True", "l ['x', 'y'] True", "n could not find job 1 1"),
            "localhost : ok=13 changed=4 unreachable=0 failed=0 skipped=0 rescued=0 ignored=3"),
        new Case("stat registers Ansible's fields (the same keys for a file, a link, a followed link, a directory; values as stat -c "
            + "reads them); failed_when_result is registered, changed_when has no key", Map.of("site.yml", STAT), List.of(),
            List.of("atime,attr_flags,attributes,block_size,blocks,charset,checksum,ctime,dev,device_type,executable,exists,gid,gr_name,inode,isblk,ischr,isdir,isfifo,isgid,islnk,isreg,issock,isuid,mimetype,mode,mtime,nlink,path,pw_name,readable,rgrp,roth,rusr,size,uid,version,wgrp,woth,writeable,wusr,xgrp,xoth,xusr",
                "atime,attr_flags,attributes,block_size,blocks,charset,ctime,dev,device_type,executable,exists,gid,gr_name,inode,isblk,ischr,isdir,isfifo,isgid,islnk,isreg,issock,isuid,lnk_source,lnk_target,mimetype,mode,mtime,nlink,path,pw_name,readable,rgrp,roth,rusr,size,uid,version,wgrp,woth,writeable,wusr,xgrp,xoth,xusr",
                "atime,block_size,blocks,checksum,ctime,dev,device_type,executable,exists,gid,gr_name,inode,isblk,ischr,isdir,isfifo,isgid,islnk,isreg,issock,isuid,mode,mtime,nlink,path,pw_name,readable,rgrp,roth,rusr,size,uid,wgrp,woth,writeable,wusr,xgrp,xoth,xusr",
                "atime,attr_flags,attributes,block_size,blocks,charset,ctime,dev,device_type,executable,exists,gid,gr_name,inode,isblk,ischr,isdir,isfifo,isgid,islnk,isreg,issock,isuid,mimetype,mode,mtime,nlink,path,pw_name,readable,rgrp,roth,rusr,size,uid,version,wgrp,woth,writeable,wusr,xgrp,xoth,xusr",
                "same True", "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 4755 True False True text/plain us-ascii True True True",
                "True f.txt f.txt inode/symlink [] 0777 none", "False True f572d396fae9206628714fb2ce00f72e94f2258f True none",
                "True inode/directory binary none 0", "False none"),
            "localhost : ok=17 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("conditions: a bare string is true when not empty (\"false\" too, in not, and, if-else and {% if %}); a templated "
            + "one is read again as an expression (\"false\" and \"0\" false, \"no\" undefined, spaces not an expression)", TRUTH, List.of(),
            List.of(
            "bare s_false",
            "bare s_False",
            "bare s_no",
            "bare s_zero",
            "bare s_yes",
            "bare s_space",
            "bare s_word",
            "bare i_one",
            "not s_empty",
            "not b_false",
            "not i_zero",
            "not l_empty",
            "not d_empty",
            "not n_none",
            "and s_false",
            "and s_False",
            "and s_no",
            "and s_zero",
            "and s_yes",
            "and s_space",
            "and s_word",
            "and i_one",
            "ternary s_false T",
            "ternary s_False T",
            "ternary s_no T",
            "ternary s_zero T",
            "ternary s_empty F",
            "ternary s_yes T",
            "ternary s_space T",
            "ternary s_word T",
            "ternary b_false F",
            "ternary i_zero F",
            "ternary i_one T",
            "ternary l_empty F",
            "ternary d_empty F",
            "ternary n_none F",
            "if-false-string elif-zero-string false empty-or",
            "templated s_true",
            "templated s_expr",
            "templated l_full",
            "failed_when s_false True True",
            "changed_when s_zero"),
            "localhost : ok=14 changed=2 unreachable=0 failed=0 skipped=4 rescued=0 ignored=3"),
        new Case("#jinja2: variable, block and comment strings of a template's own (a raw block, Jinja's delimiters as text); the "
            + "line breaks at a template's end (trim_blocks, keep_trailing_newline, newline_sequence)", DELIMITERS, List.of(),
            List.of(
                "a \\\"2 {{ x }} y \\\\n\\\"",
                "b \\\"y{% x %}3\\\\n\\\"",
                "c \\\"[[ {{ 1 }}  2\\\\n\\\"",
                "e \\\"y \\\\n\\\"",
                "f \\\"y z\\\\n\\\\n\\\"",
                "g \\\"ends in a newline\\\\n\\\"",
                "h \\\"x\\\"",
                "i \\\"x\\\\n\\\"",
                "j \\\"a\\\\r\\\\nb\\\\r\\\\n\\\\r\\\\n\\\""),
            "localhost : ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("include_tasks of a templated file name: picked per host and item from the files read at load time; the tasks and "
            + "problems of one not reached do not count; a name that gives no such file fails the host", DYNAMIC_INCLUDES,
            List.of(), List.of(
                "role part x r",
                "debian debian",
                "more for debian",
                "b b.yml",
                "a a.yml",
                "b b.yml",
                "present"),
            "localhost : ok=14 changed=0 unreachable=0 failed=1 skipped=2 rescued=0 ignored=0"),
        new Case("Python's str and dict methods (split on whitespace or a separator, strip, startswith a tuple, format, get, items, "
            + "...); a leading minus; None as nothing in text; }} inside a dict", METHODS, List.of(), List.of(
                "web-01.example.org web-01|example|org a|b,c a b|c",
                "x|y True True x",
                "a+b-c ABab Hello World Hello Ab",
                "web:8080 ba x, y 1 3 2",
                "007 **ab** ab....ab k|=|v=w k=v|=|w",
                "True True True True True True",
                "8080 dflt True name|port name|port 8080|web",
                "-1 -4 3 xy 1 3"),
            "localhost : ok=8 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        new Case("boolean keywords as templates: no_log, ignore_errors (a task's own false wins over its block's template), check_mode; "
            + "one that renders to no boolean fails the task", TEMPLATED_KEYWORDS, List.of(),
            List.of("in block", "rescued 1", "check False"),
            "localhost : ok=5 changed=1 unreachable=0 failed=1 skipped=0 rescued=1 ignored=1"),
        new Case("strip_empty_ends false keeps the ends (lines as splitlines makes them); shell's executable; command's is warned "
            + "about and not used; file's given times change once, touch's default always; copy with local_follow false keeps links",
            Map.of("site.yml", ARGUMENTS, "files/tree/real.conf", "real\n"), List.of(),
            List.of("\\\"a\\\\n\\\\n\\\" [\\\"a\\\", \\\"\\\"] \\\"b\\\" [\\\"b\\\"]",
                "True $0 [\\\"As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '/bin/bash'.\\\"]",
                "True False False True Error while obtaining timestamp for time yesterday using format %Y%m%d%H%M.%S: time data 'yesterday' does not "
                    + "match format '%Y%m%d%H%M.%S'",
                "real.conf real False"),
            "localhost : ok=17 changed=9 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1"),
        new Case("copy decrypts a vault-encrypted src, unless decrypt is false", VAULTED_COPY, List.of("--vault-password-file", "{dir}/pass"),
            List.of("True $ANSIBLE_VAULT"), "localhost : ok=3 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"),
        // Ansible counts 6 changed: with clone: false and no clone it says changed, though it changes nothing (h)
        new Case("git: a clone, then converged; a tag; local modifications refused, then discarded with force; a version the "
            + "remote lacks; an annotated tag at the same commit; clone and update false", GIT, List.of(), List.of(
                "a True  True U",
                "b False True",
                "c True ",
                "d True Local modifications exist in the destination: DIR/w1 (force=no).",
                "e True x",
                "f True",
                "g False True",
                "h  True",
                "i False True"),
            "localhost : ok=20 changed=5 unreachable=0 failed=0 skipped=0 rescued=0 ignored=2"),
        new Case("vars_prompt: extra vars are the answers", Map.of("site.yml", PROMPTS), List.of("-e", "who=me", "-e", "pw=x"),
            List.of("me x"), "localhost : ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void runsAsAnsiblePlaybookRan(Case c) throws IOException {
    write("inv.yml", INVENTORY);
    for (var file : c.files().entrySet()) {
      write(file.getKey(), file.getValue());
    }
    List<String> args = new ArrayList<>(List.of("apply", "-i", dir.resolve("inv.yml").toString(), dir.resolve("site.yml").toString()));
    c.args().stream().map(arg -> arg.replace("{dir}", dir.toString())).forEach(args::add);
    Command run = Command.run(args.toArray(String[]::new));
    List<String> expected = c.printed().stream().map(line -> line.replace("{dir}", dir.getFileName().toString())).toList();
    assertEquals(expected, printed(run.out()), run.toString());
    assertEquals(c.recap(), run.out().lines().filter(l -> l.contains(" : ok=")).map(l -> l.strip().replaceAll("\\s+", " ")).findFirst()
        .orElse(""), run.toString());
  }

  @org.junit.jupiter.api.Test
  void thePasswordLookupKeepsItsPasswordInA0600File() throws IOException {
    runsAsAnsiblePlaybookRan(cases().filter(c -> c.files() == LOOKUPS).findFirst().orElseThrow());
    Path kept = dir.resolve("secret/pw.txt");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
    assertEquals(true, Files.readString(kept).matches("[0-9]{12}\n"), Files.readString(kept));
  }

  /** The debug messages, handler banners and retries, in order. */
  private static List<String> printed(String out) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("^\\s*\"msg\" ?: \"(.*)\",?$|^(RUNNING HANDLER \\[[^]]*\\]|FAILED - RETRYING: .*)", Pattern.MULTILINE)
        .matcher(out);
    while (m.find()) {
      found.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return found;
  }

  private static Map<String, String> with(Map<String, String> files, String name, String content) {
    Map<String, String> all = new java.util.LinkedHashMap<>(files);
    all.put(name, content);
    return all;
  }

  private void write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
