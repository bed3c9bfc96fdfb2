package runbook.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import runbook.model.Async;
import runbook.model.Block;
import runbook.model.Play;
import runbook.model.Step;
import runbook.model.Task;

/** Good runbooks become the expected model: one play per case, one property looked at. */
class RunbookModelTest {
  @TempDir Path dir;

  record Case(String name, String tasks, Function<Play, Object> actual, Object expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case task(String name, String task, Function<Task, Object> actual, Object expected) {
    return new Case(name, "  tasks:\n" + task.indent(4), play -> actual.apply((Task) play.tasks().get(0)), expected);
  }

  private static Case play(String name, String body, Function<Play, Object> actual, Object expected) {
    return new Case(name, body, actual, expected);
  }

  /** block(children|rescue|always) and module names: the shape of a step list. */
  static String outline(List<Step> steps) {
    return steps.stream().map(step -> step instanceof Block b
        ? "block(" + outline(b.block()) + "|" + outline(b.rescue()) + "|" + outline(b.always()) + ")"
        : ((Task) step).module()).collect(Collectors.joining(","));
  }

  static Stream<Case> cases() {
    return Stream.of(
        task("free-form command keeps its text, trailing own args split off",
            "- command: ls -l \"my dir\" chdir=/tmp creates=/tmp/x", Task::args,
            Map.of("_raw_params", "ls -l \"my dir\"", "chdir", "/tmp", "creates", "/tmp/x")),
        task("k=v words before the end of a free-form command stay in the command",
            "- command: echo chdir=/x done", Task::args, Map.of("_raw_params", "echo chdir=/x done")),
        task("k=v text with quoted values", "- copy: dest=/tmp/x content=\"hello world\"", Task::args,
            Map.of("dest", "/tmp/x", "content", "hello world")),
        task("args: merged under the module's own", "- copy: {dest: /a}\n  args: {dest: /b, content: hi}", Task::args,
            Map.of("dest", "/a", "content", "hi")),
        task("ansible.builtin prefix", "- ansible.builtin.copy: dest=/a content=x", Task::module, "copy"),
        task("ansible.legacy prefix", "- ansible.legacy.command: ls", Task::module, "command"),
        task("an alias becomes the argument's name", "- file: dest=/a state=absent", Task::args, Map.of("path", "/a", "state", "absent")),
        task("STR arguments keep their text as written", "- file:\n    path: /a\n    mode: 0644", t -> t.args().get("mode"), "0644"),
        task("a template is not type-checked", "- copy: dest=/a backup=\"{{ b }}\"", t -> t.args().get("backup"), "{{ b }}"),
        task("where an argument was written", "- copy:\n    dest: /a\n    content: x",
            t -> t.argLocations().get("content").line() + ":" + t.argLocations().get("content").column(), "5:18"),
        task("with_items flattened one level", "- command: echo {{ item }}\n  with_items: [[a, b], c]", Task::loop, List.of("a", "b", "c")),
        task("loop kept as written", "- command: echo {{ item }}\n  loop: [[a, b], c]", Task::loop, List.of(List.of("a", "b"), "c")),
        task("loop over a template", "- command: echo {{ item }}\n  loop: \"{{ packages }}\"", Task::loop, "{{ packages }}"),
        task("loop_control loop_var and label", "- command: echo {{ pkg }}\n  loop: [a]\n  loop_control: {loop_var: pkg, label: \"{{ pkg }}\"}",
            Task::loopVar, "pkg"),
        task("loop variable defaults to item", "- command: ls", Task::loopVar, "item"),
        task("when as a list", "- command: ls\n  when: [a, b is defined]", t -> t.keywords().when(), List.of("a", "b is defined")),
        task("changed_when false", "- command: ls\n  changed_when: false", Task::changedWhen, List.of("false")),
        task("failed_when string", "- command: ls\n  failed_when: \"'x' in out.stdout\"", Task::failedWhen, List.of("'x' in out.stdout")),
        task("tags as a comma list", "- command: ls\n  tags: web, db", t -> t.keywords().tags(), List.of("web", "db")),
        task("keywords", "- command: ls\n  become: yes\n  become_user: www\n  ignore_errors: true\n  register: out\n  no_log: on",
            t -> List.of(t.keywords().become(), t.keywords().becomeUser(), t.keywords().ignoreErrors(), t.register(), t.keywords().noLog()),
            List.of(true, "www", true, "out", true)),
        task("async with poll", "- command: ls\n  async: 60\n  poll: 5", Task::async, new Async(60, 5)),
        task("async without poll polls every 15 seconds, as Ansible", "- command: ls\n  async: \"{{ limit }}\"", Task::async,
            new Async("{{ limit }}", 15)),
        task("async 0, or poll alone, runs attached", "- command: ls\n  async: 0\n  poll: 0", t -> String.valueOf(t.async()), "null"),
        task("meta flush_handlers", "- meta: flush_handlers", t -> List.of(t.module(), t.args()),
            List.of("meta", Map.of("_raw_params", "flush_handlers"))),
        play("notify as a string", "  tasks:\n    - command: ls\n      notify: restart web\n  handlers:\n    - name: restart web\n      command: x",
            p -> ((Task) p.tasks().get(0)).notifies(), List.of("restart web")),
        play("handlers with listen", "  handlers:\n    - name: restart web\n      service: name=apache2\n      listen: [web changed]",
            p -> p.handlers().get(0).listen(), List.of("web changed")),
        play("block, rescue and always nest", """
              tasks:
                - block:
                    - command: a
                    - block:
                        - copy: dest=/a content=x
                      rescue:
                        - debug: msg=inner
                  rescue:
                    - command: b
                  always:
                    - debug: msg=done
            """, p -> outline(p.tasks()), "block(command,block(copy|debug|)|command|debug)"),
        play("block keywords", "  tasks:\n    - name: guarded\n      when: ok\n      become: true\n      block:\n        - command: a",
            p -> List.of(((Block) p.tasks().get(0)).name(), ((Block) p.tasks().get(0)).keywords().when(), ((Block) p.tasks().get(0)).keywords().become()),
            List.of("guarded", List.of("ok"), true)),
        play("pre_tasks, tasks, post_tasks in that order",
            "  post_tasks:\n    - debug: msg=post\n  tasks:\n    - copy: dest=/a content=x\n  pre_tasks:\n    - command: pre",
            p -> outline(p.tasks()), "command,meta,copy,meta,debug"),
        play("import_tasks inlined as a block with the import's keywords",
            "  tasks:\n    - import_tasks: setup.yml\n      when: fresh\n      tags: setup\n      vars: {v: 1}",
            p -> List.of(outline(p.tasks()), ((Block) p.tasks().get(0)).keywords().when(), ((Block) p.tasks().get(0)).keywords().tags(),
                ((Block) p.tasks().get(0)).keywords().vars()),
            List.of("block(command,block(include_tasks,debug||)||)", List.of("fresh"), List.of("setup"), Map.of("v", 1))),
        play("vars_files merged over vars, in order", "  vars: {a: 1, b: 1}\n  vars_files: [vars/one.yml, vars/two.yml]",
            Play::vars, Map.of("a", 1, "b", 2, "c", 3, "d", true)),
        play("play keywords", "  name: web\n  become: true\n  serial: [1, \"30%\"]\n  max_fail_percentage: 20\n  any_errors_fatal: true\n  gather_facts: no",
            p -> List.of(p.name(), p.become(), p.serial(), p.maxFailPercentage(), p.anyErrorsFatal()),
            List.of("web", true, List.of(1, "30%"), 20, true)),
        play("hosts as a list is a union", "  hosts: [web, db]", Play::hosts, "web,db"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void loads(Case c) throws IOException {
    write("tasks/setup.yml", "- command: install\n- include_tasks: more.yml\n");
    write("tasks/more.yml", "- debug: msg=more\n");
    write("vars/one.yml", "b: 2\nc: 3\n");
    write("vars/two.yml", "d: yes\n");
    // the variables the cases read, so that they load without an undefined variable
    write("inv.yml", "all:\n  hosts:\n    web1:\n  vars: {a: 1, b: 2, limit: 9, ok: true, fresh: true, out: {}, packages: []}\n");
    String body = c.tasks().contains("hosts:") ? c.tasks() : "  hosts: all\n" + c.tasks();
    write("site.yml", "- " + body.substring(2));
    Loaded loaded = FakeModules.loader().load(dir.resolve("inv.yml"), List.of(dir.resolve("site.yml")), List.of());
    assertEquals(List.of(), loaded.problems().stream().map(Problem::format).toList());
    assertEquals(c.expected(), c.actual().apply(loaded.runbooks().get(0).plays().get(0)));
  }

  private void write(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

}
