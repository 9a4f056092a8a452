package org.hotline.seat.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A call as the seat manager knows it.
 *
 * @param step the escalation step the call waits at (0 = the queue's base rules)
 * @param requeues how often it went back to the head of its line
 * @param offeredAt when its current (or last) offer was made
 * @param earlierLegs the parts of the call answered and handed on before (transfers), oldest first;
 *     the other fields describe the call since its last transfer
 */
public record CallView(
    String callId,
    String queueId,
    CallState state,
    int priority,
    String language,
    Optional<String> district,
    Instant enqueuedAt,
    int step,
    int requeues,
    Optional<String> agentId,
    Optional<String> seatId,
    Optional<Instant> offeredAt,
    Optional<Instant> answeredAt,
    Optional<Instant> endedAt,
    Duration talk,
    Duration hold,
    List<CallLeg> earlierLegs) {

  public CallView {
    earlierLegs = List.copyOf(earlierLegs);
  }

  /** When the call first waited in a queue (before any transfer). */
  public Instant firstEnqueuedAt() {
    return earlierLegs.isEmpty() ? enqueuedAt : earlierLegs.get(0).enqueuedAt();
  }

  /** Whether {@code agentId} holds the call now or answered an earlier part of it. */
  public boolean servedBy(String agentId) {
    return agentId.equals(this.agentId.orElse(""))
        || earlierLegs.stream().anyMatch(l -> l.agentId().equals(agentId));
  }
}
