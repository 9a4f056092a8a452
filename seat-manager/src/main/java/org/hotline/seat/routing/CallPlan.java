package org.hotline.seat.routing;

import java.time.Duration;
import java.util.List;

/**
 * Where a call waits over time: step 0 from the start, step i from {@code steps.get(i).after()}.
 */
public record CallPlan(List<Step> steps) {

  public CallPlan {
    if (steps.isEmpty() || !steps.get(0).after().isZero()) {
      throw new IllegalArgumentException("a plan starts with a step at 0 s");
    }
    steps = List.copyOf(steps);
  }

  /** The buckets a call waits in from {@code after} on. */
  public record Step(Duration after, List<String> buckets) {
    public Step {
      if (buckets.isEmpty()) {
        throw new IllegalArgumentException("a step needs a bucket");
      }
      buckets = List.copyOf(buckets);
    }

    public String encodedBuckets() {
      return String.join(",", buckets);
    }
  }
}
