package org.hotline.reports.centre;

import java.util.List;

/**
 * Calls by the hour of the day they entered the system (the centre's clock), over the days: all 24
 * hours, empty ones with zeros.
 */
public record CallsByHour(ReportDays days, List<Row> hours) {

  public CallsByHour {
    hours = List.copyOf(hours);
  }

  /**
   * @param hour 0 to 23
   * @param calls every call that entered, whether it reached a queue or not
   * @param queued calls that entered a queue (the others ended in the IVR or were dropped first)
   * @param abandoned as {@link IntervalReport.Row#abandoned()}; short abandons apart
   */
  public record Row(
      int hour, long calls, long queued, long answered, long abandoned, long shortAbandoned) {}
}
