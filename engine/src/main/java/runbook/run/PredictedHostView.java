package runbook.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import runbook.spi.Command;
import runbook.spi.CommandResult;
import runbook.spi.FileState;
import runbook.spi.FileType;
import runbook.spi.HostView;

/**
 * The host as a check run predicts it: answers from the {@link Prediction} where it has something
 * to say about a path (the path itself, or an ancestor that would be absent, a new directory, a
 * file, or a link to follow), from the real host otherwise. Probes are commands and go to the real
 * host: what they would see after predicted changes cannot be known. A path the real host answers
 * for, below one that an earlier simulated change alters without saying how (a sync), is noted in
 * {@code restsOn}: the task's plan then rests on that change.
 */
final class PredictedHostView implements HostView {
  private static final int MAX_LINKS = 40;

  private final Prediction prediction;
  private final HostView real;
  /** Whose identity new paths take: the task's become user, or "" for the login user. */
  private final String who;
  /** The earlier simulated changes that the real host's answers given so far may not show. */
  private final Set<String> restsOn;

  PredictedHostView(Prediction prediction, HostView real, String who, Set<String> restsOn) {
    this.prediction = prediction;
    this.real = real;
    this.who = who;
    this.restsOn = restsOn;
  }

  HostView real() {
    return real;
  }

  /** The user and group a new path of this task would belong to. */
  Prediction.Identity identity() {
    return prediction.identity(who, real);
  }

  @Override
  public FileState stat(String path) {
    Prediction.Answer answer = prediction.known(path);
    return answer.node() != null ? answer.node().state(path) : relabel(real.stat(realOne(answer.real(), false)), path);
  }

  @Override
  public FileState read(String path) {
    return read(path, 0);
  }

  private FileState read(String path, int hops) {
    Prediction.Answer answer = prediction.known(path);
    Prediction.Node node = answer.node();
    if (node == null) {
      FileState state = relabel(real.read(realOne(answer.real(), false)), path);
      String target = state.isLink() ? Prediction.resolve(path, state.linkTarget()) : null;
      // A real link to a path the prediction knows about leads to the predicted content.
      return target != null && hops < MAX_LINKS && predicted(target) ? withContent(state, read(target, hops + 1)) : state;
    }
    FileState state = node.state(path);
    if (node.content() != null) {
      return withContent(state, node.content());
    }
    if (node.contentFrom() != null) {
      return withContent(state, real.read(node.contentFrom()));
    }
    if (state.isLink() && hops < MAX_LINKS) {
      return withContent(state, read(Prediction.resolve(path, state.linkTarget()), hops + 1));
    }
    return state;
  }

  /**
   * The real listing with predicted paths laid over it: a predicted path replaces the real one, a
   * path predicted absent (or below one) drops out, new paths join. A new directory lists only
   * what is predicted in it.
   */
  @Override
  public List<FileState> tree(String path) {
    FileState top = stat(path);
    if (!top.isDirectory()) {
      return List.of(top);
    }
    Prediction.Answer root = prediction.known(path);
    Map<String, FileState> realBelow = new LinkedHashMap<>();
    if (root.node() == null || !root.node().fresh()) {
      String prefix = Prediction.withSlash(root.real());
      for (FileState entry : real.tree(realOne(root.real(), true))) {
        if (entry.path().startsWith(prefix) && entry.path().length() > prefix.length()) {
          realBelow.put(entry.path().substring(prefix.length()), entry);
        }
      }
    }
    Set<String> relative = new LinkedHashSet<>(realBelow.keySet());
    relative.addAll(prediction.below(root.key()));
    List<FileState> merged = new ArrayList<>();
    merged.add(top);
    for (String rel : relative) {
      String at = Prediction.join(path, rel);
      Prediction.Answer here = prediction.known(at);
      if (here.node() != null) {
        if (here.node().type() != FileType.ABSENT) {
          merged.add(here.node().state(at));
        }
      } else if (realBelow.containsKey(rel) && here.key().equals(Prediction.join(root.key(), rel))) {
        // Otherwise a predicted link above it leads elsewhere, and find does not descend into links.
        merged.add(relabel(realBelow.get(rel), at));
      }
    }
    return merged;
  }

  @Override
  public CommandResult probe(Command command) {
    return real.probe(command);
  }

  @Override
  public CommandResult state(Command command) {
    return real.state(command);
  }

  @Override
  public List<String> pending(String topic) {
    return prediction.pending(topic);
  }

  @Override
  public void readsAfter(String topic) {
    restOn(prediction.pending(topic));
  }

  /** A path the real host answers for, noting the unrecorded changes that bear on it (below it too, for a listing). */
  private String realOne(String path, boolean orBelow) {
    restOn(prediction.unrecorded(path, orBelow));
    return path;
  }

  private void restOn(List<String> changes) {
    synchronized (restsOn) {
      restsOn.addAll(changes);
    }
  }

  private boolean predicted(String path) {
    return prediction.known(path).node() != null;
  }

  private static FileState relabel(FileState s, String path) {
    return s.path().equals(path) ? s : new FileState(path, s.type(), s.mode(), s.owner(), s.group(), s.size(), s.linkTarget(), s.content());
  }

  private static FileState withContent(FileState s, FileState from) {
    return withContent(s, from.isFile() ? from.content() : null);
  }

  private static FileState withContent(FileState s, byte[] content) {
    return new FileState(s.path(), s.type(), s.mode(), s.owner(), s.group(), s.size(), s.linkTarget(), content);
  }

}
