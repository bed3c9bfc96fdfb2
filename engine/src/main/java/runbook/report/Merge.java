package runbook.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import runbook.run.RecapRow;

/**
 * The reports of the shards of one run (--shard I/N) as the one report an unsharded run would have
 * written: plays and tasks in the order the runs met them, each task's results and the recap in
 * the inventory's order.
 */
final class Merge {
  private Merge() {}

  /** @throws IllegalArgumentException when the reports are not of one run (other inventory, check and apply mixed) */
  static RunReport of(List<RunReport> reports) {
    RunReport first = reports.get(0);
    for (RunReport r : reports) {
      if (!r.hosts().equals(first.hosts())) {
        throw new IllegalArgumentException("the reports are of runs on different inventories");
      }
      if (r.check() != first.check()) {
        throw new IllegalArgumentException("the reports mix a check run and a real one");
      }
    }
    Map<String, Integer> position = new HashMap<>();
    first.hosts().forEach(h -> position.putIfAbsent(h, position.size()));
    Comparator<String> inventoryOrder = Comparator.comparing(h -> position.getOrDefault(h, Integer.MAX_VALUE));

    List<List<RunReport.Play>> plays = reports.stream().map(RunReport::plays).toList();
    List<RunReport.Play> merged = new ArrayList<>();
    for (List<RunReport.Play> same : aligned(plays, p -> p.name() + "\n" + p.at())) {
      List<RunReport.Task> tasks = new ArrayList<>();
      for (List<RunReport.Task> task : aligned(same.stream().map(RunReport.Play::tasks).toList(), t -> t.name() + "\n" + t.at() + "\n" + t.handler())) {
        List<RunReport.Result> results = new ArrayList<>(task.stream().flatMap(t -> t.results().stream()).toList());
        results.sort(Comparator.comparing(RunReport.Result::host, inventoryOrder));
        RunReport.Task one = task.get(0);
        tasks.add(new RunReport.Task(one.name(), one.module(), one.at(), one.handler(), results));
      }
      RunReport.Play one = same.get(0);
      // a play matched no host only if it matched none in every shard
      merged.add(new RunReport.Play(one.name(), one.at(), same.stream().allMatch(RunReport.Play::noHostsMatched),
          same.stream().anyMatch(RunReport.Play::aborted), tasks));
    }
    Set<String> warnings = new LinkedHashSet<>();
    reports.forEach(r -> warnings.addAll(r.warnings()));
    List<RecapRow> recap = new ArrayList<>(reports.stream().flatMap(r -> r.recap().stream()).toList());
    recap.sort(Comparator.comparing(RecapRow::host, inventoryOrder));
    return new RunReport(RunReport.FORMAT, first.check(), first.hosts(), merged, List.copyOf(warnings), recap);
  }

  /**
   * The entries of several runs' lists lined up: each list is the part of one sequence that its
   * run met (a handler notified in one shard only), so the sequence is rebuilt by inserting what a
   * list has that the others had not, after the entry it follows there. The n-th occurrence of a
   * key in a list is its own entry (a task file included twice).
   */
  static <T> List<List<T>> aligned(List<List<T>> lists, Function<T, String> key) {
    List<String> order = new ArrayList<>();
    Map<String, List<T>> byKey = new HashMap<>();
    for (List<T> list : lists) {
      Map<String, Integer> seen = new HashMap<>();
      int cursor = 0;
      for (T entry : list) {
        String k = key.apply(entry) + "\n#" + seen.merge(key.apply(entry), 1, Integer::sum);
        int at = order.indexOf(k);
        if (at < 0) {
          order.add(cursor, k);
          at = cursor;
        }
        cursor = at + 1;
        byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(entry);
      }
    }
    return order.stream().map(byKey::get).toList();
  }
}
