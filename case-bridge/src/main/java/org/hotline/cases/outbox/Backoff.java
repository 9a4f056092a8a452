package org.hotline.cases.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after attempt {@code n} the next waits between half and all of
 * {@code min(max, base * 2^(n-1))}, chosen at random, so that the deliveries that failed together
 * when a target went down do not all come back in the same instant.
 */
public record Backoff(Duration base, Duration max) {

  public Duration after(int attempt) {
    long baseMs = base.toMillis();
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long cap = Math.min(max.toMillis(), baseMs << shift);
    if (cap <= 1) {
      return Duration.ofMillis(cap);
    }
    long half = cap / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(cap - half + 1));
  }
}
