package org.hotline.seat.api;

/**
 * A decision of the assignment: {@code callId} is to ring at {@code seatId}, where {@code agentId}
 * is logged in. The caller of the operation that made it connects the two.
 */
public record Offer(String callId, String agentId, String seatId, String queueId) {}
