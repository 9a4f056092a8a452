package org.hotline.seat.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.hotline.seat.stats.LiveStatistics;

/**
 * Who may take which call, and when. Every operation is one atomic decision in Redis: two instances
 * on one Redis never give one agent two calls or one call two agents.
 *
 * <p>Operations complete with a {@link Decision}, or fail with a {@link SeatManagerException}
 * (refused, nothing changed) or another exception (Redis unreachable: the operation may or may not
 * have been applied; every operation can be repeated safely).
 */
public interface SeatManager extends AutoCloseable {

  /** Adds or replaces an agent in the directory; takes effect at their next login. */
  CompletionStage<Void> registerAgent(Agent agent);

  CompletionStage<Optional<Agent>> agent(String agentId);

  /** Logs the agent in at the seat, available; a waiting call may be offered at once. */
  default CompletionStage<Decision> login(String agentId, String seatId) {
    return login(agentId, seatId, Optional.empty());
  }

  /** Logs in, paused with {@code pauseReason} when given. */
  CompletionStage<Decision> login(String agentId, String seatId, Optional<String> pauseReason);

  /** Logs out; a call ringing at the seat goes back to the head of its line. */
  CompletionStage<Decision> logout(String agentId);

  /** Pauses with a reason from configuration; ends wrap-up. */
  CompletionStage<Decision> pause(String agentId, String reason);

  /**
   * Pauses with one of the system's own reasons (such as {@code callback}, while the agent calls a
   * resident back), which people cannot choose themselves; ends wrap-up.
   */
  CompletionStage<Decision> pauseForSystem(String agentId, String systemReason);

  /** Available again (from pause or wrap-up); a waiting call may be offered at once. */
  CompletionStage<Decision> ready(String agentId);

  /** Ends after-call work; refused when the agent is not in wrap-up. */
  CompletionStage<Decision> finishWrapUp(String agentId);

  /** Queues a call; it is offered at once when an eligible agent is available. */
  CompletionStage<Decision> enqueue(RoutingRequest request);

  /** A supervisor hands a waiting call to a chosen available agent. */
  CompletionStage<Decision> offerTo(String callId, String agentId);

  /** The seat answered the ringing call. */
  default CompletionStage<Decision> answered(String callId) {
    return answered(callId, "");
  }

  /**
   * {@code seatId} answered the call; refused with OFFER_MISMATCH when the call now rings at
   * another seat (a late report about an earlier offer). An empty seat means whichever.
   */
  CompletionStage<Decision> answered(String callId, String seatId);

  /**
   * The ringing call was not answered: it goes back to the head of its line and the agent is paused
   * with {@code pauseReason} ({@code no-answer} usually).
   *
   * @param how what happened at the seat: noanswer, busy, unavailable, rejected
   */
  default CompletionStage<Decision> ringNoAnswer(String callId, String pauseReason, String how) {
    return ringNoAnswer(callId, "", pauseReason, how);
  }

  /**
   * As {@link #ringNoAnswer(String, String, String)}, about the offer at {@code seatId}: refused
   * with OFFER_MISMATCH when the call already rings elsewhere (every report of a failed dial may
   * come twice, from AMI and from the dialplan, and the second must not hit the next offer).
   */
  CompletionStage<Decision> ringNoAnswer(
      String callId, String seatId, String pauseReason, String how);

  /**
   * A blind transfer of a connected call by the agent who holds it: their part ends as at a hang-up
   * (wrap-up starts) and the same call is queued again as {@code request} says, offered at once
   * when an agent is free there; with {@code toAgent}, offered to that agent only (refused unless
   * they are available). Refused with CALL_NOT_CONNECTED, NO_CALL (not that agent's call),
   * QUEUE_UNKNOWN, or the target agent's state; nothing changes then.
   */
  CompletionStage<Decision> transfer(
      String callId, String fromAgentId, RoutingRequest request, Optional<String> toAgent);

  /**
   * The hand-over after a consultation: as {@link #transfer} to {@code toAgent}, who was paused for
   * {@code consult} (see {@code PauseReason.CONSULT}) and talks to the caller already, so the call
   * is connected at them at once. Refused with AGENT_PAUSED (another reason) or the agent's state
   * when they were not being consulted.
   */
  CompletionStage<Decision> transferConsulted(
      String callId, String fromAgentId, RoutingRequest request, String toAgent);

  /** The caller's channel is gone: an abandon while waiting or ringing, else the call's end. */
  CompletionStage<Decision> hangUp(String callId);

  /** The connected call was put on or taken off hold. */
  CompletionStage<Decision> hold(String callId, boolean onHold);

  /** Runs due timers: escalation steps, offer time-outs, wrap-up limits, maximum waits. */
  CompletionStage<Decision> tick();

  CompletionStage<AgentStatus> status(String agentId);

  /**
   * Every call not yet ended, with its state (waiting, offered, connected): what the telephony side
   * reconciles against the exchange's channels after a reconnect. Cost grows with the calls in
   * progress, not with history.
   */
  CompletionStage<java.util.Map<String, CallState>> activeCalls();

  CompletionStage<Optional<CallView>> call(String callId);

  /** Every queue's live figures and today's counters, read in one round trip. */
  CompletionStage<LiveStatistics> statistics();

  /** The agent signed in at {@code seatId} now; empty when nobody is. */
  CompletionStage<Optional<String>> agentAt(String seatId);

  /** Every seat with an agent signed in, as the floor is now (read in stretches). */
  CompletionStage<java.util.List<org.hotline.seat.stats.FloorSeat>> floor();

  @Override
  void close();
}
