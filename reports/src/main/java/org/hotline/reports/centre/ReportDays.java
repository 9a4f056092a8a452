package org.hotline.reports.centre;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The days a report covers, first to last (both included), as calendar days of the centre's time
 * zone: a day runs from its midnight there to the next, whatever that is in UTC.
 *
 * @param zone the centre's time zone ({@link #DEFAULT_ZONE} unless the centre says otherwise)
 */
public record ReportDays(LocalDate first, LocalDate last, ZoneId zone) {

  /** The zone of the reference centre ({@code config/queues.yaml}: {@code zone}). */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  /**
   * At most this many days in one report: a year and a day is the longest a manager compares, and a
   * longer range would be a typo that scans the record for minutes.
   */
  public static final int MAX_DAYS = 366;

  public ReportDays {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(zone, "zone");
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("the last day " + last + " is before the first " + first);
    }
    if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
      throw new IllegalArgumentException(
          "at most " + MAX_DAYS + " days in one report: " + first + ".." + last);
    }
  }

  /** One day in the {@link #DEFAULT_ZONE}. */
  public static ReportDays of(LocalDate day) {
    return new ReportDays(day, day, DEFAULT_ZONE);
  }

  /** One day in {@code zone}. */
  public static ReportDays of(LocalDate day, ZoneId zone) {
    return new ReportDays(day, day, zone);
  }

  /** {@code first} to {@code last}, both included, in the {@link #DEFAULT_ZONE}. */
  public static ReportDays between(LocalDate first, LocalDate last) {
    return new ReportDays(first, last, DEFAULT_ZONE);
  }

  /** The first day's midnight in the zone. */
  public Instant start() {
    return first.atStartOfDay(zone).toInstant();
  }

  /** The midnight after the last day, in the zone (exclusive). */
  public Instant end() {
    return last.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** How many days. */
  public int count() {
    return (int) ChronoUnit.DAYS.between(first, last) + 1;
  }
}
