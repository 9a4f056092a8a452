package org.hotline.reports.centre;

import java.util.List;

/**
 * How long callers waited in the queue before an answer, and before they gave up, in buckets; the
 * wait as {@link IntervalReport} measures it (entering the queue to answer or hang-up).
 */
public record WaitTimes(ReportDays days, WaitBuckets buckets, List<Row> rows) {

  public WaitTimes {
    rows = List.copyOf(rows);
  }

  /**
   * @param label {@code 10-20}, or {@code 300+} for the last bucket
   * @param fromSeconds the bucket's lower edge, included
   * @param toSeconds its upper edge, excluded; null for the last
   * @param answeredCumulativeShare answered within this bucket or an earlier one ÷ all answered;
   *     null when nothing was answered
   * @param abandoned callers who hung up waiting, after the short-abandon threshold
   * @param shortAbandoned the short abandons, apart
   */
  public record Row(
      String label,
      int fromSeconds,
      Integer toSeconds,
      long answered,
      Double answeredCumulativeShare,
      long abandoned,
      long shortAbandoned) {}
}
