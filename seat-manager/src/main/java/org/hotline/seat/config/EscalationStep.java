package org.hotline.seat.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One widening of a queue's eligible agents, {@code after} the call entered the queue. Widening is
 * cumulative: a later step keeps what earlier steps widened. The call keeps its place in line.
 *
 * @param after time since the call entered the queue
 * @param minLevel lowest skill level accepted from now on (caps every required skill's level)
 * @param dropDistrict whether agents who do not serve the call's district may now take it
 * @param overflow queues whose agents may now take the call too (at those queues' base rules)
 */
public record EscalationStep(
    Duration after, OptionalInt minLevel, boolean dropDistrict, List<String> overflow) {
  public EscalationStep {
    Objects.requireNonNull(after, "after");
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("an escalation step must come after 0 s, not " + after);
    }
    Objects.requireNonNull(minLevel, "minLevel");
    overflow = List.copyOf(overflow);
  }
}
