package runbook.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import runbook.load.HostPatterns;
import runbook.model.Block;
import runbook.model.Host;
import runbook.model.Inventory;
import runbook.model.Play;
import runbook.model.Runbook;
import runbook.model.Step;
import runbook.model.Task;

/**
 * What --list-hosts, --list-tasks and --list-tags print, in ansible-playbook's words and layout:
 * per play its hosts (after --limit), the tasks --tags and --skip-tags select (a block's own steps,
 * not its rescue and always; an include, not what it includes) with their tags, and the union of
 * those tags. Contacts no host.
 */
public final class Listing {
  private final Inventory inventory;
  private final RunOptions options;

  public Listing(Inventory inventory, RunOptions options) {
    this.inventory = inventory;
    this.options = options;
  }

  public String of(Runbook runbook, boolean hosts, boolean tasks, boolean tags) {
    StringBuilder out = new StringBuilder("\nplaybook: ").append(runbook.file()).append('\n');
    int number = 0;
    for (Play play : runbook.plays()) {
      number++;
      out.append("\n  play #").append(number).append(" (").append(play.hosts()).append("): ")
          .append(play.name() != null ? play.name() : play.hosts()).append("\tTAGS: ").append(list(play.tags())).append('\n');
      if (hosts) {
        List<String> chosen = hosts(play);
        out.append("    pattern: ").append(Arrays.stream(play.hosts().split(",")).map(p -> "'" + p + "'").toList()).append('\n');
        out.append("    hosts (").append(chosen.size()).append("):\n");
        chosen.forEach(h -> out.append("      ").append(h).append('\n'));
      }
      if (tasks || tags) {
        List<Task> listed = new ArrayList<>();
        List<Set<String>> tagsOf = new ArrayList<>();
        collect(play, play.tasks(), Scope.root(play.become(), play.becomeUser(), play.tags(), null), listed, tagsOf);
        if (tasks) {
          out.append("    tasks:\n");
          for (int i = 0; i < listed.size(); i++) {
            out.append("      ").append(listed.get(i).displayName()).append("\tTAGS: ").append(list(tagsOf.get(i))).append('\n');
          }
        }
        if (tags) {
          Set<String> all = new TreeSet<>();
          tagsOf.forEach(all::addAll);
          out.append("      TASK TAGS: ").append(list(all)).append('\n');
        }
      }
    }
    return out.toString();
  }

  private List<String> hosts(Play play) {
    List<Host> chosen = HostPatterns.select(inventory, play.hosts());
    if (options.limit() != null) {
      List<Host> limited = HostPatterns.select(inventory, options.limit());
      chosen = chosen.stream().filter(limited::contains).toList();
    }
    Shard shard = options.shard();
    return chosen.stream().map(Host::name).filter(h -> shard == null || shard.has(h)).toList();
  }

  private void collect(Play play, List<Step> steps, Scope scope, List<Task> listed, List<Set<String>> tagsOf) {
    for (Step step : steps) {
      if (step instanceof Block block) {
        Scope inner = scope.with(block.keywords());
        boolean include = !block.block().isEmpty() && block.block().get(0) instanceof Task first && first.isInclude();
        collect(play, include ? block.block().subList(0, 1) : block.block(), inner, listed, tagsOf);
      } else if (step instanceof Task task && !task.location().equals(play.location())) {
        // the engine's own flushes of handlers between sections are not the play's tasks
        Scope own = scope.with(task.keywords());
        if (own.selected(options)) {
          listed.add(task);
          tagsOf.add(own.tags());
        }
      }
    }
  }

  /** A Python list's repr of sorted strings, as ansible-playbook prints tags: [a, b] (no quotes). */
  private static String list(java.util.Collection<String> items) {
    return items.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
  }
}
