package org.hotline.reports.centre;

import java.sql.Connection;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.SqlWork;

/**
 * The call centre's reports over the city's record: intervals per queue, agents' days and the
 * distributions managers know from QueueMetrics. Each method reads one snapshot of the record (a
 * read-only REPEATABLE READ transaction) on a database thread and returns at once; the stage fails
 * as {@link Database}'s do (unavailable, or the SQL error).
 *
 * <p>Queue thresholds are parameters, as the wiring takes them from the seat manager's
 * configuration: a queue missing from the list is left out of the interval report, and elsewhere
 * its calls keep the outcome the record gave them.
 */
public final class CentreReports {

  /** How many repeat callers {@link #distributions} lists. */
  public static final int DEFAULT_TOP_CALLERS = 50;

  private final Database db;

  public CentreReports(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Each queue's 15-minute intervals over the days, every one present, and its total. */
  public CompletionStage<IntervalReport> intervals(ReportDays days, List<QueueThresholds> queues) {
    List<QueueThresholds> checked = distinct(queues);
    return read(c -> IntervalQuery.run(c, days, checked));
  }

  /**
   * Each agent's time over the days (one day for the daily report) and the floor's; states still
   * open count until {@code now}.
   */
  public CompletionStage<AgentReport> agents(ReportDays days, Instant now) {
    Objects.requireNonNull(now, "now");
    return read(c -> AgentQuery.run(c, days, now));
  }

  /** Calls by hour of the day. */
  public CompletionStage<CallsByHour> callsByHour(ReportDays days, List<QueueThresholds> queues) {
    List<QueueThresholds> checked = distinct(queues);
    return read(c -> DistributionQueries.byHour(c, days, checked));
  }

  /** Calls by day of the week. */
  public CompletionStage<CallsByWeekday> callsByWeekday(
      ReportDays days, List<QueueThresholds> queues) {
    List<QueueThresholds> checked = distinct(queues);
    return read(c -> DistributionQueries.byWeekday(c, days, checked));
  }

  /** Waits of answered and abandoned calls in buckets ({@link WaitBuckets#DEFAULT} usually). */
  public CompletionStage<WaitTimes> waitTimes(
      ReportDays days, List<QueueThresholds> queues, WaitBuckets buckets) {
    List<QueueThresholds> checked = distinct(queues);
    Objects.requireNonNull(buckets, "buckets");
    return read(c -> DistributionQueries.waitTimes(c, days, checked, buckets));
  }

  /** Who hung up by outcome, and the exchange's hang-up causes. */
  public CompletionStage<Hangups> hangups(ReportDays days, List<QueueThresholds> queues) {
    List<QueueThresholds> checked = distinct(queues);
    return read(c -> DistributionQueries.hangups(c, days, checked));
  }

  /** Calls by IVR choice and by line. */
  public CompletionStage<IvrAndLines> ivrAndLines(ReportDays days, List<QueueThresholds> queues) {
    List<QueueThresholds> checked = distinct(queues);
    return read(c -> DistributionQueries.ivrAndLines(c, days, checked));
  }

  /** Callers with two calls or more, the {@code top} busiest of them listed (masked). */
  public CompletionStage<RepeatCallers> repeatCallers(ReportDays days, int top) {
    requireTop(top);
    return read(c -> DistributionQueries.repeatCallers(c, days, top));
  }

  /** Every distribution above, from one snapshot. */
  public CompletionStage<Distributions> distributions(
      ReportDays days, List<QueueThresholds> queues, WaitBuckets buckets, int topCallers) {
    List<QueueThresholds> checked = distinct(queues);
    Objects.requireNonNull(buckets, "buckets");
    requireTop(topCallers);
    return read(
        c ->
            new Distributions(
                days,
                DistributionQueries.byHour(c, days, checked),
                DistributionQueries.byWeekday(c, days, checked),
                DistributionQueries.waitTimes(c, days, checked, buckets),
                DistributionQueries.hangups(c, days, checked),
                DistributionQueries.ivrAndLines(c, days, checked),
                DistributionQueries.repeatCallers(c, days, topCallers)));
  }

  /**
   * {@code work} in a read-only snapshot: the statements of one report see the same record even
   * while calls are written, and a report can never write.
   */
  private <T> CompletionStage<T> read(SqlWork<T> work) {
    return db.transaction(
        c -> {
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
          return work.apply(c);
        });
  }

  /** The queues, each once: a queue given twice would count its calls twice. */
  private static List<QueueThresholds> distinct(List<QueueThresholds> queues) {
    Objects.requireNonNull(queues, "queues");
    Set<String> seen = new HashSet<>();
    for (QueueThresholds q : queues) {
      if (!seen.add(q.queueId())) {
        throw new IllegalArgumentException("queue " + q.queueId() + " given twice");
      }
    }
    return List.copyOf(queues);
  }

  private static void requireTop(int top) {
    if (top < 0 || top > 10_000) {
      throw new IllegalArgumentException("top must be 0..10000: " + top);
    }
  }
}
