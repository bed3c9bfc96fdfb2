package runbook.run;

import java.util.List;

/** Receives a run's events, in order, on one thread at a time. */
public interface RunListener {
  void on(RunEvent event);

  /** Every one of {@code listeners}, in order. */
  static RunListener all(List<RunListener> listeners) {
    List<RunListener> copy = List.copyOf(listeners);
    return event -> copy.forEach(l -> l.on(event));
  }
}
