package org.hotline.seat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hotline.pg.support.Database;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.record.SeatEventRecorder;
import org.hotline.seat.testing.RandomWorkload;
import org.hotline.seat.testing.Redis;
import org.hotline.seat.testing.SeatManagerTestBase;
import org.hotline.seat.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent time in the city's record: a random day of status changes, written from the seat manager's
 * event stream, gives each agent intervals with no gaps or overlaps whose totals per state are what
 * the test itself observed.
 */
class AgentTimeRecordTest extends SeatManagerTestBase {

  private static final int AGENTS = 8;

  private Database db;
  private RedisClient client;
  private final List<SeatEventRecorder> recorders = new ArrayList<>();

  @BeforeEach
  void open() {
    db = TestRecord.freshDatabase("agent_time");
    client = RedisClient.create(Redis.uri());
  }

  @AfterEach
  void closeAll() {
    recorders.forEach(SeatEventRecorder::close);
    db.close();
    client.shutdown();
  }

  private SeatEventRecorder recorder(String centre) {
    SeatEventRecorder r = TestRecord.recorder(db, client, centre, clock);
    recorders.add(r);
    return r;
  }

  @Test
  void aRandomDayOfStatusChangesHasNoGapsOrOverlapsAndTheTotalsTheTestObserved() throws Exception {
    SeatManagerConfig config = RandomWorkload.config(AGENTS);
    start(config);
    RandomWorkload work = new RandomWorkload(clock, AGENTS);
    work.registerAgents(seats);
    // two readers compete for the stream all along, as two gateway instances would
    recorder(config.centreId()).start();
    recorder(config.centreId()).start();
    Random random = new Random(20261207);
    Map<String, Map<String, Long>> observed = new HashMap<>();
    Map<String, String> state = new HashMap<>();
    Instant previous = clock.instant();
    for (int step = 0; step < 1500; step++) {
      work.step(seats, random);
      Instant now = clock.instant();
      for (int i = 0; i < AGENTS; i++) {
        String agent = RandomWorkload.agentId(i);
        String was = state.getOrDefault(agent, "out");
        if (!was.equals("out")) {
          observed
              .computeIfAbsent(agent, a -> new HashMap<>())
              .merge(was, Duration.between(previous, now).toMillis(), Long::sum);
        }
        AgentState s = join(seats.status(agent)).state();
        state.put(agent, s.code());
      }
      previous = now;
    }
    assertTrue(work.firstFailure().isEmpty(), () -> work.firstFailure().get().toString());
    SeatEventRecorder last = recorder(config.centreId());
    last.drain();

    // the states the record ends in are the ones the seat manager is in
    for (int i = 0; i < AGENTS; i++) {
      String agent = RandomWorkload.agentId(i);
      assertEquals(state.get(agent), latestState(agent), agent);
    }
    // closed intervals, per agent and state, sum to what the test observed up to its last step
    Map<String, Map<String, Long>> recorded = recordedTotals(previous);
    Map<String, Map<String, Long>> expected = new HashMap<>();
    observed.forEach(
        (a, m) ->
            m.forEach(
                (s, ms) -> {
                  if (ms > 0) {
                    expected.computeIfAbsent(a, x -> new HashMap<>()).put(s, ms);
                  }
                }));
    assertEquals(expected, recorded);
    assertEquals(List.of(), gapsAndOverlaps());
    assertEquals(0, duplicates());
  }

  private String latestState(String agent) throws Exception {
    return db.query(
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
            })
        .toCompletableFuture()
        .get();
  }

  /** Milliseconds per agent and state, each interval clipped at {@code until}. */
  private Map<String, Map<String, Long>> recordedTotals(Instant until) throws Exception {
    return db.query(
            c -> {
              Map<String, Map<String, Long>> totals = new HashMap<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT agent_id, state, started_at, coalesce(ended_at, ?)"
                          + " FROM hotline.agent_interval")) {
                ps.setObject(1, until.atOffset(java.time.ZoneOffset.UTC));
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
            })
        .toCompletableFuture()
        .get();
  }

  /** Consecutive changes of an agent whose states do not chain, or whose times run backwards. */
  private List<String> gapsAndOverlaps() throws Exception {
    return db.query(AgentTimeRecordTest::chainBreaks).toCompletableFuture().get();
  }

  static List<String> chainBreaks(Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT agent_id, seq, from_state, at, lag(to_state) OVER w, lag(at) OVER w"
                + " FROM hotline.agent_state_change WINDOW w AS (PARTITION BY agent_id ORDER BY"
                + " seq)")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String before = rs.getString(5);
          if (before != null && !before.equals(rs.getString(3))) {
            problems.add(
                rs.getString(1)
                    + "@"
                    + rs.getLong(2)
                    + ": "
                    + before
                    + " then from "
                    + rs.getString(3));
          }
          OffsetDateTime prevAt = rs.getObject(6, OffsetDateTime.class);
          if (prevAt != null && prevAt.isAfter(rs.getObject(4, OffsetDateTime.class))) {
            problems.add(rs.getString(1) + "@" + rs.getLong(2) + ": time runs backwards");
          }
        }
      }
    }
    return problems;
  }

  private long duplicates() throws Exception {
    return db.query(
            c -> {
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT count(*) - count(DISTINCT source) FROM"
                              + " hotline.agent_state_change");
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
              }
            })
        .toCompletableFuture()
        .get();
  }
}
