package org.hotline.cases.api;

import java.time.Duration;

/**
 * The dispatch outbox at a glance.
 *
 * @param pending deliveries not yet acknowledged by the target (waiting, in flight or retrying)
 * @param retrying of those, how many wait for a retry
 * @param dead deliveries in the dead-letter list
 * @param lag age of the oldest pending delivery; zero when none is pending
 */
public record OutboxStatus(long pending, long retrying, long dead, Duration lag) {

  public static final OutboxStatus EMPTY = new OutboxStatus(0, 0, 0, Duration.ZERO);
}
