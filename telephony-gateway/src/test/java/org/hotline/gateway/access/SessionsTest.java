package org.hotline.gateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hotline.redis.local.LocalRedis;
import org.hotline.redis.support.RedisClients;
import org.hotline.staff.directory.StaffMember;
import org.hotline.staff.directory.StaffProfile;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions and the sign-in throttle on a real Redis, with a clock the test moves. */
class SessionsTest {

  /** A clock the test sets. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-12-07T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private RedisClient client;
  private StatefulRedisConnection<String, String> redis;
  private final MovableClock clock = new MovableClock();
  private Sessions sessions;
  private final String centre = "s" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void open() {
    client = RedisClients.create(LocalRedis.shared().uri());
    redis = client.connect();
    sessions =
        new Sessions(redis.async(), centre, Duration.ofMinutes(30), Duration.ofHours(12), clock);
  }

  @AfterEach
  void close() {
    redis.close();
    RedisClients.shutdown(client);
  }

  private static StaffMember person(String id) {
    return new StaffMember(
        new StaffProfile(
            id, "Name " + id, Set.of(StaffRole.AGENT), Map.of(), Set.of("zh"), Set.of(), ""),
        true,
        1,
        true,
        false,
        Instant.EPOCH);
  }

  private Sessions.Ticket create(String id) {
    return sessions.create(person(id), "10.1.1.1").toCompletableFuture().join();
  }

  private Optional<Sessions.Session> find(String id) {
    return sessions.find(id).toCompletableFuture().join();
  }

  @Test
  void idsAreRandomAndRedisHoldsOnlyTheirHash() {
    Sessions.Ticket a = create("a1");
    Sessions.Ticket b = create("a1");
    assertNotEquals(a.id(), b.id());
    assertEquals(43, a.id().length(), "256 bits, Base64url");
    assertTrue(redis.sync().keys("*" + a.id() + "*").isEmpty(), "the id itself is not stored");
    assertEquals("a1", find(a.id()).orElseThrow().staffId());
    assertTrue(find("x".repeat(43)).isEmpty());
    assertTrue(find("short").isEmpty());
  }

  @Test
  void anUnusedSessionEndsAfterTheIdleTimeAndABusyOneAfterTheAbsoluteTime() {
    Sessions.Ticket idle = create("idle");
    clock.advance(Duration.ofMinutes(29));
    assertTrue(find(idle.id()).isPresent(), "used within the idle time: it lives on");
    clock.advance(Duration.ofMinutes(29));
    assertTrue(find(idle.id()).isPresent(), "each use starts the idle time again");
    clock.advance(Duration.ofMinutes(31));
    assertTrue(find(idle.id()).isEmpty(), "unused for 31 minutes: ended");
    assertTrue(find(idle.id()).isEmpty(), "and stays ended");

    Sessions.Ticket busy = create("busy");
    for (int minutes = 20; minutes <= 740; minutes += 20) {
      clock.advance(Duration.ofMinutes(20));
      Optional<Sessions.Session> s = find(busy.id());
      if (minutes <= 12 * 60) {
        assertTrue(s.isPresent(), "used every 20 minutes, at " + minutes + " minutes");
      } else {
        assertTrue(s.isEmpty(), "past 12 hours after sign-in, however busy");
      }
    }
  }

  @Test
  void endingAllOfAPersonsSessionsCanKeepTheOneMakingTheChange() {
    Sessions.Ticket one = create("p1");
    Sessions.Ticket two = create("p1");
    Sessions.Ticket other = create("p2");
    assertEquals(
        1,
        sessions
            .endAll("p1", Optional.of(find(two.id()).orElseThrow()))
            .toCompletableFuture()
            .join());
    assertTrue(find(one.id()).isEmpty());
    assertTrue(find(two.id()).isPresent());
    assertEquals(1, sessions.endAll("p1", Optional.empty()).toCompletableFuture().join());
    assertTrue(find(two.id()).isEmpty());
    assertTrue(find(other.id()).isPresent(), "someone else's sessions are untouched");
  }

  @Test
  void theThrottleCountsFailuresPerAccountAndPerAddressAndASuccessClearsTheAccount() {
    SignInThrottle throttle =
        new SignInThrottle(redis.async(), centre, 3, 5, Duration.ofMinutes(15));
    for (int i = 0; i < 3; i++) {
      assertTrue(throttle.wait("ag1", "10.0.0.1").toCompletableFuture().join().isEmpty());
      throttle.failed("ag1", "10.0.0.1").toCompletableFuture().join();
    }
    for (String key : redis.sync().keys("hotline:" + centre + ":sign-in-failures:*")) {
      assertTrue(redis.sync().pttl(key) > 0, "every count expires with its window: " + key);
    }
    Optional<Duration> wait = throttle.wait("ag1", "10.0.0.2").toCompletableFuture().join();
    assertTrue(wait.isPresent(), "the account waits, from any address");
    assertTrue(wait.get().compareTo(Duration.ofMinutes(14)) > 0, wait.get().toString());
    assertTrue(throttle.wait("ag2", "10.0.0.1").toCompletableFuture().join().isEmpty());
    for (int i = 0; i < 2; i++) {
      throttle.failed("u" + i, "10.0.0.1").toCompletableFuture().join();
    }
    assertTrue(
        throttle.wait("ag3", "10.0.0.1").toCompletableFuture().join().isPresent(),
        "five failures from one address: every account waits there");
    assertFalse(throttle.wait("ag3", "10.0.0.9").toCompletableFuture().join().isPresent());
    throttle.succeeded("ag1").toCompletableFuture().join();
    assertTrue(throttle.wait("ag1", "10.0.0.3").toCompletableFuture().join().isEmpty());
  }

  @Test
  void aRouteAddedWithoutARuleStopsTheGatewayFromServing() {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      Access access = new Access(sessions, AccessSettings.defaults(), vertx.getOrCreateContext());
      access.route(router, io.vertx.core.http.HttpMethod.GET, "/ok", Rule.anyone());
      Access.requireRules(router);
      router.get("/forgotten").handler(ctx -> ctx.end("secret"));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Access.requireRules(router));
      assertTrue(e.getMessage().contains("/forgotten"), e.getMessage());
    } finally {
      vertx.close();
    }
  }
}
