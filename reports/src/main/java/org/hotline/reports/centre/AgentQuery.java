package org.hotline.reports.centre;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent report in two statements over the same spans: each agent's time by state (with hold
 * from the call records and offers from {@code call_offer}), and paused time by reason. Both run in
 * the caller's transaction, which should be one snapshot (REPEATABLE READ).
 *
 * <p>Spans come from {@code agent_state_change} directly, not the {@code agent_interval} view: the
 * view's window runs over every change ever recorded before any filter applies, where this one
 * reads only the partitions of the days and the day before.
 */
final class AgentQuery {

  /**
   * The state an agent was in at the first midnight is their last change before it, looked for this
   * far back: a state open longer than that before the days (a session left open for a day) is not
   * seen. A day keeps the read to the days' partitions and the day before.
   */
  static final Duration OPEN_STATE_LOOKBACK = Duration.ofDays(1);

  /** Offers whose outcome is not a ring-no-answer: the seat manager counts every other one. */
  static final List<String> NOT_RING_NO_ANSWER =
      List.of("answered", "withdrawn", "caller_gone", "lost");

  /**
   * Every state of every agent in [start − lookback, upper) with its end (the agent's next change,
   * in the stream's order), and its seconds inside [start, upper). Parameters: start − lookback,
   * upper, upper, upper, start.
   */
  private static final String SPANS =
      """
      WITH changes AS (
        SELECT agent_id, to_state AS state, reason, call_id, at AS started_at,
               lead(at) OVER (PARTITION BY agent_id ORDER BY seq) AS ended_at
          FROM hotline.agent_state_change
         WHERE at >= ? AND at < ?
      ),
      spans AS (
        SELECT agent_id, state, reason, call_id, started_at, ended_at,
               extract(epoch FROM least(coalesce(ended_at, CAST(? AS timestamptz)),
                                        CAST(? AS timestamptz))
                                  - greatest(started_at, CAST(? AS timestamptz)))::float8 AS sec
          FROM changes
         WHERE state <> 'out'
      )
      """;

  /**
   * Parameters after {@link #SPANS}: calls entered from, calls entered to (upper); offers from
   * (start), offers to (upper); the ring-no-answer exclusions; answers from (start).
   */
  /** Each agent's and the floor's time; parameters bound by {@link #bindTimes}. */
  static final String TIMES =
      SPANS
          + """
          , holds AS (
            -- hold is known per call: on the day the agent's part of it ended, at most its time
            SELECT s.agent_id, sum(least(d.hold_sec, s.sec)) AS hold
              FROM spans s
              JOIN hotline.call_detail d ON d.call_id = s.call_id AND d.agent_id = s.agent_id
             WHERE s.state = 'oncall' AND s.sec > 0 AND s.ended_at IS NOT NULL AND d.hold_sec > 0
               AND d.entered_at >= ? AND d.entered_at < ?
             GROUP BY GROUPING SETS ((s.agent_id), ())
          ),
          offers AS (
            SELECT agent_id, count(*) AS offers,
                   count(*) FILTER (WHERE outcome <> ALL (CAST(? AS text[]))) AS ring_no_answer
              FROM hotline.call_offer
             WHERE rang_from >= ? AND rang_from < ?
             GROUP BY GROUPING SETS ((agent_id), ())
          ),
          times AS (
            SELECT agent_id,
                   sum(sec) AS staffed,
                   sum(sec) FILTER (WHERE state = 'avail') AS available,
                   sum(sec) FILTER (WHERE state = 'offered') AS ringing,
                   sum(sec) FILTER (WHERE state = 'oncall') AS on_call,
                   sum(sec) FILTER (WHERE state = 'wrap') AS wrap_up,
                   sum(sec) FILTER (WHERE state = 'paused') AS paused,
                   count(DISTINCT call_id) FILTER (WHERE state = 'oncall' AND started_at >= ?)
                     AS handled
              FROM spans
             WHERE sec > 0
             GROUP BY GROUPING SETS ((agent_id), ())
          )
          SELECT t.agent_id,
                 coalesce(t.staffed, 0) AS staffed, coalesce(t.available, 0) AS available,
                 coalesce(t.ringing, 0) AS ringing, coalesce(t.on_call, 0) AS on_call,
                 coalesce(h.hold, 0) AS hold, coalesce(t.wrap_up, 0) AS wrap_up,
                 coalesce(t.paused, 0) AS paused, t.handled,
                 coalesce(o.offers, 0) AS offers, coalesce(o.ring_no_answer, 0) AS ring_no_answer
            FROM times t
            LEFT JOIN holds h ON h.agent_id IS NOT DISTINCT FROM t.agent_id
            LEFT JOIN offers o ON o.agent_id IS NOT DISTINCT FROM t.agent_id
           ORDER BY t.agent_id NULLS LAST
          """;

  private static final String PAUSES =
      SPANS
          + """
          SELECT agent_id, GROUPING(agent_id) AS is_floor, reason, sum(sec) AS paused
            FROM spans
           WHERE state = 'paused' AND sec > 0
           GROUP BY GROUPING SETS ((agent_id, reason), (reason))
          """;

  private AgentQuery() {}

  static AgentReport run(Connection c, ReportDays days, Instant now) throws SQLException {
    Instant start = days.start();
    Instant upper = upper(days, now);
    Map<String, Map<String, Double>> pauses = pauses(c, start, upper);
    List<AgentReport.Row> agents = new ArrayList<>();
    AgentReport.Row floor = null;
    try (PreparedStatement ps = c.prepareStatement(TIMES)) {
      bindTimes(c, ps, start, upper);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String agentId = rs.getString("agent_id");
          String key = agentId == null ? AgentReport.Row.FLOOR : agentId;
          AgentReport.Row row =
              AgentReport.Row.of(
                  key,
                  rs.getDouble("staffed"),
                  rs.getDouble("available"),
                  rs.getDouble("ringing"),
                  rs.getDouble("on_call"),
                  rs.getDouble("hold"),
                  rs.getDouble("wrap_up"),
                  rs.getDouble("paused"),
                  pauses.getOrDefault(key, Map.of()),
                  rs.getLong("handled"),
                  rs.getLong("offers"),
                  rs.getLong("ring_no_answer"));
          if (agentId == null) {
            floor = row;
          } else {
            agents.add(row);
          }
        }
      }
    }
    return new AgentReport(days, now, agents, floor);
  }

  /** Paused seconds by agent (the floor under {@link AgentReport.Row#FLOOR}) and reason. */
  private static Map<String, Map<String, Double>> pauses(Connection c, Instant start, Instant upper)
      throws SQLException {
    Map<String, Map<String, Double>> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(PAUSES)) {
      bindSpans(ps, start, upper);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String agent =
              rs.getInt("is_floor") == 1 ? AgentReport.Row.FLOOR : rs.getString("agent_id");
          String reason = rs.getString("reason");
          out.computeIfAbsent(agent, a -> new TreeMap<>())
              .put(
                  reason == null || reason.isEmpty() ? AgentReport.Row.NO_REASON : reason,
                  rs.getDouble("paused"));
        }
      }
    }
    return out;
  }

  static void bindTimes(Connection c, PreparedStatement ps, Instant start, Instant upper)
      throws SQLException {
    int i = bindSpans(ps, start, upper);
    // a state open at the first midnight began at most a lookback earlier, its call before that
    Sql.time(ps, i++, start.minus(OPEN_STATE_LOOKBACK).minus(IntervalQuery.IVR_ALLOWANCE));
    Sql.time(ps, i++, upper);
    ps.setArray(i++, c.createArrayOf("text", NOT_RING_NO_ANSWER.toArray()));
    Sql.time(ps, i++, start);
    Sql.time(ps, i++, upper);
    Sql.time(ps, i, start);
  }

  /** Where time stops counting: the end of the days, or {@code now} if that comes first. */
  static Instant upper(ReportDays days, Instant now) {
    return now.isBefore(days.end()) ? now : days.end();
  }

  private static int bindSpans(PreparedStatement ps, Instant start, Instant upper)
      throws SQLException {
    Sql.time(ps, 1, start.minus(OPEN_STATE_LOOKBACK));
    Sql.time(ps, 2, upper);
    Sql.time(ps, 3, upper);
    Sql.time(ps, 4, upper);
    Sql.time(ps, 5, start);
    return 6;
  }
}
