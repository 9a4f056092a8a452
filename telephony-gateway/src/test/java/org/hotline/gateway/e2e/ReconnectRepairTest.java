package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.ChannelInfo;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.Agent;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.Role;
import org.hotline.seat.metrics.DecisionRecorder;
import org.hotline.seat.redis.RedisSeatManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a gateway finds when it (re)connects to an exchange whose calls moved on without it: an
 * offer another instance decided but never rang, and a holding caller the seat manager lost.
 */
class ReconnectRepairTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private Harness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private Instant placed;

  /** A holding caller, queued by the first gateway with nobody available. */
  private String holdingCaller() throws Exception {
    h = Harness.start(o -> o.withSeed(11), Duration.ofSeconds(5));
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.2, 30));
    placed = Instant.now();
    String channel =
        h.sim
            .placeCall(
                new CallSpec("13912345678", "", "10000", Double.POSITIVE_INFINITY, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    h.await("holding in the hold application", WAIT, () -> holding(channel));
    return channel;
  }

  private boolean holding(String channel) {
    return h.sim.channels().toCompletionStage().toCompletableFuture().join().stream()
        .anyMatch(
            c -> c.name().equals(channel) && c.application().equals("MusicOnHold") && !c.bridged());
  }

  private String callIdOf(String channel) throws Exception {
    return "ast1:"
        + h.sim.channels().await(5, TimeUnit.SECONDS).stream()
            .filter(c -> c.name().equals(channel))
            .map(ChannelInfo::uniqueid)
            .findFirst()
            .orElseThrow();
  }

  private Optional<CallView> view(String callId) {
    return h.gateway.seats().call(callId).toCompletableFuture().join();
  }

  @Test
  void anOfferADeadInstanceDecidedButNeverRangIsRungByTheNextGateway() throws Exception {
    String channel = holdingCaller();
    String callId = callIdOf(channel);
    h.stopGateway();
    // the instance that makes this decision dies before carrying it out
    try (RedisSeatManager dying =
        RedisSeatManager.connect(
            LocalRedis.shared().uri(), h.seatConfig, Clock.systemUTC(), DecisionRecorder.NONE)) {
      dying
          .registerAgent(
              new Agent("a1", "a1", Role.AGENT, Map.of("general", 5), Set.of("zh"), Set.of()))
          .toCompletableFuture()
          .join();
      Decision d = dying.login("a1", "001").toCompletableFuture().join();
      assertEquals(callId, d.offers().get(0).callId(), "offered, never rung");
    }
    // a live instance rings a holding caller at once: only an offer older than a few seconds
    // whose caller still holds is taken as never rung
    Thread.sleep(5500);
    assertTrue(holding(channel), "nothing rang the seat");

    h.startGateway(h.seatConfig);
    h.await(
        "answered at seat 001", WAIT, () -> view(callId).flatMap(CallView::answeredAt).isPresent());
    assertEquals(Optional.of("001"), view(callId).orElseThrow().seatId());
    assertEquals(
        AgentState.ON_CALL, h.gateway.seats().status("a1").toCompletableFuture().join().state());
  }

  @Test
  void aHoldingCallerTheSeatManagerLostIsAdoptedInArrivalOrderAndAnswered() throws Exception {
    String channel = holdingCaller();
    String callId = callIdOf(channel);
    h.stopGateway();
    Thread.sleep(3000);

    // a new centre: its seat manager has never heard of the call (as after losing Redis)
    h.startGateway(Harness.seatConfig());
    h.await("adopted", WAIT, () -> view(callId).isPresent());
    CallView adopted = view(callId).orElseThrow();
    assertEquals("general", adopted.queueId(), "the queue its first gateway chose");
    assertTrue(
        adopted.enqueuedAt().isBefore(placed.plusSeconds(1)),
        "it keeps its arrival (" + placed + "), not the adoption time: " + adopted.enqueuedAt());

    h.agent("a1", "001", "zh");
    h.await("answered", WAIT, () -> view(callId).flatMap(CallView::answeredAt).isPresent());
    assertEquals(1, h.sim.stats().answered());
  }
}
