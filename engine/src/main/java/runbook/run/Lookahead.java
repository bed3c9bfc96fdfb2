package runbook.run;

import java.util.ArrayList;
import java.util.List;
import runbook.host.Answers;
import runbook.model.Step;
import runbook.model.Task;
import runbook.spi.ModuleSpec;

/**
 * Before a task on a host whose answers are out of date: the tasks that follow it in its block are
 * planned without doing anything, only to learn the questions they will ask (stats, reads, states,
 * facts), and those are asked in one round trip per host. Each task then plans from the answers
 * exactly as from fresh ones, since answers hold only until the run changes the host, after which
 * the next task looks ahead again, once a task has found its host as it should be: after a
 * change the next tasks are likely to change the host too (a first run), and asking their
 * questions ahead would be asking them in vain, again after each change. A plan's later questions depend on earlier answers (a read after
 * a stat, a service's status after the facts that say how to ask it), hence a few rounds. A wrong
 * guess (a task whose arguments depend on a result still to come) only asks a question in vain.
 */
final class Lookahead {
  private static final int ROUNDS = 3;

  private Lookahead() {}

  /** @param steps the block's steps, of which {@code from} is the task about to run on {@code host} */
  static void before(PlayRun play, List<Step> steps, int from, Scope parent, HostState host) {
    if (host.lookedAhead == steps || host.changedLast || !play.run().options().lookahead()) {
      return;
    }
    List<TaskRun> upcoming = new ArrayList<>();
    for (Step step : steps.subList(from, steps.size())) {
      if (step instanceof Task task && play.run().modules().spec(task.module()).filter(ModuleSpec::inItsTurn).isPresent()) {
        break; // after the wait the hosts are asked again anyway
      }
      if (step instanceof Task task && !task.module().equals(ModuleRegistry.META.name())) {
        Scope scope = parent.with(task.keywords());
        if (scope.selected(play.run().options())) {
          upcoming.add(new TaskRun(play, task, scope, host, false));
        }
      }
    }
    for (int round = 0; round < ROUNDS && !upcoming.isEmpty(); round++) {
      List<Answers.Question> asked = new ArrayList<>();
      List<TaskRun> asking = new ArrayList<>();
      for (TaskRun run : upcoming) {
        List<Answers.Question> questions = Answers.unanswered(run::lookAhead);
        if (!questions.isEmpty()) {
          asked.addAll(questions);
          asking.add(run);
        }
      }
      Answers.fetch(asked);
      upcoming = asking;
    }
    host.lookedAhead = steps;
  }
}
