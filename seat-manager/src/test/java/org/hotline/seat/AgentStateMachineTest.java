package org.hotline.seat;

import static org.hotline.seat.testing.TestConfig.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.hotline.seat.api.AgentEvent;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.api.AgentStatus;
import org.hotline.seat.api.ErrorCode;
import org.hotline.seat.api.RoutingRequest;
import org.hotline.seat.state.AgentMoves;
import org.hotline.seat.testing.SeatManagerTestBase;
import org.hotline.seat.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every agent state against every operation, through the public API on a real Redis: allowed moves
 * land in the state the table says, refused ones fail with the table's error and write nothing at
 * all.
 */
class AgentStateMachineTest extends SeatManagerTestBase {

  private static final String AGENT = "x";
  private static final String SEAT = "001";

  private void into(AgentState state) {
    start(
        TestConfig.config(
            List.of(
                queue("general", Map.of("general", 1), List.of()),
                queue("rare", Map.of("rare", 1), List.of())),
            10));
    agent(AGENT, Map.of("general", 5));
    join(seats.enqueue(RoutingRequest.of("spare", "rare"))); // waits: nobody has the skill
    if (state == AgentState.LOGGED_OUT) {
      return;
    }
    join(seats.login(AGENT, SEAT));
    switch (state) {
      case AVAILABLE -> {}
      case PAUSED -> join(seats.pause(AGENT, "break"));
      case OFFERED, ON_CALL, WRAP_UP -> {
        join(seats.enqueue(RoutingRequest.of("mine", "general")));
        if (state != AgentState.OFFERED) {
          join(seats.answered("mine"));
        }
        if (state == AgentState.WRAP_UP) {
          later(30_000);
          join(seats.hangUp("mine"));
        }
      }
      default -> throw new IllegalArgumentException(state.name());
    }
    assertEquals(state, join(seats.status(AGENT)).state());
    later(1000);
  }

  /** The agent-centred operations, by the event each one is. */
  private Map<AgentEvent, Supplier<CompletionStage<?>>> agentOperations() {
    Map<AgentEvent, Supplier<CompletionStage<?>>> ops = new LinkedHashMap<>();
    ops.put(AgentEvent.LOGIN, () -> seats.login(AGENT, SEAT));
    ops.put(AgentEvent.LOGOUT, () -> seats.logout(AGENT));
    ops.put(AgentEvent.PAUSE, () -> seats.pause(AGENT, "meal"));
    ops.put(AgentEvent.READY, () -> seats.ready(AGENT));
    ops.put(AgentEvent.WRAP_UP_END, () -> seats.finishWrapUp(AGENT));
    ops.put(AgentEvent.OFFER, () -> seats.offerTo("spare", AGENT));
    return ops;
  }

  @ParameterizedTest
  @EnumSource(AgentState.class)
  void everyAgentOperationIsAppliedOrRefusedAsTheTableSays(AgentState state) {
    for (var op : agentOperations().entrySet()) {
      into(state);
      Map<String, String> before = snapshot();
      Optional<AgentState> next = AgentMoves.next(state, op.getKey());
      if (next.isPresent()) {
        join(op.getValue().get());
        assertEquals(next.get(), join(seats.status(AGENT)).state(), state + " + " + op.getKey());
      } else {
        assertRefused(AgentMoves.refusal(state, op.getKey()), op.getValue().get());
        assertEquals(before, snapshot(), "a refused " + op.getKey() + " in " + state + " wrote");
      }
      assertSound();
      seats.close();
      seats = null;
    }
  }

  @Test
  void aRingingCallIsAnsweredOrNotAnsweredOrAbandoned() {
    into(AgentState.OFFERED);
    join(seats.answered("mine"));
    assertEquals(AgentState.ON_CALL, join(seats.status(AGENT)).state());
    seats.close();

    into(AgentState.OFFERED);
    join(seats.ringNoAnswer("mine", "no-answer", "busy"));
    assertEquals(AgentState.PAUSED, join(seats.status(AGENT)).state());
    seats.close();

    into(AgentState.OFFERED);
    join(seats.hangUp("mine"));
    assertEquals(AgentState.AVAILABLE, join(seats.status(AGENT)).state());
    assertSound();
  }

  @Test
  void aFinishedCallCannotBeAnsweredOrRingAgainAndItsRepeatedHangUpChangesNothing() {
    into(AgentState.WRAP_UP);
    AgentStatus before = join(seats.status(AGENT));
    assertRefused(ErrorCode.CALL_NOT_OFFERED, seats.answered("mine"));
    assertRefused(ErrorCode.CALL_NOT_OFFERED, seats.ringNoAnswer("mine", "no-answer", "noanswer"));
    assertEquals("already-ended", join(seats.hangUp("mine")).outcome());
    assertEquals(before, join(seats.status(AGENT)));
    assertRefused(ErrorCode.CALL_NOT_CONNECTED, seats.hold("mine", true));
  }

  @Test
  void aConnectedCallCannotBeAnsweredAgainNorTakenBack() {
    into(AgentState.ON_CALL);
    assertRefused(ErrorCode.CALL_NOT_OFFERED, seats.answered("mine"));
    assertRefused(ErrorCode.CALL_NOT_OFFERED, seats.ringNoAnswer("mine", "no-answer", "noanswer"));
    assertEquals("finished", join(seats.hangUp("mine")).outcome());
    assertEquals(AgentState.WRAP_UP, join(seats.status(AGENT)).state());
  }

  @Test
  void theTableIsTotalAndNamesTheObviousRefusals() {
    for (AgentState s : AgentState.values()) {
      for (AgentEvent e : AgentEvent.values()) {
        if (AgentMoves.next(s, e).isEmpty()) {
          assertTrue(EnumSet.allOf(ErrorCode.class).contains(AgentMoves.refusal(s, e)));
        }
      }
    }
    assertEquals(ErrorCode.AGENT_PAUSED, AgentMoves.refusal(AgentState.PAUSED, AgentEvent.OFFER));
    assertEquals(ErrorCode.NO_CALL, AgentMoves.refusal(AgentState.AVAILABLE, AgentEvent.CALL_END));
    assertEquals(
        ErrorCode.NO_CALL, AgentMoves.refusal(AgentState.AVAILABLE, AgentEvent.WRAP_UP_END));
    assertEquals(
        ErrorCode.AGENT_ON_CALL, AgentMoves.refusal(AgentState.ON_CALL, AgentEvent.LOGOUT));
    assertEquals(
        ErrorCode.AGENT_LOGGED_OUT, AgentMoves.refusal(AgentState.LOGGED_OUT, AgentEvent.READY));
    assertEquals(
        ErrorCode.AGENT_ALREADY_LOGGED_IN,
        AgentMoves.refusal(AgentState.AVAILABLE, AgentEvent.LOGIN));
  }

  @Test
  void unknownNamesAreRefusedBeforeTouchingRedis() {
    into(AgentState.AVAILABLE);
    assertRefused(ErrorCode.SEAT_UNKNOWN, seats.login("x", "999"));
    assertRefused(ErrorCode.PAUSE_REASON_UNKNOWN, seats.pause("x", "nap"));
    assertRefused(ErrorCode.AGENT_UNKNOWN, seats.login("nobody", "002"));
    assertRefused(ErrorCode.AGENT_UNKNOWN, seats.ready("bad id with spaces"));
    assertRefused(ErrorCode.QUEUE_UNKNOWN, seats.enqueue(RoutingRequest.of("c9", "nope")));
    assertRefused(ErrorCode.CALL_EXISTS, seats.enqueue(RoutingRequest.of("spare", "rare")));
    assertRefused(ErrorCode.SEAT_TAKEN, loginOther());
  }

  private CompletionStage<?> loginOther() {
    agent("y", Map.of("general", 5));
    return seats.login("y", SEAT);
  }

  /** Every key of the centre with its serialized value. */
  private Map<String, String> snapshot() {
    Map<String, String> values = new java.util.TreeMap<>();
    for (String key : invariants().keysMatching("*")) {
      byte[] dump = raw().dump(key);
      values.put(key, dump == null ? "" : java.util.HexFormat.of().formatHex(dump));
    }
    return values;
  }
}
