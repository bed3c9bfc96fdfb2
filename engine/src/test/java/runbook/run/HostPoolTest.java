package runbook.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPoolTest {
  private static HostPool pool(int limit) {
    return new HostPool(limit, r -> {
      Thread t = new Thread(r, "host");
      t.setDaemon(true);
      return t;
    });
  }

  @Test
  void tasksOneAfterTheOtherShareOneThread() throws Exception {
    HostPool pool = pool(50);
    for (int i = 0; i < 60; i++) {
      pool.submit(() -> {}).get();
    }
    assertEquals(1, pool.getLargestPoolSize());
    pool.shutdownNow();
  }

  /** hosts at once, the limit (--forks), the threads started, and at most that many running at once. */
  @ParameterizedTest
  @CsvSource({
    "4, 50, 4",
    "5, 3, 3",
    "1, 1, 1",
    "200, 50, 50",
  })
  void waitingTasksGetAThreadEachUpToTheLimit(int hosts, int limit, int threads) throws Exception {
    HostPool pool = pool(limit);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      List<Future<?>> tasks = new ArrayList<>();
      CountDownLatch started = new CountDownLatch(Math.min(hosts, limit));
      CountDownLatch go = round == 0 ? release : new CountDownLatch(0);
      for (int i = 0; i < hosts; i++) {
        tasks.add(pool.submit(() -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          started.countDown();
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          running.decrementAndGet();
        }));
      }
      if (round == 0) {
        started.await(10, TimeUnit.SECONDS); // every thread there may be is busy before any finishes
        release.countDown();
      }
      for (Future<?> f : tasks) {
        f.get(10, TimeUnit.SECONDS);
      }
    }
    assertEquals(threads, pool.getLargestPoolSize(), "threads started");
    assertEquals(threads, most.get(), "tasks running at once");
    pool.shutdownNow();
  }
}
