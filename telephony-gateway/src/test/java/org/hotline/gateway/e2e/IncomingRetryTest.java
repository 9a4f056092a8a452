package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ChannelInfo;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dialplan's retry context asks /incoming again while a call is not queued. A retry the seat
 * manager cannot serve must leave the caller asking again, never holding with a call id that no
 * queue stands behind (nothing would ever move them from hold).
 */
class IncomingRetryTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The step of a caller who holds, waiting for the gateway to redirect them to a seat. */
  private static final String HELD = "hotline-hold MusicOnHold";

  private Harness h;
  private LocalRedis redis;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void retriesTheSeatManagerCannotServeKeepTheCallerAskingAndTheFirstThatCanQueuesThem()
      throws Exception {
    redis = LocalRedis.start(true);
    h = Harness.start(o -> o.withSeed(41), Duration.ofSeconds(5), redis.uri());
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 30));
    h.agent("mandarin", "001", "zh");
    List<String> steps = new CopyOnWriteArrayList<>();
    h.sim.onEvent(
        e -> {
          if (e.value("Event").equals("Newexten") && e.value("Channel").startsWith("PJSIP/trunk")) {
            steps.add(e.value("Context") + " " + e.value("Application"));
          }
        });

    // the first /incoming fails outright (a gateway restarting): the caller goes to retry ...
    h.sim.refuseFastAgi(Duration.ofMillis(500)).await(5, TimeUnit.SECONDS);
    Instant placed = Instant.now();
    String channel =
        h.sim
            .placeCall(
                new CallSpec("13912345678", "", "10000", Double.POSITIVE_INFINITY, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    // ... and every retry finds the seat manager's store gone
    redis.kill();
    h.await(
        "two retries failed, or the caller put on hold",
        WAIT,
        () -> h.sim.stats().agiSessions() >= 3 || steps.contains(HELD));
    assertFalse(steps.contains(HELD), "never held without a queue: " + steps);
    assertEquals(1, h.sim.stats().agiFailures(), "only the first attempt failed to connect");
    assertTrue(steps.contains("hotline-retry AGI"), "asked again: " + steps);
    // between two retries the caller passes hold's first step (the GotoIf that finds no call id
    // and sends them back to retry): a snapshot may catch them there; what counts is where they
    // settle, and that music on hold never starts
    h.await(
        "still asking from retry", WAIT, () -> channel(channel).context().equals("hotline-retry"));
    ChannelInfo now = channel(channel);
    assertFalse(steps.contains(HELD), "never held without a queue: " + steps);

    redis.restart();
    String callId = "ast1:" + now.uniqueid();
    h.await(
        "queued and answered once the seat manager is back",
        WAIT,
        () -> view(callId).map(v -> v.state() == CallState.CONNECTED).orElse(false));
    assertTrue(
        view(callId).orElseThrow().enqueuedAt().isBefore(placed.plusSeconds(1)),
        "the caller kept their arrival as their place in line");
    assertEquals(1, h.sim.stats().answered());
    assertEquals(0, h.sim.stats().abandoned());
  }

  private ChannelInfo channel(String name) {
    try {
      return h.sim.channels().await(5, TimeUnit.SECONDS).stream()
          .filter(c -> c.name().equals(name))
          .findFirst()
          .orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<CallView> view(String callId) {
    try {
      return h.gateway.seats().call(callId).toCompletableFuture().join();
    } catch (RuntimeException e) {
      return Optional.empty(); // Redis still coming back
    }
  }
}
