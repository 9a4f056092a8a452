package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.Keypads;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.redis.local.LocalRedis;
import org.hotline.seat.api.CallState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every hotline call leaves one row in the city's record: the answered call with its menu choice,
 * queue, agent, times and case; the abandoned ones by how long they waited; and a call whose end no
 * gateway saw, rebuilt by the sweep from what Redis kept. Offers and agent time come from the seat
 * manager's events.
 */
class CallDetailRecordTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private Harness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private String callIdOf(String channel) throws Exception {
    return "ast1:"
        + h.sim.channels().await(5, TimeUnit.SECONDS).stream()
            .filter(c -> c.name().equals(channel))
            .findFirst()
            .orElseThrow()
            .uniqueid();
  }

  private boolean gone(String channel) {
    try {
      return h.sim.channels().await(5, TimeUnit.SECONDS).stream()
          .noneMatch(c -> c.name().equals(channel));
    } catch (Exception e) {
      return false;
    }
  }

  private List<Map<String, Object>> rows(String sql, Object... args) {
    return h.db
        .query(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                  ps.setObject(i + 1, args[i]);
                }
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  ResultSetMetaData md = rs.getMetaData();
                  while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                      Object v = rs.getObject(i);
                      row.put(
                          md.getColumnName(i), v instanceof java.sql.Array a ? a.getArray() : v);
                    }
                    out.add(row);
                  }
                }
                return out;
              }
            })
        .toCompletableFuture()
        .join();
  }

  private Map<String, Object> detail(String callId) throws Exception {
    h.await(
        "the call's detail record",
        WAIT,
        () -> !rows("SELECT 1 FROM hotline.call_detail WHERE call_id = ?", callId).isEmpty());
    List<Map<String, Object>> found =
        rows("SELECT * FROM hotline.call_detail WHERE call_id = ?", callId);
    assertEquals(1, found.size(), "one row per call");
    return found.get(0);
  }

  @Test
  void anAnsweredCallIsRecordedWithItsMenuChoiceQueueAgentTimesCaseAndOffer() throws Exception {
    h = Harness.start(o -> o.withSeed(5), Duration.ofSeconds(5));
    h.sim.seat("seat001").behave(SeatBehaviour.answering(0.3, 1.2));
    h.agent("mandarin", "001", "zh");
    String channel =
        h.sim
            .placeCall(
                new CallSpec(
                    "13912345678",
                    "",
                    "12345",
                    Double.POSITIVE_INFINITY,
                    Keypads.sequence("1", 0.2)))
            .await(5, TimeUnit.SECONDS);
    String callId = callIdOf(channel);
    Map<String, Object> row = detail(callId);

    assertEquals("answered", row.get("outcome"));
    assertEquals("13912345678", row.get("caller_number"));
    assertEquals("13912345678", row.get("caller"));
    assertEquals("12345", row.get("dialled"));
    assertEquals("1", row.get("ivr_choice"));
    assertEquals(List.of("general"), List.of((Object[]) row.get("queues")));
    assertEquals("mandarin", row.get("agent_id"));
    assertEquals("001", row.get("seat_id"));
    assertEquals("lifecycle", row.get("recorded_by"));
    assertTrue(((Integer) row.get("talk_sec")) >= 1, "talk " + row.get("talk_sec"));
    assertTrue(((Integer) row.get("wait_sec")) >= 0);
    assertEquals(16, row.get("hangup_cause"));
    assertTrue(
        List.of("agent", "caller").contains(row.get("hangup_by")), "" + row.get("hangup_by"));
    assertNotNull(row.get("recording"), "the answered call was recorded");
    assertNotNull(row.get("answered_at"));
    assertNotNull(row.get("case_id"), "the draft case the answer opened");
    assertEquals(
        row.get("case_id"),
        rows("SELECT case_id FROM hotline.call_case WHERE call_id = ?", callId)
            .get(0)
            .get("case_id"));

    // the offer and the agent's moves, from the seat manager's event stream
    h.await(
        "the offer is closed in the record",
        WAIT,
        () ->
            !rows(
                    "SELECT 1 FROM hotline.call_offer WHERE call_id = ? AND outcome = 'answered'",
                    callId)
                .isEmpty());
    List<Object> moves = new ArrayList<>();
    h.await(
        "the agent's moves are recorded",
        WAIT,
        () -> {
          moves.clear();
          rows("SELECT to_state FROM hotline.agent_state_change WHERE agent_id = 'mandarin'"
                  + " ORDER BY seq")
              .forEach(r -> moves.add(r.get("to_state")));
          return moves.contains("wrap");
        });
    assertEquals(List.of("avail", "offered", "oncall", "wrap"), moves.subList(0, 4));
  }

  @Test
  void abandonedCallsAreRecordedShortOrNotByTheirWait() throws Exception {
    h = Harness.start(o -> o.withSeed(6), Duration.ofSeconds(5));
    // nobody logged in: both callers give up, one at once, one after the 1 s short-abandon limit
    String quick =
        h.sim
            .placeCall(new CallSpec("13800000001", "", "10000", 0.4, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String patient =
        h.sim
            .placeCall(new CallSpec("13800000002", "", "10000", 2.5, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    Map<String, Object> q = detail(callIdOf(quick));
    Map<String, Object> p = detail(callIdOf(patient));
    assertEquals("short_abandoned", q.get("outcome"));
    assertEquals("abandoned", p.get("outcome"));
    assertEquals("caller", p.get("hangup_by"));
    assertTrue(((Integer) p.get("wait_sec")) >= 2, "wait " + p.get("wait_sec"));
    assertEquals(null, p.get("agent_id"));
    assertEquals(null, p.get("talk_sec"));
    assertEquals(null, p.get("recording"), "nothing was recorded for a call nobody answered");
  }

  @Test
  void aCallThatEndedWhileNoGatewayRanIsRebuiltByTheSweep() throws Exception {
    h = Harness.start(o -> o.withSeed(7), Duration.ofSeconds(5));
    String channel =
        h.sim
            .placeCall(new CallSpec("13800000003", "", "10000", 3.0, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
    String callId = callIdOf(channel);
    h.await(
        "queued",
        WAIT,
        () ->
            h.gateway
                .seats()
                .call(callId)
                .toCompletableFuture()
                .join()
                .map(v -> v.state() == CallState.WAITING)
                .orElse(false));
    h.stopGateway();
    h.await("the caller gives up while no gateway runs", WAIT, () -> gone(channel));
    assertTrue(rows("SELECT 1 FROM hotline.call_detail WHERE call_id = ?", callId).isEmpty());

    h.startGateway(h.seatConfig);
    // the next gateway repairs the call in the seat manager, then the sweep owes it a record
    h.await(
        "the seat manager knows the call ended",
        Duration.ofSeconds(75), // the repair on connect, else the next periodic one (60 s)
        () ->
            h.gateway
                .seats()
                .call(callId)
                .toCompletableFuture()
                .join()
                .map(v -> v.state() == CallState.ABANDONED)
                .orElse(false));
    int swept =
        h.gateway
            .callDetails()
            .orElseThrow()
            .sweep(Instant.now().plus(Duration.ofMinutes(2)))
            .await(10, TimeUnit.SECONDS);
    assertEquals(1, swept);
    Map<String, Object> row = detail(callId);
    assertEquals("sweep", row.get("recorded_by"));
    assertEquals("end-unseen", row.get("ending_note"));
    assertEquals("abandoned", row.get("outcome"));
    assertEquals("13800000003", row.get("caller_number"));
    assertEquals(Optional.empty(), Optional.ofNullable(row.get("agent_id")));
    // written once: a second sweep owes nothing
    assertEquals(
        0,
        h.gateway
            .callDetails()
            .orElseThrow()
            .sweep(Instant.now().plus(Duration.ofMinutes(2)))
            .await(10, TimeUnit.SECONDS));
  }

  @Test
  void redisFlushedMidRunLosesNoCallRecordCaseOrRecordedAgentTime() throws Exception {
    try (LocalRedis own = LocalRedis.start(false)) {
      h = Harness.start(o -> o.withSeed(8), Duration.ofSeconds(5), own.uri());
      for (int i = 1; i <= 3; i++) {
        h.sim.seat(String.format("seat%03d", i)).behave(SeatBehaviour.answering(0.2, 0.6));
        h.agent("a" + i, String.format("%03d", i), "zh");
      }
      List<String> before = new ArrayList<>();
      // one call per agent: after a call an agent is in wrap-up (30 s in the harness's queues)
      for (int i = 0; i < 3; i++) {
        before.add(
            callIdOf(h.sim.placeCall(caller("1390000000" + i, 30)).await(5, TimeUnit.SECONDS)));
      }
      h.await("the first calls ended", WAIT, () -> before.stream().allMatch(this::recorded));
      List<Object> casesBefore = new ArrayList<>();
      rows("SELECT case_id FROM hotline.call_case ORDER BY case_id")
          .forEach(r -> casesBefore.add(r.get("case_id")));
      assertEquals(3, casesBefore.size(), "each answered call opened a case");

      // Redis loses everything: the seat manager's agents, waiting calls, call records, stream
      RedisClient flusher = RedisClient.create(own.uri());
      try (StatefulRedisConnection<String, String> raw = flusher.connect()) {
        raw.sync().flushall();
      } finally {
        flusher.shutdown();
      }
      for (int i = 1; i <= 3; i++) {
        h.agent("a" + i, String.format("%03d", i), "zh"); // they sign in again
      }
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        after.add(
            callIdOf(h.sim.placeCall(caller("1391111111" + i, 30)).await(5, TimeUnit.SECONDS)));
      }
      h.await("the later calls ended", WAIT, () -> after.stream().allMatch(this::recorded));

      for (String callId : before) {
        assertEquals("answered", detail(callId).get("outcome"), callId);
      }
      for (String callId : after) {
        assertEquals("answered", detail(callId).get("outcome"), callId);
      }
      List<Object> casesAfter = new ArrayList<>();
      rows("SELECT case_id FROM hotline.call_case ORDER BY case_id")
          .forEach(r -> casesAfter.add(r.get("case_id")));
      assertTrue(casesAfter.containsAll(casesBefore), "no case lost");
      assertEquals(6, casesAfter.size());
      h.await(
          "the record noticed the loss and logged the agents out at it",
          WAIT,
          () ->
              rows("SELECT 1 FROM hotline.agent_state_change WHERE reason = 'redis-lost'").size()
                  == 3);
      // each agent's time before the flush is whole: avail, offered, oncall, wrap for each call
      for (int i = 1; i <= 3; i++) {
        List<Object> states = new ArrayList<>();
        rows(
                "SELECT to_state FROM hotline.agent_state_change WHERE agent_id = ? ORDER BY seq",
                "a" + i)
            .forEach(r -> states.add(r.get("to_state")));
        int out = states.indexOf("out");
        assertTrue(out > 0, "a" + i + ": " + states);
        assertTrue(states.subList(0, out).contains("oncall"), "a" + i + ": " + states);
      }
    }
  }

  private static CallSpec caller(String number, double patience) {
    return new CallSpec(number, "", "10000", patience, Keypad.silent());
  }

  private boolean recorded(String callId) {
    return !rows("SELECT 1 FROM hotline.call_detail WHERE call_id = ?", callId).isEmpty();
  }
}
