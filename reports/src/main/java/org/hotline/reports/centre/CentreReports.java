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
}
