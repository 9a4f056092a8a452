package org.hotline.seat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.SeatManagerUnavailableException;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.KeySpace;
import org.hotline.seat.redis.RedisSeatManager;
import org.hotline.seat.testing.Invariants;
import org.hotline.seat.testing.RandomWorkload;
import org.hotline.seat.testing.TestClock;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL, append-only file fsynced per write) and restarted, and client connections
 * dropped, while two instances run random operations: callers get errors, never a corrupted state;
 * after reconnecting the state is sound and the seat manager works on.
 */
class RedisFailureTest {

  private static final int AGENTS = 40;

  @Test
  void killedRedisAndDroppedConnectionsGiveErrorsButNeverACorruptState() throws Exception {
    TestClock clock = TestClock.morning();
    SeatManagerConfig config = RandomWorkload.config(AGENTS);
    RandomWorkload work = new RandomWorkload(clock, AGENTS);
    try (LocalRedis redis = LocalRedis.start(true);
        RedisSeatManager one =
            RedisSeatManager.connect(redis.uri(), config, clock, DecisionRecorder.NONE);
        RedisSeatManager two =
            RedisSeatManager.connect(redis.uri(), config, clock, DecisionRecorder.NONE)) {
      work.registerAgents(one);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        RedisSeatManager mine = t % 2 == 0 ? one : two;
        long seed = 77 + t;
        workers.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  while (!stop.get()) {
                    work.step(mine, random);
                  }
                }));
      }

      RedisClient chaosClient = RedisClient.create(redis.uri());
      try {
        for (int round = 0; round < 6; round++) {
          Thread.sleep(400);
          if (round % 2 == 0) {
            try (StatefulRedisConnection<String, String> chaos = chaosClient.connect()) {
              chaos.sync().clientKill(KillArgs.Builder.typeNormal());
            }
          } else {
            redis.kill();
            Thread.sleep(150);
            redis.restart();
          }
        }
        Thread.sleep(400);
      } finally {
        stop.set(true);
        for (Future<?> f : workers) {
          f.get();
        }
        pool.shutdown();
      }

      assertTrue(work.failures.size() > 0, "the chaos was felt by callers");
      for (Throwable failure : work.failures) {
        assertTrue(
            failure instanceof SeatManagerUnavailableException
                && (failure.getCause() instanceof RedisException
                    || failure.getCause() instanceof java.io.IOException),
            "an unavailable store, not a crash: " + failure);
      }
      assertTrue(work.accepted.get() > 100, "work went on between failures: " + work.accepted);

      awaitRecovery(one);
      try (StatefulRedisConnection<String, String> raw = chaosClient.connect()) {
        Invariants invariants = new Invariants(raw.sync(), new KeySpace(config.centreId()));
        assertEquals(List.of(), invariants.violations());
        assertEquals(List.of(), invariants.offerHistoryViolations());

        long failuresBefore = work.failures.size();
        long acceptedBefore = work.accepted.get();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
          work.step(i % 2 == 0 ? one : two, random);
        }
        assertEquals(failuresBefore, work.failures.size(), "no errors once Redis is back");
        assertTrue(work.accepted.get() > acceptedBefore);
        assertEquals(List.of(), invariants.violations());
      } finally {
        chaosClient.shutdown();
      }
    }
  }

  private static void awaitRecovery(RedisSeatManager seats) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        seats.status(RandomWorkload.agentId(0)).toCompletableFuture().join();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
