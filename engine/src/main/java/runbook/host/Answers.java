package runbook.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import runbook.connect.Connection;
import runbook.connect.ExecResult;
import runbook.spi.HostException;

/**
 * What one host, as one user, answered to questions about its state (stat, read, tree, and probes
 * asked as {@link runbook.spi.HostView#state}), keyed by the exact shell text asked. An answer
 * holds until the run changes that host, when the engine calls {@link #forget()}. Answers are
 * raw exec results, parsed by whoever asked, so an answer fetched in a batch and one asked alone
 * read the same.
 *
 * <p>While a thread {@linkplain #unanswered looks ahead}, a question with no answer yet is written
 * down instead of sent, and the plan asking it stops there.
 */
public final class Answers {
  private static final ThreadLocal<List<Question>> LOOKING_AHEAD = new ThreadLocal<>();

  private final Map<String, ExecResult> known = new ConcurrentHashMap<>();
  private final Runnable whenForgotten;

  public Answers() {
    this(() -> {});
  }

  /** @param whenForgotten told each time the answers go out of date */
  public Answers(Runnable whenForgotten) {
    this.whenForgotten = whenForgotten;
  }

  /** A question not answered yet: what to ask, over which connection, and where the answer goes; a path's stat or read says which path. */
  public record Question(Answers into, Connection over, String text, Batch.FileQuestion file) {}

  /** Ends a plan made while looking ahead at the first question that has no answer yet. */
  static final class NotYetAsked extends RuntimeException {
    NotYetAsked() {
      super("not asked yet", null, false, false);
    }
  }

  public void forget() {
    known.clear();
    whenForgotten.run();
  }

  ExecResult ask(String text, Connection over) {
    return ask(text, over, null);
  }

  ExecResult ask(String text, Connection over, Batch.FileQuestion file) {
    ExecResult answer = known.get(text);
    if (answer != null) {
      return answer;
    }
    throwIfLookingAhead(new Question(this, over, text, file));
    answer = over.exec(text, null);
    known.put(text, answer);
    return answer;
  }

  /** The answer when it is known already, else null; never asks. */
  ExecResult known(String text) {
    return known.get(text);
  }

  /** While looking ahead nothing is sent: not even a question no answer may be kept for. */
  static void throwIfLookingAhead(Question question) {
    List<Question> asked = LOOKING_AHEAD.get();
    if (asked != null) {
      if (question != null) {
        asked.add(question);
      }
      throw new NotYetAsked();
    }
  }

  /**
   * Runs {@code work} looking ahead: questions without an answer are collected, not sent. Any
   * exception of the work ends it quietly; looking ahead only ever saves round trips.
   */
  public static List<Question> unanswered(Runnable work) {
    List<Question> asked = new ArrayList<>();
    LOOKING_AHEAD.set(asked);
    try {
      work.run();
    } catch (RuntimeException ignored) {
      // a plan that stops at a question, or that could not be made yet: the real run will tell
    } finally {
      LOOKING_AHEAD.remove();
    }
    return asked;
  }

  /** Asks every question in one round trip per host and user; a host that cannot answer is asked again later, one question at a time. */
  public static void fetch(List<Question> questions) {
    Map<Answers, List<Question>> byHost = new LinkedHashMap<>();
    for (Question q : questions) {
      if (!q.into().known.containsKey(q.text())) {
        byHost.computeIfAbsent(q.into(), a -> new ArrayList<>()).add(q);
      }
    }
    byHost.forEach((answers, asked) -> {
      Map<String, Batch.FileQuestion> distinct = new LinkedHashMap<>();
      asked.forEach(q -> distinct.putIfAbsent(q.text(), q.file()));
      List<String> texts = List.copyOf(distinct.keySet());
      try {
        List<ExecResult> results = Batch.run(asked.get(0).over(), texts, new ArrayList<>(distinct.values()));
        for (int i = 0; i < texts.size(); i++) {
          answers.known.put(texts.get(i), results.get(i));
        }
      } catch (HostException | Batch.Garbled e) {
        // the tasks ask again one by one and report what goes wrong in their own words
      }
    });
  }
}
