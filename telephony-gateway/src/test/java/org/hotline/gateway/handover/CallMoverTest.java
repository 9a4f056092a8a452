package org.hotline.gateway.handover;

import static org.hotline.gateway.handover.Steps.CALL_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.gateway.calls.CallRecord;
import org.hotline.gateway.switchboard.Telephony;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.junit.jupiter.api.Test;

/**
 * The mover against a recording stand-in for the exchange: which AMI moves it sends, and when, for
 * the channel positions the events show. (The real exchange is in the end-to-end tests.)
 */
class CallMoverTest {

  private final Steps steps = new Steps();
  private final List<String> sent = new ArrayList<>();
  private final DialplanPositions positions = new DialplanPositions(Steps.NAMES, steps.now::get);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private Optional<CallView> seatManagerSays = offeredAt("001");
  private final java.util.Set<String> claimed = new java.util.HashSet<>();
  private final CallMover mover =
      new CallMover(
          positions,
          new Telephony() {
            @Override
            public Future<Void> connect(CallRecord call, String device, String recording) {
              sent.add("connect " + device);
              return Future.succeededFuture();
            }

            @Override
            public Future<Void> pullBack(CallRecord call) {
              sent.add("pull back");
              return Future.succeededFuture();
            }
          },
          callId -> Future.succeededFuture(seatManagerSays),
          (callId, offer) -> Future.succeededFuture(claimed.add(callId + "/" + offer)),
          steps.now::get,
          Duration.ofSeconds(20),
          metrics);
  private final CallRecord call =
      new CallRecord(
          CALL_ID,
          "ast1",
          "PJSIP/trunk-00000001",
          Steps.UNIQUE_ID,
          "13912345678",
          "",
          "12345",
          "general",
          "zh",
          Instant.EPOCH,
          "hotline/20261207/ast1-1796041115.3395");

  CallMoverTest() {
    positions.listener(mover);
  }

  @Test
  void aCallerHoldingInTheHoldApplicationIsRedirectedAtOnce() {
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    mover.connect(call, "001", "PJSIP/seat001");
    assertEquals(List.of("connect PJSIP/seat001"), sent);
    assertEquals(1.0, count("redirect"));
  }

  @Test
  void anOfferMadeAsTheAgiEndsWaitsUntilTheCallerIsInsideTheHoldApplication() {
    positions.accept(steps.step("hotline-in", 7, "AGI", "agi://gw/incoming"));
    mover.connect(call, "001", "PJSIP/seat001");
    positions.accept(steps.step("hotline-in", 9, "Goto", "hotline-hold,s,1"));
    positions.accept(steps.step("hotline-hold", 1, "GotoIf", "0?hotline-retry,s,1"));
    assertEquals(List.of(), sent, "the channel is between applications: no Redirect");
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertEquals(List.of("connect PJSIP/seat001"), sent);
    assertEquals(1.0, count("redirect-after-waiting"));
    assertEquals(0, mover.waiting());
  }

  @Test
  void aWaitingRingThatAnotherInstanceClaimedIsNotSentTwice() {
    positions.accept(steps.step("hotline-in", 7, "AGI", "agi://gw/incoming"));
    mover.connect(call, "001", "PJSIP/seat001");
    claimed.add(CALL_ID + "/" + CallMover.Claims.offerKey(seatManagerSays.orElseThrow()));
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertEquals(List.of(), sent, "the reconciler of another instance rang it already");
  }

  @Test
  void aWaitingOfferThatAnAgiSessionHandedOverIsNeverRedirected() {
    positions.accept(steps.step("hotline-connect", 7, "AGI", "agi://gw/dialresult,NOANSWER"));
    mover.connect(call, "001", "PJSIP/seat001");
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.accept(steps.dialBegin());
    positions.accept(steps.dialEnd("NOANSWER"));
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertEquals(List.of(), sent, "the session connected it; later safe moments are not for it");
  }

  @Test
  void anOfferThatNoLongerStandsWhenTheMomentComesIsDropped() {
    positions.accept(steps.step("hotline-in", 7, "AGI", "agi://gw/incoming"));
    mover.connect(call, "001", "PJSIP/seat001");
    seatManagerSays = offeredAt("002"); // taken back and offered elsewhere meanwhile
    positions.accept(steps.step("hotline-hold", 3, "MusicOnHold", "default,1800"));
    assertEquals(List.of(), sent);
    assertEquals(0, mover.waiting());
  }

  @Test
  void aMoveThatNeverFindsASafeMomentIsGivenUpAndLeftToTheOfferTimeOut() {
    positions.accept(steps.step("hotline-retry", 4, "AGI", "agi://gw/incoming"));
    mover.connect(call, "001", "PJSIP/seat001");
    steps.later(Duration.ofSeconds(19));
    mover.sweep();
    assertEquals(1, mover.waiting());
    steps.later(Duration.ofSeconds(2));
    mover.sweep();
    assertEquals(0, mover.waiting());
    assertEquals(1.0, metrics.find("hotline.moves.given.up").counter().count());
  }

  @Test
  void aRingingSeatIsPulledBackAtOnceOrWhenItsDialStartsRinging() {
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.accept(steps.dialBegin());
    mover.pullBack(call);
    assertEquals(List.of("pull back"), sent);
    sent.clear();

    positions.accept(steps.dialEnd("CANCEL"));
    positions.accept(steps.step("hotline-connect", 1, "NoOp", "Connect"));
    mover.pullBack(call);
    assertEquals(List.of(), sent, "not yet ringing: a Redirect now could land between priorities");
    positions.accept(steps.step("hotline-connect", 5, "Dial", "PJSIP/seat001,15"));
    positions.accept(steps.dialBegin());
    assertEquals(List.of("pull back"), sent);
  }

  @Test
  void aCallerWhoHangsUpTakesTheirWaitingMoveWithThem() {
    positions.accept(steps.step("hotline-in", 7, "AGI", "agi://gw/incoming"));
    mover.connect(call, "001", "PJSIP/seat001");
    positions.accept(steps.hungUp());
    assertEquals(0, mover.waiting());
  }

  private double count(String how) {
    return metrics.find("hotline.calls.connects").tag("how", how).counter().count();
  }

  private static Optional<CallView> offeredAt(String seat) {
    return Optional.of(
        new CallView(
            CALL_ID,
            "general",
            CallState.OFFERED,
            0,
            "zh",
            Optional.empty(),
            Instant.EPOCH,
            0,
            0,
            Optional.of("a1"),
            Optional.of(seat),
            Optional.of(Instant.EPOCH.plusSeconds(seat.hashCode() & 0xff)),
            Optional.empty(),
            Optional.empty(),
            Duration.ZERO,
            Duration.ZERO,
            java.util.List.of()));
  }
}
