package runbook.run;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run's threads for hosts: at most --forks of them, and a new one only when every thread is
 * busy. A fixed pool starts a thread for each task it is given until it has --forks, even while
 * others sit idle: a no-op of 4 hosts and 15 tasks started 50 threads, a fifth of a warm run's time.
 * Threads are kept until the run ends, so none retires while a task waits for it.
 */
final class HostPool extends ThreadPoolExecutor {
  /** Tasks given and not yet done; a task counts as done before whoever waits on it wakes up. */
  private final AtomicInteger unfinished = new AtomicInteger();

  HostPool(int limit, ThreadFactory threads) {
    super(0, limit, Long.MAX_VALUE, TimeUnit.NANOSECONDS, new Queue(), threads);
    ((Queue) getQueue()).pool = this;
    // a thread could not be added because the limit was reached meanwhile: the task waits for one
    setRejectedExecutionHandler((task, pool) -> {
      if (pool.isShutdown()) {
        throw new RejectedExecutionException("the run has ended");
      }
      ((Queue) pool.getQueue()).enqueue(task);
    });
  }

  @Override
  public void execute(Runnable task) {
    unfinished.incrementAndGet();
    try {
      super.execute(task instanceof Counted<?> ? task : new Counted<>(Executors.callable(task, null)));
    } catch (RejectedExecutionException e) {
      unfinished.decrementAndGet();
      throw e;
    }
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
    return new Counted<>(task);
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
    return new Counted<>(Executors.callable(task, value));
  }

  /** A task that leaves the count before its result is handed over, so the next one finds its thread free. */
  private final class Counted<T> extends FutureTask<T> {
    Counted(Callable<T> task) {
      super(task);
    }

    @Override
    protected void set(T value) {
      unfinished.decrementAndGet();
      super.set(value);
    }

    @Override
    protected void setException(Throwable failure) {
      unfinished.decrementAndGet();
      super.setException(failure);
    }
  }

  /** Takes a task only when a thread is free to run it, or no more may be started; refused, the pool starts one. */
  private static final class Queue extends LinkedBlockingQueue<Runnable> {
    private HostPool pool;

    @Override
    public boolean offer(Runnable task) {
      boolean threadFree = pool.unfinished.get() <= pool.getPoolSize();
      return (threadFree || pool.getPoolSize() >= pool.getMaximumPoolSize()) && super.offer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
    }
  }
}
