package org.hotline.reports.city;

import java.util.List;
import java.util.Optional;
import org.hotline.support.text.LocalizedName;

/**
 * One livelihood dimension in one district: its cases this month and before.
 *
 * @param trend the counts of the report's {@code trendMonths}, oldest first, this month last
 * @param changeFromPreviousMonth (count − previous) ÷ previous; empty when previous is 0
 */
public record DimensionVolume(
    String districtId,
    String dimension,
    LocalizedName name,
    long count,
    long previousMonth,
    Optional<Double> changeFromPreviousMonth,
    List<Long> trend) {

  public DimensionVolume {
    trend = List.copyOf(trend);
  }
}
