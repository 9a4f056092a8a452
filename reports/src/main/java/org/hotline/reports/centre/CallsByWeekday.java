package org.hotline.reports.centre;

import java.time.DayOfWeek;
import java.util.List;

/**
 * Calls by the day of the week they entered the system (the centre's calendar), over the days:
 * Monday to Sunday, each with how many such days the range holds, so that a range of five weeks and
 * two days compares fairly.
 */
public record CallsByWeekday(ReportDays days, List<Row> weekdays) {

  public CallsByWeekday {
    weekdays = List.copyOf(weekdays);
  }

  /**
   * @param days how many of the report's days fall on {@code day}
   * @param callsPerDay calls ÷ days; null when the range holds no such day
   */
  public record Row(
      DayOfWeek day,
      int days,
      long calls,
      long queued,
      long answered,
      long abandoned,
      long shortAbandoned,
      Double callsPerDay) {}
}
