package org.hotline.reports.centre;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The edges of the wait-time distribution, in seconds: edges {@code 10, 20, 30} make the buckets
 * 0–10, 10–20, 20–30 and 30+. A bucket holds its lower edge, not its upper one (a wait of exactly
 * 10 s is in 10–20), as QueueMetrics draws them.
 *
 * @param edgesSeconds the upper edges of all buckets but the last, increasing, above 0
 */
public record WaitBuckets(List<Integer> edgesSeconds) {

  /** 0–10, 10–20, 20–30, 30–60, 60–120, 120–300 and 300+ seconds. */
  public static final WaitBuckets DEFAULT = new WaitBuckets(List.of(10, 20, 30, 60, 120, 300));

  public WaitBuckets {
    Objects.requireNonNull(edgesSeconds, "edgesSeconds");
    if (edgesSeconds.isEmpty()) {
      throw new IllegalArgumentException("at least one edge");
    }
    int previous = 0;
    for (Integer edge : edgesSeconds) {
      if (edge == null || edge <= previous) {
        throw new IllegalArgumentException("edges must increase from above 0: " + edgesSeconds);
      }
      previous = edge;
    }
    edgesSeconds = List.copyOf(edgesSeconds);
  }

  /** Every bucket's lower edge, 0 first: what {@code width_bucket} numbers the buckets by. */
  List<Integer> lowerEdges() {
    List<Integer> lower = new ArrayList<>();
    lower.add(0);
    lower.addAll(edgesSeconds);
    return lower;
  }
}
