package org.hotline.seat.stats;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hotline.seat.api.AgentState;

/**
 * A seat with an agent signed in at it, now: the wallboard's floor cell.
 *
 * @param since when the agent entered {@code state}
 * @param reason the pause reason (empty unless paused)
 * @param callId the call ringing, connected or wrapped up (empty when none)
 * @param queues the queues the agent serves
 */
public record FloorSeat(
    String seatId,
    String agentId,
    AgentState state,
    Instant since,
    String reason,
    Optional<String> callId,
    List<String> queues) {

  public FloorSeat {
    Objects.requireNonNull(seatId, "seatId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(callId, "callId");
    queues = List.copyOf(queues);
  }
}
