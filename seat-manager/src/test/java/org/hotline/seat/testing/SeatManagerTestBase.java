package org.hotline.seat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.Role;
import org.hotline.seat.api.SeatManagerException;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.redis.RedisSeatManager;
import org.junit.jupiter.api.AfterEach;

/** One seat manager on the test Redis, a hand-moved clock, and helpers that read as sentences. */
public abstract class SeatManagerTestBase {

  protected final TestClock clock = TestClock.morning();
  protected RedisSeatManager seats;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, String> raw;

  protected void start(SeatManagerConfig config) {
    seats = Redis.seatManager(config, clock);
  }

  @AfterEach
  void stopSeatManager() {
    if (seats != null) {
      seats.close();
    }
    if (rawClient != null) {
      raw.close();
      rawClient.shutdown();
    }
  }

  protected io.lettuce.core.api.sync.RedisCommands<String, String> raw() {
    if (rawClient == null) {
      rawClient = RedisClient.create(Redis.uri());
      raw = rawClient.connect();
    }
    return raw.sync();
  }

  protected Invariants invariants() {
    return new Invariants(raw(), seats.keys());
  }

  protected void assertSound() {
    assertEquals(List.of(), invariants().violations());
    assertEquals(List.of(), invariants().offerHistoryViolations());
  }

  protected static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  protected static void assertRefused(ErrorCode code, CompletionStage<?> stage) {
    SeatManagerException e = assertThrows(SeatManagerException.class, () -> join(stage));
    assertEquals(code, e.code(), e.getMessage());
  }

  protected void agent(String id, Map<String, Integer> skills) {
    agent(id, skills, Set.of("zh"), Set.of());
  }

  protected void agent(
      String id, Map<String, Integer> skills, Set<String> languages, Set<String> districts) {
    join(
        seats.registerAgent(
            new Agent(id, "Agent " + id, Role.AGENT, skills, languages, districts)));
  }

  /** Registers and logs in, at seat = the agent's number. */
  protected Decision loggedIn(String id, String seat, Map<String, Integer> skills) {
    agent(id, skills);
    return join(seats.login(id, seat));
  }

  protected void later(long millis) {
    clock.advanceMillis(millis);
  }

  protected void later(Duration d) {
    clock.advance(d);
  }

  /** The single offer of a decision. */
  protected static org.hotline.seat.api.Offer onlyOffer(Decision d) {
    if (d.offers().size() != 1) {
      fail("expected one offer, got " + d.offers());
    }
    return d.offers().get(0);
  }
}
