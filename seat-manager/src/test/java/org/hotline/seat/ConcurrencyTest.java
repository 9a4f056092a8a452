package org.hotline.seat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.seat.api.CallState;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.redis.KeySpace;
import org.hotline.seat.redis.RedisSeatManager;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;
import org.hotline.seat.testing.Invariants;
import org.hotline.seat.testing.RandomWorkload;
import org.hotline.seat.testing.Redis;
import org.hotline.seat.testing.TestClock;
import org.junit.jupiter.api.Test;

/**
 * Two independent seat-manager instances (each its own Redis connection) on one Redis, eight
 * threads doing random operations. Afterwards: no agent holds two calls, no call rang at two seats
 * at once or was answered twice, every call is in exactly one known state, and the statistics are
 * what the test did.
 */
class ConcurrencyTest {

  private static final int AGENTS = 60;
  private static final int THREADS = 8;
  private static final int OPERATIONS_PER_THREAD = 750;

  @Test
  void twoInstancesOnOneRedisNeverDoubleAssignAndLoseNoCall() throws Exception {
    TestClock clock = TestClock.morning();
    SeatManagerConfig config = RandomWorkload.config(AGENTS);
    RandomWorkload work = new RandomWorkload(clock, AGENTS);
    try (RedisSeatManager one = Redis.seatManager(config, clock);
        RedisSeatManager two = Redis.seatManager(config, clock)) {
      work.registerAgents(one);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        RedisSeatManager mine = t % 2 == 0 ? one : two;
        long seed = 1000 + t;
        done.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                    work.step(mine, random);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();

      assertEquals(List.of(), work.failures, "only domain refusals are expected");
      System.out.printf(
          "workload: %d accepted, %d refused, %d offers, %d enqueued, %d answered, %d+%d abandoned,"
              + " %d ring-no-answer%n",
          work.accepted.get(),
          work.refused.get(),
          work.offers.get(),
          work.enqueued.get(),
          work.answered.get(),
          work.abandoned.get(),
          work.shortAbandoned.get(),
          work.ringNoAnswer.get());
      assertTrue(work.offers.get() > 100, "the workload made real decisions: " + work.offers);
      assertTrue(
          work.answered.get() > 50 && work.abandoned.get() + work.shortAbandoned.get() > 20,
          "answered "
              + work.answered
              + ", abandoned "
              + work.abandoned
              + "+"
              + work.shortAbandoned
              + ", refused "
              + work.refused
              + ", accepted "
              + work.accepted);

      RedisClient client = RedisClient.create(Redis.uri());
      try (StatefulRedisConnection<String, String> raw = client.connect()) {
        Invariants invariants = new Invariants(raw.sync(), new KeySpace(config.centreId()));
        assertEquals(List.of(), invariants.violations());
        assertEquals(List.of(), invariants.offerHistoryViolations());
        assertEquals(work.enqueued.get(), invariants.keysMatching("call:*").size());
      } finally {
        client.shutdown();
      }

      long open = 0;
      for (String id : work.enqueuedCalls()) {
        CallState state = one.call(id).toCompletableFuture().join().orElseThrow().state();
        if (state == CallState.WAITING || state == CallState.OFFERED) {
          open++;
        }
      }
      LiveStatistics stats = one.statistics().toCompletableFuture().join();
      long offered = 0, answered = 0, abandoned = 0, shortAbandoned = 0, rna = 0, waiting = 0;
      for (QueueStatistics q : stats.queues()) {
        offered += q.offered();
        answered += q.answered();
        abandoned += q.abandoned();
        shortAbandoned += q.shortAbandoned();
        rna += q.ringNoAnswer();
        waiting += q.waiting();
      }
      assertEquals(work.enqueued.get(), offered);
      assertEquals(work.answered.get(), answered);
      assertEquals(work.abandoned.get(), abandoned);
      assertEquals(work.shortAbandoned.get(), shortAbandoned);
      assertEquals(work.ringNoAnswer.get(), rna);
      assertEquals(open, waiting);
      assertEquals(offered - answered - abandoned - shortAbandoned, waiting);
    }
  }
}
