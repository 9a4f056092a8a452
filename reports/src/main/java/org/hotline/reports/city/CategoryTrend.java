package org.hotline.reports.city;

import java.util.Optional;
import org.hotline.support.text.LocalizedName;

/**
 * One of a district's top categories of the month.
 *
 * @param rank its place in the district by count (ties broken by code)
 * @param changeFromPreviousMonth (count − previous) ÷ previous; empty when previous is 0
 * @param changeFromLastYear the same against the same month a year before
 */
public record CategoryTrend(
    String districtId,
    int rank,
    String category,
    LocalizedName name,
    long count,
    long previousMonth,
    long sameMonthLastYear,
    Optional<Double> changeFromPreviousMonth,
    Optional<Double> changeFromLastYear) {

  static Optional<Double> change(long now, long before) {
    return before == 0 ? Optional.empty() : Optional.of((double) (now - before) / before);
  }
}
