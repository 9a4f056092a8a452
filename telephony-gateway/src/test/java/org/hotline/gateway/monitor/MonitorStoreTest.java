package org.hotline.gateway.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hotline.redis.local.LocalRedis;
import org.hotline.redis.support.RedisClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store two gateway instances share, on a real Redis, each instance with its own connection:
 * however many of them race to move a session on, exactly one is told it did.
 */
class MonitorStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static Vertx vertx;
  private static RedisClient client;
  private static final List<StatefulRedisConnection<String, String>> connections =
      new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = RedisClients.create(LocalRedis.shared().uri());
  }

  @AfterAll
  static void stop() throws Exception {
    connections.forEach(StatefulRedisConnection::close);
    RedisClients.shutdown(client);
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  /** Two instances' stores for one fresh centre. */
  private static List<MonitorStore> instances() {
    String centre = "mst-" + UUID.randomUUID();
    List<MonitorStore> out = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      StatefulRedisConnection<String, String> c = client.connect();
      connections.add(c);
      out.add(new MonitorStore(c.async(), vertx.getOrCreateContext(), centre));
    }
    return out;
  }

  private static MonitorSession session(String id, String supervisor) {
    return new MonitorSession(
        id, "ast1", supervisor, "006", "001", "a1", "ast1:1.1", MonitorMode.WHISPER, "::1", T0);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(5, TimeUnit.SECONDS);
  }

  @Test
  void ofManyInstancesHearingTheSameStopExactlyOneEndsTheSession() throws Exception {
    List<MonitorStore> two = instances();
    assertTrue(await(two.get(0).create(session("mon-a", "s1"))).isPresent());
    Optional<MonitorStore.Step> on =
        await(
            two.get(1)
                .activate("mon-a", "ast1", T0.plusSeconds(3), "PJSIP/seat006-1", ",whisper,"));
    assertTrue(on.get().moved());
    assertTrue(on.get().session().wasAgentTold());
    assertFalse(
        await(two.get(0).activate("mon-a", "ast1", T0.plusSeconds(4), "", ",whisper,"))
            .get()
            .moved(),
        "the other instance's copy of the same ChanSpyStart");

    List<Future<Optional<MonitorStore.Step>>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racing.add(two.get(i % 2).end("mon-a", "ast1", T0.plusSeconds(13), "", false));
    }
    Future.all(racing).await(5, TimeUnit.SECONDS);
    long moved = racing.stream().filter(f -> f.result().get().moved()).count();
    assertEquals(1, moved, "one end, however many heard it");
    MonitorSession ended = await(two.get(1).get("mon-a")).orElseThrow();
    assertEquals(MonitorSession.State.ENDED, ended.state());
    assertEquals("call ended", ended.reason());
    assertEquals(Duration.ofSeconds(10), ended.duration());
    assertFalse(
        await(two.get(0).activate("mon-a", "ast1", T0.plusSeconds(30), "", ",whisper,"))
            .get()
            .moved(),
        "a late ChanSpyStart does not revive it");
    assertEquals(List.of(), await(two.get(0).live()));
    assertFalse(await(two.get(1).busy("s1")));
  }

  @Test
  void aSupervisorHasOneSessionAcrossInstancesUntilItEnds() throws Exception {
    List<MonitorStore> two = instances();
    assertTrue(await(two.get(0).create(session("mon-b", "s2"))).isPresent());
    assertEquals(
        Optional.empty(), await(two.get(1).create(session("mon-c", "s2"))), "ALREADY_MONITORING");
    assertEquals(Optional.empty(), await(two.get(1).get("mon-c")), "nothing stored");
    assertTrue(await(two.get(1).busy("s2")));
    assertEquals(
        List.of("mon-b"), await(two.get(1).live()).stream().map(MonitorSession::id).toList());

    await(two.get(1).note("mon-b", "", "stop", "1"));
    MonitorStore.Step end = await(two.get(1).end("mon-b", "", T0.plusSeconds(2), "", false)).get();
    assertTrue(end.moved());
    assertEquals("stopped", end.session().reason());
    assertTrue(await(two.get(0).create(session("mon-c", "s2"))).isPresent(), "free again");
  }

  @Test
  void eventsOfAnotherServerAndGivingUpAfterTheLegAppearedChangeNothing() throws Exception {
    List<MonitorStore> two = instances();
    await(two.get(0).create(session("mon-d", "s3")));
    assertEquals(
        Optional.empty(), await(two.get(1).end("mon-d", "ast2", T0.plusSeconds(1), "", false)));
    await(two.get(1).note("mon-d", "ast1", "channel", "PJSIP/seat006-2"));
    assertFalse(
        await(two.get(0).end("mon-d", "", T0.plusSeconds(60), "not answered", true)).get().moved(),
        "the leg is there: the give-up timer leaves it to the exchange's events");
    await(two.get(1).note("mon-d", "ast1", "hangup", "1"));
    MonitorStore.Step end =
        await(two.get(0).end("mon-d", "ast1", T0.plusSeconds(61), "", false)).get();
    assertTrue(end.moved());
    assertEquals("not answered", end.session().reason());
    assertEquals("PJSIP/seat006-2", end.session().channel());
  }

  @Test
  void onlyTheLatestEndedSessionsAreKept() throws Exception {
    List<MonitorStore> two = instances();
    int n = MonitorStore.KEEP_ENDED + 5;
    for (int i = 0; i < n; i++) {
      String id = "mon-e" + i;
      await(two.get(0).create(session(id, "s" + i)));
      await(two.get(1).end(id, "", T0.plusSeconds(i), "failed", false));
    }
    assertEquals(Optional.empty(), await(two.get(0).get("mon-e0")), "the oldest is dropped");
    assertEquals(Optional.empty(), await(two.get(0).get("mon-e4")));
    assertTrue(await(two.get(0).get("mon-e5")).isPresent());
    assertTrue(await(two.get(0).get("mon-e" + (n - 1))).isPresent());
  }
}
