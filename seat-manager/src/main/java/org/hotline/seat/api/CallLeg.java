package org.hotline.seat.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A part of a call that an agent answered and handed on (a transfer): the queue it waited in, who
 * answered it, and when it was handed on.
 */
public record CallLeg(
    String queueId,
    String agentId,
    String seatId,
    Instant enqueuedAt,
    Instant answeredAt,
    Instant handedOnAt,
    Duration talk) {}
