package org.hotline.asterisk.sim.distribution;

import java.util.Random;

/**
 * A distribution of non-negative durations in simulated seconds. Sampling takes the caller's {@link
 * Random} so a seeded simulator is deterministic.
 */
@FunctionalInterface
public interface Distribution {
  double sampleSeconds(Random random);

  /** Always the same value. */
  static Distribution fixed(double seconds) {
    check(seconds);
    return r -> seconds;
  }

  /** Uniform between min and max seconds. */
  static Distribution uniform(double min, double max) {
    check(min);
    if (max < min) {
      throw new IllegalArgumentException("max < min");
    }
    return r -> min + (max - min) * r.nextDouble();
  }

  /** Exponential with the given mean; the classic model of caller patience. */
  static Distribution exponential(double mean) {
    check(mean);
    return r -> -mean * Math.log(1 - r.nextDouble());
  }

  /**
   * Log-normal with the given median and sigma of the underlying normal; a fair talk-time model.
   */
  static Distribution logNormal(double median, double sigma) {
    check(median);
    return r -> median * Math.exp(sigma * r.nextGaussian());
  }

  /** Never: used for infinite patience. */
  static Distribution never() {
    return r -> Double.POSITIVE_INFINITY;
  }

  private static void check(double v) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException("duration must be >= 0: " + v);
    }
  }
}
