package org.hotline.seat.testing;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotline.pg.support.Database;
import org.hotline.pg.support.SqlWork;
import org.hotline.seat.api.SeatManager;

/**
 * Agent time two ways, for comparing them: what a test observes of its agents between its steps,
 * and what the city's record holds.
 */
public final class AgentTimeRecord {

  private final Database db;

  public AgentTimeRecord(Database db) {
    this.db = db;
  }

  /** Milliseconds per agent and state as a test observed them, state by state between steps. */
  public static final class Observed {
    private final Map<String, Map<String, Long>> totals = new HashMap<>();
    private final Map<String, String> state = new HashMap<>();
    private Instant previous;

    public Observed(Instant start) {
      this.previous = start;
    }

    /** The agents' states now: each agent was in its last observed state since the last look. */
    public void look(SeatManager seats, List<String> agents, Instant now) {
      for (String agent : agents) {
        String was = state.getOrDefault(agent, "out");
        long ms = Duration.between(previous, now).toMillis();
        if (!was.equals("out") && ms > 0) {
          totals.computeIfAbsent(agent, a -> new HashMap<>()).merge(was, ms, Long::sum);
        }
        state.put(agent, seats.status(agent).toCompletableFuture().join().state().code());
      }
      previous = now;
    }

    public Map<String, Map<String, Long>> totals() {
      return totals;
    }

    public String state(String agent) {
      return state.getOrDefault(agent, "out");
    }
  }

  private <T> T query(SqlWork<T> work) {
    return db.query(work).toCompletableFuture().join();
  }

  /** The record's intervals per agent and state in milliseconds, clipped at {@code until}. */
  public Map<String, Map<String, Long>> totals(Instant until) {
    return query(
        c -> {
          Map<String, Map<String, Long>> totals = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT agent_id, state, started_at, least(coalesce(ended_at, ?), ?)"
                      + " FROM hotline.agent_interval")) {
            ps.setObject(1, until.atOffset(ZoneOffset.UTC));
            ps.setObject(2, until.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long ms =
                    Duration.between(
                            rs.getObject(3, OffsetDateTime.class),
                            rs.getObject(4, OffsetDateTime.class))
                        .toMillis();
                if (ms > 0) {
                  totals
                      .computeIfAbsent(rs.getString(1), a -> new HashMap<>())
                      .merge(rs.getString(2), ms, Long::sum);
                }
              }
            }
          }
          return totals;
        });
  }

  /** The state the agent's last recorded change left them in. */
  public String latestState(String agent) {
    return query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT to_state FROM hotline.agent_state_change WHERE agent_id = ?"
                      + " ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, agent);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : "out";
            }
          }
        });
  }

  /** Consecutive changes of an agent whose states do not chain, or whose times run backwards. */
  public List<String> chainBreaks() {
    return query(
        c -> {
          List<String> problems = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT agent_id, seq, from_state, at, lag(to_state) OVER w, lag(at) OVER w"
                          + " FROM hotline.agent_state_change"
                          + " WINDOW w AS (PARTITION BY agent_id ORDER BY seq)");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String before = rs.getString(5);
              String where = rs.getString(1) + "@" + rs.getLong(2);
              if (before != null && !before.equals(rs.getString(3))) {
                problems.add(where + ": " + before + " then from " + rs.getString(3));
              }
              OffsetDateTime prevAt = rs.getObject(6, OffsetDateTime.class);
              if (prevAt != null && prevAt.isAfter(rs.getObject(4, OffsetDateTime.class))) {
                problems.add(where + ": time runs backwards");
              }
            }
          }
          return problems;
        });
  }

  /** Rows written twice for one stream entry. */
  public long duplicates() {
    return query(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*) - count(DISTINCT source) FROM hotline.agent_state_change");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** Rows of one kind of change, by reason. */
  public long changesWithReason(String reason) {
    return query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM hotline.agent_state_change WHERE reason = ?")) {
            ps.setString(1, reason);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
