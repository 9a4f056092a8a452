package org.hotline.seat.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A call as the seat manager knows it.
 *
 * @param step the escalation step the call waits at (0 = the queue's base rules)
 * @param requeues how often it went back to the head of its line
 * @param offeredAt when its current (or last) offer was made
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
    Duration hold) {}
