package org.hotline.reports.centre;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Each queue's calls per 15 minutes, every interval of every day present (empty ones with zeros),
 * and each queue's total over the days. A call counts in the interval in which it entered the queue
 * (not when it was answered or ended), in the queue it entered first.
 *
 * @param queues the queues reported, in the order given, with the thresholds applied
 * @param intervals per queue (in the order of {@code queues}), every interval in time order
 * @param totals one per queue: the whole of {@code days}
 */
public record IntervalReport(
    ReportDays days, List<QueueThresholds> queues, List<Row> intervals, List<Row> totals) {

  /** The length of an interval. */
  public static final int MINUTES = 15;

  public IntervalReport {
    queues = List.copyOf(queues);
    intervals = List.copyOf(intervals);
    totals = List.copyOf(totals);
  }

  /**
   * One queue in one interval (or over all the days, for a total). Figures as {@code KPI.md}
   * defines them; a ratio or average with nothing to divide is null, never 0.
   *
   * @param from the interval's start, in the centre's zone
   * @param to its end (exclusive)
   * @param offered calls that entered the queue: answered + abandoned + short abandons + dropped
   * @param answeredInServiceLevel answered with a wait at most the service-level threshold
   * @param abandoned callers who hung up waiting at least the short-abandon threshold
   * @param shortAbandoned callers who hung up waiting less; kept out of every rate
   * @param dropped calls the system lost before an answer (the record's ending note says where)
   * @param transferred answered calls handed on to another queue or agent
   * @param serviceLevel answered within the threshold ÷ (answered + abandoned)
   * @param abandonRate abandoned ÷ (answered + abandoned)
   * @param averageSpeedOfAnswerSeconds ASA: total wait of answered calls ÷ answered
   * @param handled answered calls whose wrap-up has ended (a call still in wrap-up is left out of
   *     AHT until its wrap-up time is known)
   * @param averageHandleTimeSeconds AHT: (talk + hold + wrap-up) ÷ handled
   * @param longestWaitSeconds the longest wait of any call that entered the queue, answered or not
   */
  public record Row(
      String queueId,
      OffsetDateTime from,
      OffsetDateTime to,
      long offered,
      long answered,
      long answeredInServiceLevel,
      long abandoned,
      long shortAbandoned,
      long dropped,
      long transferred,
      Double serviceLevel,
      Double abandonRate,
      Double averageSpeedOfAnswerSeconds,
      long handled,
      Double averageHandleTimeSeconds,
      Double longestWaitSeconds) {

    /** The row for these counts and sums; the rates are derived here and nowhere else. */
    static Row of(
        String queueId,
        OffsetDateTime from,
        OffsetDateTime to,
        Counts counts,
        double totalWaitSeconds,
        double totalHandleSeconds,
        Double longestWaitSeconds) {
      long answered = counts.answered();
      return new Row(
          queueId,
          from,
          to,
          counts.offered(),
          answered,
          counts.answeredInServiceLevel(),
          counts.abandoned(),
          counts.shortAbandoned(),
          counts.dropped(),
          counts.transferred(),
          Sql.ratio(counts.answeredInServiceLevel(), answered + counts.abandoned()),
          Sql.ratio(counts.abandoned(), answered + counts.abandoned()),
          Sql.ratio(totalWaitSeconds, answered),
          counts.handled(),
          Sql.ratio(totalHandleSeconds, counts.handled()),
          longestWaitSeconds);
    }
  }

  /** The counted calls of a row. */
  record Counts(
      long offered,
      long answered,
      long answeredInServiceLevel,
      long abandoned,
      long shortAbandoned,
      long dropped,
      long transferred,
      long handled) {}
}
