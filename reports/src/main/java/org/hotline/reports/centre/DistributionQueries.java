package org.hotline.reports.centre;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hotline.support.phone.PhoneMask;

/**
 * The distributions, one statement each over {@link ClassifiedCalls}: calls by hour and weekday,
 * waits in buckets, hang-ups, IVR choices and lines, repeat callers. Every call counts by the time
 * it entered the system, on the centre's clock.
 */
final class DistributionQueries {

  /**
   * The counts the hour and weekday distributions share, of the calls {@code c} grouped by the
   * first column: counted before the few hours or days are joined to them.
   */
  private static final String COUNTS =
      """
      count(*) AS calls,
      count(c.queued_at) AS queued,
      count(*) FILTER (WHERE c.outcome = 'answered') AS answered,
      count(*) FILTER (WHERE c.outcome = 'abandoned') AS abandoned,
      count(*) FILTER (WHERE c.outcome = 'short_abandoned') AS short_abandoned
      """;

  /** The counts above from the joined {@code k}, zero where no call was. */
  private static final String JOINED_COUNTS =
      """
      coalesce(k.calls, 0) AS calls, coalesce(k.queued, 0) AS queued,
      coalesce(k.answered, 0) AS answered, coalesce(k.abandoned, 0) AS abandoned,
      coalesce(k.short_abandoned, 0) AS short_abandoned
      """;

  /** Parameters after the calls: the zone. */
  private static final String BY_HOUR =
      ClassifiedCalls.WITH
          + ", counted AS (SELECT extract(hour FROM c.entered_at AT TIME ZONE ?)::int AS hour,"
          + COUNTS
          + " FROM calls c GROUP BY 1) SELECT h.hour,"
          + JOINED_COUNTS
          + """
            FROM generate_series(0, 23) h(hour)
            LEFT JOIN counted k ON k.hour = h.hour
           ORDER BY h.hour
          """;

  /** Parameters after the calls: the zone, the first and last day. */
  private static final String BY_WEEKDAY =
      ClassifiedCalls.WITH
          + ", counted AS (SELECT extract(isodow FROM c.entered_at AT TIME ZONE ?)::int AS isodow,"
          + COUNTS
          + " FROM calls c GROUP BY 1)"
          + """
          , weekdays AS (
            SELECT extract(isodow FROM d)::int AS isodow, count(*)::int AS days
              FROM generate_series(CAST(? AS date), CAST(? AS date), interval '1 day') d
             GROUP BY 1
          )
          SELECT w.isodow, coalesce(wd.days, 0) AS days,
          """
          + JOINED_COUNTS
          + """
            FROM generate_series(1, 7) w(isodow)
            LEFT JOIN weekdays wd ON wd.isodow = w.isodow
            LEFT JOIN counted k ON k.isodow = w.isodow
           ORDER BY w.isodow
          """;

  /** Parameters after the calls: the lower edges, twice. */
  private static final String WAIT_TIMES =
      ClassifiedCalls.WITH
          + """
          , buckets AS (
            SELECT u.i::int AS bucket, u.edge, lead(u.edge) OVER (ORDER BY u.i) AS next_edge
              FROM unnest(CAST(? AS float8[])) WITH ORDINALITY u(edge, i)
          ),
          counted AS (
            -- bucket i holds waits from edge i (included) to edge i + 1 (excluded)
            SELECT width_bucket(c.wait_sec, CAST(? AS float8[])) AS bucket,
                   count(*) FILTER (WHERE c.outcome = 'answered') AS answered,
                   count(*) FILTER (WHERE c.outcome = 'abandoned') AS abandoned,
                   count(*) FILTER (WHERE c.outcome = 'short_abandoned') AS short_abandoned
              FROM calls c
             WHERE c.queued_at IS NOT NULL
             GROUP BY 1
          )
          SELECT b.bucket, b.edge, b.next_edge,
                 coalesce(k.answered, 0) AS answered,
                 sum(coalesce(k.answered, 0)) OVER (ORDER BY b.bucket) AS answered_so_far,
                 sum(coalesce(k.answered, 0)) OVER () AS answered_all,
                 coalesce(k.abandoned, 0) AS abandoned,
                 coalesce(k.short_abandoned, 0) AS short_abandoned
            FROM buckets b
            LEFT JOIN counted k ON k.bucket = b.bucket
           ORDER BY b.bucket
          """;

  private static final String HANGUPS =
      ClassifiedCalls.WITH
          + """
          SELECT GROUPING(hangup_cause) AS is_party, hangup_by, outcome, hangup_cause,
                 count(*) AS calls
            FROM calls
           GROUP BY GROUPING SETS ((hangup_by, outcome), (hangup_cause))
           ORDER BY is_party DESC, calls DESC, hangup_by, outcome, hangup_cause
          """;

  private static final String IVR_AND_LINES =
      ClassifiedCalls.WITH
          + """
          SELECT GROUPING(ivr_choice) AS not_ivr, GROUPING(line) AS not_line, ivr_choice, line,
                 count(*) AS calls,
                 count(*) FILTER (WHERE outcome = 'answered') AS answered,
                 count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned
            FROM calls
           GROUP BY GROUPING SETS ((ivr_choice), (line), ())
           ORDER BY calls DESC, ivr_choice, line
          """;

  /** Parameters after the calls: the minimum calls, twice; again; how many to list. */
  private static final String REPEAT_CALLERS =
      ClassifiedCalls.WITH
          + """
          , per_caller AS (
            SELECT caller, count(*) AS calls,
                   count(*) FILTER (WHERE outcome = 'answered') AS answered,
                   min(entered_at) AS first_call, max(entered_at) AS last_call
              FROM calls
             WHERE caller IS NOT NULL
             GROUP BY caller
          ),
          summary AS (
            SELECT count(*) FILTER (WHERE calls >= ?) AS callers,
                   coalesce(sum(calls) FILTER (WHERE calls >= ?), 0) AS repeat_calls,
                   (SELECT count(*) FROM calls) AS all_calls
              FROM per_caller
          )
          SELECT s.callers, s.repeat_calls, s.all_calls,
                 r.caller, r.calls, r.answered, r.first_call, r.last_call
            FROM summary s
            LEFT JOIN LATERAL (
              SELECT * FROM per_caller WHERE calls >= ?
               ORDER BY calls DESC, first_call, caller LIMIT ?) r ON true
           ORDER BY r.calls DESC, r.first_call, r.caller
          """;

  private DistributionQueries() {}

  static CallsByHour byHour(Connection c, ReportDays days, List<QueueThresholds> queues)
      throws SQLException {
    List<CallsByHour.Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(BY_HOUR)) {
      int i = ClassifiedCalls.bind(c, ps, queues, days.start(), days.end());
      ps.setString(i, days.zone().getId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new CallsByHour.Row(
                  rs.getInt("hour"),
                  rs.getLong("calls"),
                  rs.getLong("queued"),
                  rs.getLong("answered"),
                  rs.getLong("abandoned"),
                  rs.getLong("short_abandoned")));
        }
      }
    }
    return new CallsByHour(days, rows);
  }

  static CallsByWeekday byWeekday(Connection c, ReportDays days, List<QueueThresholds> queues)
      throws SQLException {
    List<CallsByWeekday.Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(BY_WEEKDAY)) {
      int i = ClassifiedCalls.bind(c, ps, queues, days.start(), days.end());
      ps.setString(i++, days.zone().getId());
      ps.setObject(i++, days.first());
      ps.setObject(i, days.last());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int count = rs.getInt("days");
          long calls = rs.getLong("calls");
          rows.add(
              new CallsByWeekday.Row(
                  DayOfWeek.of(rs.getInt("isodow")),
                  count,
                  calls,
                  rs.getLong("queued"),
                  rs.getLong("answered"),
                  rs.getLong("abandoned"),
                  rs.getLong("short_abandoned"),
                  Sql.ratio(calls, count)));
        }
      }
    }
    return new CallsByWeekday(days, rows);
  }

  static WaitTimes waitTimes(
      Connection c, ReportDays days, List<QueueThresholds> queues, WaitBuckets buckets)
      throws SQLException {
    List<WaitTimes.Row> rows = new ArrayList<>();
    Object[] edges = buckets.lowerEdges().stream().map(Integer::doubleValue).toArray();
    try (PreparedStatement ps = c.prepareStatement(WAIT_TIMES)) {
      int i = ClassifiedCalls.bind(c, ps, queues, days.start(), days.end());
      ps.setArray(i++, c.createArrayOf("float8", edges));
      ps.setArray(i, c.createArrayOf("float8", edges));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int from = (int) rs.getDouble("edge");
          Double next = Sql.nullableDouble(rs, "next_edge");
          Integer to = next == null ? null : next.intValue();
          rows.add(
              new WaitTimes.Row(
                  to == null ? from + "+" : from + "-" + to,
                  from,
                  to,
                  rs.getLong("answered"),
                  Sql.ratio(rs.getLong("answered_so_far"), rs.getLong("answered_all")),
                  rs.getLong("abandoned"),
                  rs.getLong("short_abandoned")));
        }
      }
    }
    return new WaitTimes(days, buckets, rows);
  }

  static Hangups hangups(Connection c, ReportDays days, List<QueueThresholds> queues)
      throws SQLException {
    List<Hangups.ByParty> byParty = new ArrayList<>();
    List<Hangups.ByCause> byCause = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(HANGUPS)) {
      ClassifiedCalls.bind(c, ps, queues, days.start(), days.end());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long calls = rs.getLong("calls");
          if (rs.getInt("is_party") == 1) {
            byParty.add(
                new Hangups.ByParty(rs.getString("hangup_by"), rs.getString("outcome"), calls));
          } else {
            byCause.add(Hangups.ByCause.of(Sql.nullableInt(rs, "hangup_cause"), calls));
          }
        }
      }
    }
    return new Hangups(days, byParty, byCause);
  }

  static IvrAndLines ivrAndLines(Connection c, ReportDays days, List<QueueThresholds> queues)
      throws SQLException {
    record Counted(String value, long calls, long answered, long abandoned) {}
    List<Counted> ivr = new ArrayList<>();
    List<Counted> lines = new ArrayList<>();
    long all = 0;
    try (PreparedStatement ps = c.prepareStatement(IVR_AND_LINES)) {
      ClassifiedCalls.bind(c, ps, queues, days.start(), days.end());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean isIvr = rs.getInt("not_ivr") == 0;
          boolean isLine = rs.getInt("not_line") == 0;
          long calls = rs.getLong("calls");
          if (!isIvr && !isLine) {
            all = calls;
            continue;
          }
          String value = rs.getString(isIvr ? "ivr_choice" : "line");
          Counted row =
              new Counted(
                  value == null || value.isEmpty() ? IvrAndLines.NONE : value,
                  calls,
                  rs.getLong("answered"),
                  rs.getLong("abandoned"));
          (isIvr ? ivr : lines).add(row);
        }
      }
    }
    long total = all;
    Function<Counted, IvrAndLines.Row> withShare =
        r ->
            new IvrAndLines.Row(
                r.value(), r.calls(), r.answered(), r.abandoned(), Sql.ratio(r.calls(), total));
    return new IvrAndLines(
        days, total, ivr.stream().map(withShare).toList(), lines.stream().map(withShare).toList());
  }

  static RepeatCallers repeatCallers(Connection c, ReportDays days, int top) throws SQLException {
    List<RepeatCallers.Caller> callers = new ArrayList<>();
    long count = 0;
    long calls = 0;
    long all = 0;
    try (PreparedStatement ps = c.prepareStatement(REPEAT_CALLERS)) {
      // a caller is a caller whatever the queue's thresholds: the record's outcomes do
      int i = ClassifiedCalls.bind(c, ps, List.of(), days.start(), days.end());
      ps.setInt(i++, RepeatCallers.MINIMUM_CALLS);
      ps.setInt(i++, RepeatCallers.MINIMUM_CALLS);
      ps.setInt(i++, RepeatCallers.MINIMUM_CALLS);
      ps.setInt(i, top);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          count = rs.getLong("callers");
          calls = rs.getLong("repeat_calls");
          all = rs.getLong("all_calls");
          String caller = rs.getString("caller");
          if (caller != null) {
            callers.add(
                new RepeatCallers.Caller(
                    PhoneMask.mask(caller),
                    rs.getLong("calls"),
                    rs.getLong("answered"),
                    Sql.time(rs, "first_call", days.zone()),
                    Sql.time(rs, "last_call", days.zone())));
          }
        }
      }
    }
    return new RepeatCallers(days, count, calls, all, Sql.ratio(calls, all), callers);
  }
}
