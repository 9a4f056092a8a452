package org.hotline.seat;

import static org.hotline.seat.testing.TestConfig.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.CallLeg;
import org.hotline.seat.api.CallState;
import org.hotline.seat.api.CallView;
import org.hotline.seat.api.Decision;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.Offer;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.stats.QueueStatistics;
import org.hotline.seat.testing.SeatManagerTestBase;
import org.hotline.seat.testing.TestConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blind transfers: the holder wraps up, the same call starts again in its new queue. */
class TransferTest extends SeatManagerTestBase {

  @BeforeEach
  void centre() {
    start(
        TestConfig.config(
            List.of(
                queue("general", Map.of("general", 1), List.of()),
                queue("water", Map.of("water", 1), List.of())),
            10));
  }

  private CallView view(String callId) {
    return join(seats.call(callId)).orElseThrow();
  }

  /** c1 rings at a1 (general only) and is answered. */
  private void answeredByA1() {
    loggedIn("a1", "001", Map.of("general", 5));
    onlyOffer(join(seats.enqueue(RoutingRequest.of("c1", "general"))));
    later(2000);
    join(seats.answered("c1", "001"));
    later(30_000);
  }

  private Decision transfer(String from, String queue, Optional<String> to) {
    return join(seats.transfer("c1", from, RoutingRequest.of("c1", queue), to));
  }

  @Test
  void aTransferToAQueueWrapsTheHolderUpAndOffersTheCallToAnAgentThere() {
    answeredByA1();
    loggedIn("b1", "002", Map.of("water", 5));

    Offer offer = onlyOffer(transfer("a1", "water", Optional.empty()));

    assertEquals(new Offer("c1", "b1", "002", "water"), offer);
    assertInstanceOf(AgentStatus.WrapUp.class, join(seats.status("a1")));
    CallView c = view("c1");
    assertEquals(CallState.OFFERED, c.state());
    assertEquals("water", c.queueId());
    CallLeg first = c.earlierLegs().get(0);
    assertEquals(
        List.of("general", "a1", "001"), List.of(first.queueId(), first.agentId(), first.seatId()));
    assertEquals(Duration.ofSeconds(30), first.talk());
    assertTrue(c.servedBy("a1") && c.servedBy("b1"));
    assertTrue(c.firstEnqueuedAt().isBefore(c.enqueuedAt()));

    later(3000);
    join(seats.answered("c1", "002"));
    later(10_000);
    assertEquals("finished", join(seats.hangUp("c1")).outcome());
    assertInstanceOf(AgentStatus.WrapUp.class, join(seats.status("b1")));
    join(seats.finishWrapUp("a1"));
    QueueStatistics general = join(seats.statistics()).queue("general").orElseThrow();
    QueueStatistics water = join(seats.statistics()).queue("water").orElseThrow();
    assertEquals(Duration.ofSeconds(30), general.totalTalk(), "the first leg's talk");
    assertEquals(1, general.handled(), "the first agent's wrap-up counts where they served");
    assertEquals(Duration.ofSeconds(10), water.totalTalk(), "the second leg's talk");
    assertEquals(1, water.answered());
    assertSound();
  }

  @Test
  void aTransferWithNobodyFreeThereWaitsInTheNewQueue() {
    answeredByA1();
    Decision d = transfer("a1", "water", Optional.empty());
    assertTrue(d.offers().isEmpty());
    assertEquals(CallState.WAITING, view("c1").state());
    assertEquals(
        "c1", onlyOffer(loggedIn("b1", "002", Map.of("water", 5))).callId(), "offered later");
    assertSound();
  }

  @Test
  void aTransferToANamedAgentRingsOnlyThemAndIsRefusedWhenTheyAreNotFree() {
    answeredByA1();
    loggedIn("b1", "002", Map.of("general", 5));
    loggedIn("b2", "003", Map.of("general", 5));
    join(seats.pause("b2", "break"));

    assertRefused(
        ErrorCode.AGENT_PAUSED,
        seats.transfer("c1", "a1", RoutingRequest.of("c1", "general"), Optional.of("b2")));
    assertEquals(CallState.CONNECTED, view("c1").state(), "a refusal changes nothing");

    Offer offer = onlyOffer(transfer("a1", "general", Optional.of("b1")));
    assertEquals("b1", offer.agentId());
    assertSound();
  }

  @Test
  void onlyTheHolderOfAConnectedCallCanTransferItAndOnlyOnce() {
    answeredByA1();
    loggedIn("b1", "002", Map.of("water", 5));
    assertRefused(
        ErrorCode.NO_CALL,
        seats.transfer("c1", "b1", RoutingRequest.of("c1", "water"), Optional.empty()));
    assertRefused(
        ErrorCode.QUEUE_UNKNOWN,
        seats.transfer("c1", "a1", RoutingRequest.of("c1", "nowhere"), Optional.empty()));
    transfer("a1", "water", Optional.empty());
    // the same request again (a retry, a second click) changes nothing
    assertRefused(
        ErrorCode.CALL_NOT_CONNECTED,
        seats.transfer("c1", "a1", RoutingRequest.of("c1", "water"), Optional.empty()));
    assertSound();
  }

  @Test
  void aCallerWhoHangsUpDuringATransferLeavesNoSeatBehind() {
    answeredByA1();
    loggedIn("b1", "002", Map.of("water", 5));
    transfer("a1", "water", Optional.empty());
    assertEquals("abandoned", join(seats.hangUp("c1")).outcome());
    assertInstanceOf(AgentStatus.Available.class, join(seats.status("b1")));
    assertInstanceOf(AgentStatus.WrapUp.class, join(seats.status("a1")));
    assertSound();
  }

  @Test
  void aConsultedSupervisorTakesTheCallAtOnceAndTheHolderWrapsUp() {
    answeredByA1();
    loggedIn("s1", "003", Map.of("general", 5));
    assertRefused(
        ErrorCode.NO_CALL,
        seats.transferConsulted("c1", "a1", RoutingRequest.of("c1", "general"), "s1"));
    join(seats.pauseForSystem("s1", PauseReason.CONSULT));

    Decision d =
        join(seats.transferConsulted("c1", "a1", RoutingRequest.of("c1", "general"), "s1"));

    assertTrue(d.offers().isEmpty(), "nothing rings: the supervisor talks to the caller already");
    assertInstanceOf(AgentStatus.WrapUp.class, join(seats.status("a1")));
    assertInstanceOf(AgentStatus.OnCall.class, join(seats.status("s1")));
    CallView c = view("c1");
    assertEquals(CallState.CONNECTED, c.state());
    assertEquals(Optional.of("s1"), c.agentId());
    assertEquals("a1", c.earlierLegs().get(0).agentId());
    later(10_000);
    assertEquals("finished", join(seats.hangUp("c1")).outcome());
    assertInstanceOf(AgentStatus.WrapUp.class, join(seats.status("s1")));
    assertSound();
  }

  @Test
  void aSupervisorPausedForAnotherReasonIsNotHandedTheCall() {
    answeredByA1();
    loggedIn("s1", "003", Map.of("general", 5));
    join(seats.pause("s1", "break"));
    assertRefused(
        ErrorCode.AGENT_PAUSED,
        seats.transferConsulted("c1", "a1", RoutingRequest.of("c1", "general"), "s1"));
    assertEquals(CallState.CONNECTED, view("c1").state());
  }
}
