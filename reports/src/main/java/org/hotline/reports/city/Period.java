package org.hotline.reports.city;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * [start, end) of a month or a week in the centre's zone. The record's partitions are the zone's
 * months, so a month's statements read exactly one partition of each table.
 */
record Period(Instant start, Instant end) {

  static Period month(YearMonth month, ZoneId zone) {
    return new Period(
        month.atDay(1).atStartOfDay(zone).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
  }

  /** The week (Monday to Sunday) that holds {@code day}. */
  static Period week(LocalDate day, ZoneId zone) {
    LocalDate monday = monday(day);
    return new Period(
        monday.atStartOfDay(zone).toInstant(), monday.plusDays(7).atStartOfDay(zone).toInstant());
  }

  static LocalDate monday(LocalDate day) {
    return day.minusDays(day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
  }
}
