package org.hotline.reports.centre;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The interval report in one statement: every queue × every 15-minute interval of the days ({@code
 * generate_series}, so empty intervals are rows too), calls placed in their interval with {@code
 * date_bin} from the first midnight, and each queue's total by a second grouping set.
 */
final class IntervalQuery {

  /**
   * Calls are read by entry time (the partition key) from this long before the first midnight: a
   * call enters a queue after its IVR, seconds or minutes after it entered the system.
   */
  static final Duration IVR_ALLOWANCE = Duration.ofDays(1);

  /** The statement; parameters bound by {@link #bind}. */
  static final String SQL =
      ClassifiedCalls.WITH
          + """
          , slots AS (
            SELECT s AS slot_start
              FROM generate_series(CAST(? AS timestamptz),
                                   CAST(? AS timestamptz) - interval '15 minutes',
                                   interval '15 minutes') s
          ),
          per_slot AS (
            -- counted per queue and interval before the grid is joined: a month of calls is
            -- reduced to a few thousand rows first
            SELECT c.queue_id,
                   date_bin(interval '15 minutes', c.queued_at, CAST(? AS timestamptz))
                     AS slot_start,
                   count(*) AS offered,
                   count(*) FILTER (WHERE c.outcome = 'answered') AS answered,
                   count(*) FILTER (WHERE c.outcome = 'answered'
                                      AND c.wait_sec <= c.service_level_sec) AS in_service_level,
                   count(*) FILTER (WHERE c.outcome = 'abandoned') AS abandoned,
                   count(*) FILTER (WHERE c.outcome = 'short_abandoned') AS short_abandoned,
                   count(*) FILTER (WHERE c.outcome = 'dropped') AS dropped,
                   count(*) FILTER (WHERE c.outcome = 'answered' AND c.transfers > 0)
                     AS transferred,
                   sum(c.wait_sec) FILTER (WHERE c.outcome = 'answered') AS total_wait,
                   count(*) FILTER (WHERE c.outcome = 'answered' AND c.wrap_sec IS NOT NULL)
                     AS handled,
                   -- talk_sec includes hold: talk + hold + wrap-up of KPI.md is talk_sec + wrap_sec
                   sum(c.talk_sec + c.wrap_sec) FILTER (WHERE c.outcome = 'answered'
                                                          AND c.wrap_sec IS NOT NULL)
                     AS total_handle,
                   max(c.wait_sec) AS longest_wait
              FROM calls c
             WHERE c.queued_at >= ? AND c.queued_at < ?
               AND c.queue_id IN (SELECT queue_id FROM thresholds)
             GROUP BY 1, 2
          )
          SELECT t.queue_id, s.slot_start, GROUPING(s.slot_start) AS is_total,
                 coalesce(sum(p.offered), 0) AS offered,
                 coalesce(sum(p.answered), 0) AS answered,
                 coalesce(sum(p.in_service_level), 0) AS in_service_level,
                 coalesce(sum(p.abandoned), 0) AS abandoned,
                 coalesce(sum(p.short_abandoned), 0) AS short_abandoned,
                 coalesce(sum(p.dropped), 0) AS dropped,
                 coalesce(sum(p.transferred), 0) AS transferred,
                 coalesce(sum(p.total_wait), 0) AS total_wait,
                 coalesce(sum(p.handled), 0) AS handled,
                 coalesce(sum(p.total_handle), 0) AS total_handle,
                 max(p.longest_wait) AS longest_wait
            FROM thresholds t
           CROSS JOIN slots s
            LEFT JOIN per_slot p ON p.queue_id = t.queue_id AND p.slot_start = s.slot_start
           GROUP BY GROUPING SETS ((t.ord, t.queue_id, s.slot_start), (t.ord, t.queue_id))
           ORDER BY t.ord, is_total, s.slot_start
          """;

  private IntervalQuery() {}

  static IntervalReport run(Connection c, ReportDays days, List<QueueThresholds> queues)
      throws SQLException {
    Instant start = days.start();
    Instant end = days.end();
    List<IntervalReport.Row> intervals = new ArrayList<>();
    List<IntervalReport.Row> totals = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      bind(c, ps, days, queues);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean total = rs.getInt("is_total") == 1;
          OffsetDateTime from =
              total
                  ? start.atZone(days.zone()).toOffsetDateTime()
                  : Sql.time(rs, "slot_start", days.zone());
          OffsetDateTime to =
              total
                  ? end.atZone(days.zone()).toOffsetDateTime()
                  : from.toInstant()
                      .plus(Duration.ofMinutes(IntervalReport.MINUTES))
                      .atZone(days.zone())
                      .toOffsetDateTime();
          IntervalReport.Row row =
              IntervalReport.Row.of(
                  rs.getString("queue_id"),
                  from,
                  to,
                  new IntervalReport.Counts(
                      rs.getLong("offered"),
                      rs.getLong("answered"),
                      rs.getLong("in_service_level"),
                      rs.getLong("abandoned"),
                      rs.getLong("short_abandoned"),
                      rs.getLong("dropped"),
                      rs.getLong("transferred"),
                      rs.getLong("handled")),
                  rs.getDouble("total_wait"),
                  rs.getDouble("total_handle"),
                  Sql.nullableDouble(rs, "longest_wait"));
          (total ? totals : intervals).add(row);
        }
      }
    }
    return new IntervalReport(days, queues, intervals, totals);
  }

  static void bind(
      Connection c, PreparedStatement ps, ReportDays days, List<QueueThresholds> queues)
      throws SQLException {
    Instant start = days.start();
    Instant end = days.end();
    int i = ClassifiedCalls.bind(c, ps, queues, start.minus(IVR_ALLOWANCE), end);
    Sql.time(ps, i++, start); // the slots
    Sql.time(ps, i++, end);
    Sql.time(ps, i++, start); // date_bin's origin
    Sql.time(ps, i++, start); // entered the queue in the days
    Sql.time(ps, i, end);
  }
}
