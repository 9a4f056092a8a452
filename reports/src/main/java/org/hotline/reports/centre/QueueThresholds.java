package org.hotline.reports.centre;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A queue's thresholds, as its configuration gives them ({@code config/queues.yaml}, the seat
 * manager's {@code QueueConfig}): reports take them as parameters rather than reading the
 * configuration, so the wiring decides which configuration a report follows.
 *
 * @param serviceLevel a call answered within this wait (inclusive) counts as within service level
 * @param shortAbandon a caller who hangs up waiting less than this is a short abandon, kept out of
 *     the rates
 */
public record QueueThresholds(String queueId, Duration serviceLevel, Duration shortAbandon) {

  public static final Duration DEFAULT_SERVICE_LEVEL = Duration.ofSeconds(20);
  public static final Duration DEFAULT_SHORT_ABANDON = Duration.ofSeconds(5);

  /** Queue ids as the seat manager allows them. */
  private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,40}");

  public QueueThresholds {
    if (queueId == null || !ID.matcher(queueId).matches()) {
      throw new IllegalArgumentException("queue id must match " + ID + ": " + queueId);
    }
    requirePositive(serviceLevel, "serviceLevel of " + queueId);
    requirePositive(shortAbandon, "shortAbandon of " + queueId);
  }

  /** A queue with the defaults of {@code KPI.md}: 20 s service level, 5 s short abandon. */
  public static QueueThresholds of(String queueId) {
    return new QueueThresholds(queueId, DEFAULT_SERVICE_LEVEL, DEFAULT_SHORT_ABANDON);
  }

  double serviceLevelSeconds() {
    return serviceLevel.toMillis() / 1000.0;
  }

  double shortAbandonSeconds() {
    return shortAbandon.toMillis() / 1000.0;
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}
