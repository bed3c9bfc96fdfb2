package runbook.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --list-hosts, --list-tasks, --list-tags and --syntax-check print what ansible-playbook 2.14 printed
 * for the same files and arguments (the runbook's path as it was given to ansible-playbook).
 */
class ListingComparedTest {
  private static final Map<String, String> FILES = Map.of(
      "inv.yml", """
          all:
            hosts:
              a: {ansible_connection: local}
              b: {ansible_connection: local}
            children:
              web:
                hosts:
                  b:
          """,
      "pb.yml", """
          - name: First play
            hosts: all
            gather_facts: false
            tags: [p1]
            tasks:
              - name: one
                debug: msg=one
                tags: [x, y]
              - block:
                  - name: two
                    debug: msg=two
                  - debug: msg=three
                tags: [blk]
              - name: inc
                include_tasks: other.yml
          - hosts: web
            gather_facts: false
            tasks:
              - name: four
                command: echo four
          """,
      "other.yml", "- debug: msg=other\n",
      "roles/r/tasks/main.yml", "- name: rt\n  debug: msg=rt\n",
      "pb2.yml", """
          - hosts: all
            gather_facts: false
            pre_tasks:
              - debug: msg=pre
            roles: [r]
            tasks:
              - block:
                  - name: b1
                    debug: msg=x
                rescue:
                  - name: r1
                    debug: msg=x
                always:
                  - name: a1
                    debug: msg=x
              - meta: flush_handlers
              - import_tasks: other.yml
              - include_role: {name: r}
              - name: never one
                debug: msg=n
                tags: [never]
              - name: always one
                debug: msg=n
                tags: [always]
            handlers:
              - name: h
                debug: msg=h
          """);

  @TempDir Path dir;

  record Case(String name, String runbook, List<String> args, String printed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("hosts, tasks and tags at once, --limit applied; a block's tasks, an include itself, play tags inherited", "pb.yml",
            List.of("--list-hosts", "--list-tasks", "--list-tags", "-l", "a"), """

            playbook: pb.yml

              play #1 (all): First play\tTAGS: [p1]
                pattern: ['all']
                hosts (1):
                  a
                tasks:
                  one\tTAGS: [p1, x, y]
                  two\tTAGS: [blk, p1]
                  debug\tTAGS: [blk, p1]
                  inc\tTAGS: [p1]
                  TASK TAGS: [blk, p1, x, y]

              play #2 (web): web\tTAGS: []
                pattern: ['web']
                hosts (0):
                tasks:
                  four\tTAGS: []
                  TASK TAGS: []
            """),
        new Case("--tags select what is listed", "pb.yml", List.of("--list-tasks", "-t", "blk,x"), """

            playbook: pb.yml

              play #1 (all): First play\tTAGS: [p1]
                tasks:
                  one\tTAGS: [p1, x, y]
                  two\tTAGS: [blk, p1]
                  debug\tTAGS: [blk, p1]

              play #2 (web): web\tTAGS: []
                tasks:
            """),
        new Case("roles' tasks by role, a block without its rescue and always, explicit meta only, never and skipped tags left out",
            "pb2.yml", List.of("--list-tasks", "--skip-tags", "always"), """

            playbook: pb2.yml

              play #1 (all): all\tTAGS: []
                tasks:
                  debug\tTAGS: []
                  r : rt\tTAGS: []
                  b1\tTAGS: []
                  meta\tTAGS: []
                  debug\tTAGS: []
                  include_role\tTAGS: []
            """),
        new Case("the tags of the tasks that would run", "pb2.yml", List.of("--list-tags"), """

            playbook: pb2.yml

              play #1 (all): all\tTAGS: []
                  TASK TAGS: [always]
            """),
        new Case("--syntax-check", "pb.yml", List.of("--syntax-check"), "\nplaybook: pb.yml\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsWhatAnsiblePlaybookPrinted(Case c) throws IOException {
    for (var file : FILES.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    List<String> args = new ArrayList<>(List.of("apply", "-i", dir.resolve("inv.yml").toString(), dir.resolve(c.runbook()).toString()));
    args.addAll(c.args());
    Command run = Command.run(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(c.printed(), run.out().replace(dir + "/", ""), run.toString());
  }
}
