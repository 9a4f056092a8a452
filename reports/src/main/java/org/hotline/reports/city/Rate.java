package org.hotline.reports.city;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * A rate as its two counts, so that every figure can be checked by hand. {@link #value()} is empty
 * when the denominator is 0: "no data", never 0.
 */
public record Rate(long numerator, long denominator) {

  public static final Rate NO_DATA = new Rate(0, 0);

  public Rate {
    if (numerator < 0 || denominator < 0 || numerator > denominator) {
      throw new IllegalArgumentException("not a rate: " + numerator + " / " + denominator);
    }
  }

  /** numerator ÷ denominator, or empty with no denominator. */
  @JsonProperty("value")
  public Optional<Double> value() {
    return denominator == 0 ? Optional.empty() : Optional.of((double) numerator / denominator);
  }

  public boolean hasData() {
    return denominator > 0;
  }
}
