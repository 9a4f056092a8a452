package org.hotline.cases.config;

import java.time.Duration;
import org.hotline.support.time.Durations;

/**
 * The dispatch outbox.
 *
 * @param maxAttempts deliveries tried this often before they land in the dead-letter list
 * @param backoffBase attempt n waits a random time up to {@code base * 2^(n-1)} (full jitter)
 * @param backoffMax ... capped at this
 * @param claimIdle a delivery claimed by an instance and not settled for this long is taken over by
 *     another (the first one died); must exceed the target's timeout
 * @param batch deliveries in flight per instance
 * @param pollInterval how often an idle worker looks for work
 * @param deliverDirectAnswers cases answered on the call are delivered too, for the record
 */
public record OutboxSettings(
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    Duration claimIdle,
    int batch,
    Duration pollInterval,
    boolean deliverDirectAnswers) {

  public static final OutboxSettings DEFAULTS =
      new OutboxSettings(
          12,
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          32,
          Duration.ofMillis(200),
          true);

  public OutboxSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Durations.positive(backoffBase, "backoffBase");
    Durations.positive(backoffMax, "backoffMax");
    Durations.positive(claimIdle, "claimIdle");
    Durations.positive(pollInterval, "pollInterval");
    if (batch < 1 || batch > 1000) {
      throw new IllegalArgumentException("batch must be 1..1000");
    }
  }
}
