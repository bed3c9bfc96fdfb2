package runbook.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import runbook.model.SourceLocation;
import runbook.run.Outcome;
import runbook.run.RunEvent;
import runbook.run.RunListener;
import runbook.spi.FileDiff;

/**
 * Records a run's events into a {@link RunReport} and hands it on when the recap arrives. Every text
 * is redacted then, not as it comes: a secret found late in the run (a registered value) is still
 * hidden in what came before it.
 */
final class Recorder implements RunListener {
  private final Redactor redactor;
  private final boolean check;
  private final List<String> hosts;
  private final Consumer<RunReport> done;
  private final List<PlayDraft> plays = new ArrayList<>();
  private final Set<String> warnings = new LinkedHashSet<>();

  /** @param hosts every host of the inventory, in order */
  Recorder(Redactor redactor, boolean check, List<String> hosts, Consumer<RunReport> done) {
    this.redactor = redactor;
    this.check = check;
    this.hosts = List.copyOf(hosts);
    this.done = done;
  }

  private record PlayDraft(String name, SourceLocation at, boolean[] flags, List<TaskDraft> tasks) {}

  private record TaskDraft(RunEvent.TaskInfo info, List<RunEvent.HostFinished> results) {}

  @Override
  public void on(RunEvent event) {
    if (event instanceof RunEvent.PlayStarted p) {
      plays.add(new PlayDraft(p.name(), p.at(), new boolean[2], new ArrayList<>()));
    } else if (event instanceof RunEvent.NoHostsMatched) {
      play().flags()[0] = true;
    } else if (event instanceof RunEvent.PlayAborted) {
      play().flags()[1] = true;
    } else if (event instanceof RunEvent.TaskStarted t) {
      play().tasks().add(new TaskDraft(t.task(), new ArrayList<>()));
    } else if (event instanceof RunEvent.HostFinished h) {
      play().tasks().get(play().tasks().size() - 1).results().add(h);
    } else if (event instanceof RunEvent.Warning w) {
      warnings.add(w.message());
    } else if (event instanceof RunEvent.Recap r) {
      done.accept(new RunReport(RunReport.FORMAT, check, hosts, plays.stream().map(this::play).toList(),
          warnings.stream().map(redactor::redact).toList(), r.rows()));
    }
  }

  private PlayDraft play() {
    return plays.get(plays.size() - 1);
  }

  private RunReport.Play play(PlayDraft p) {
    return new RunReport.Play(redactor.redact(p.name()), at(p.at()), p.flags()[0], p.flags()[1], p.tasks().stream().map(this::task).toList());
  }

  private RunReport.Task task(TaskDraft t) {
    RunEvent.TaskInfo info = t.info();
    List<RunReport.Result> results = t.results().stream().map(h -> {
      Outcome o = h.outcome();
      List<RunReport.Item> items = o.items().stream()
          .map(i -> new RunReport.Item(redactor.redact(String.valueOf(i.label())), status(i), foresight(i), message(info, i), changes(info, i)))
          .toList();
      return new RunReport.Result(h.host(), status(o), foresight(o), message(info, o), changes(info, o), items, o.ignored(), h.millis());
    }).toList();
    return new RunReport.Task(redactor.redact(info.name()), info.module(), at(info.at()), info.handler(), results);
  }

  private String message(RunEvent.TaskInfo info, Outcome o) {
    return info.noLog() || o.message() == null ? null : redactor.redact(o.message());
  }

  private List<RunReport.Change> changes(RunEvent.TaskInfo info, Outcome o) {
    if (info.noLog()) {
      return List.of();
    }
    List<RunReport.Change> changes = new ArrayList<>();
    for (FileDiff d : o.diffs()) {
      String unified = UnifiedDiff.of(d.path(), d.before(), d.after());
      if (unified.isEmpty()) {
        continue;
      }
      int added = 0;
      int removed = 0;
      for (String line : unified.lines().toList()) {
        if (line.startsWith("+") && !line.startsWith("+++ ")) {
          added++;
        } else if (line.startsWith("-") && !line.startsWith("--- ")) {
          removed++;
        }
      }
      changes.add(new RunReport.Change(redactor.redact(d.path()), added, removed, info.diff() ? redactor.diff(unified) : null));
    }
    return changes;
  }

  static String status(Outcome o) {
    return o.status().name().toLowerCase(java.util.Locale.ROOT);
  }

  static String foresight(Outcome o) {
    return o.foresight().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** FILE:LINE:COL, the file relative to the working directory when it is below it: a report is read on another machine. */
  static String at(SourceLocation at) {
    if (at == null) {
      return null;
    }
    Path file = at.file().toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath();
    Path shown = file.startsWith(here) ? here.relativize(file) : file;
    return shown + ":" + at.line() + ":" + at.column();
  }
}
