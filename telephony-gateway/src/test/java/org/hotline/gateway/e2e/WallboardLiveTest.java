package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.call.CallStats;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.feed.EventFeed;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;

/**
 * The live wallboard against a known load through the simulator: a supervisor's board, fed only by
 * the WebSocket's whole board and its deltas, ends with every counter equal to what the simulator
 * made (offered, answered, abandoned, short abandons, nobody waiting or ringing, every seat back
 * and free), saw seats ring and talk on the way, and was never sent more than one update a second.
 */
class WallboardLiveTest {

  private static final int AGENTS = 4;

  /** The board as a page holds it: each section's entries by key. */
  private static final class Board {
    final Map<String, Map<String, JsonObject>> sections = new ConcurrentHashMap<>();
    final List<Long> updates = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    void apply(JsonObject m) {
      boolean whole = "whole".equals(m.getString("type"));
      for (String s : List.of("queues", "seats", "places", "alerts")) {
        Map<String, JsonObject> section =
            sections.computeIfAbsent(s, k -> new ConcurrentHashMap<>());
        if (whole) {
          section.clear();
        }
        JsonObject entries = m.getJsonObject(s, new JsonObject());
        for (String key : entries.fieldNames()) {
          JsonObject e = entries.getJsonObject(key);
          if (e == null) {
            section.remove(key);
          } else {
            section.put(key, e);
            if (s.equals("seats")) {
              seen.put(e.getString("state"), true);
            }
          }
        }
      }
      updates.add(m.getLong("at")); // last: a reader that sees it sees the board applied
    }

    JsonObject queue(String id) {
      return sections.getOrDefault("queues", Map.of()).getOrDefault(id, new JsonObject());
    }

    Map<String, JsonObject> seats() {
      return sections.getOrDefault("seats", Map.of());
    }
  }

  @Test
  void theBoardsCountersEqualWhatTheSimulatorMade() throws Exception {
    Harness h = Harness.start(o -> o.withSeed(1107), Duration.ofSeconds(10));
    try {
      TestStaff.add(h.gateway, "wbsup", StaffRole.SUPERVISOR);
      StaffClient sup = TestStaff.signIn(h.gateway, "wbsup");
      // wrap-up is ended at once, as a quick agent would, so the load keeps moving
      h.vertx
          .eventBus()
          .<JsonObject>consumer(
              EventFeed.ADDRESS,
              m -> {
                if ("agent".equals(m.body().getString("kind"))
                    && "wrap".equals(m.body().getString("to"))) {
                  // through the switchboard: the offer it makes must ring
                  h.gateway
                      .switchboard()
                      .run(h.gateway.seats().finishWrapUp(m.body().getString("agent")));
                }
              });
      for (int i = 1; i <= AGENTS; i++) {
        String seat = String.format("%03d", i);
        h.sim.seat("seat" + seat).behave(SeatBehaviour.answering(0.5, 4));
        h.agent("wb" + i, seat, "zh");
      }
      Board board = new Board();
      // kept referenced and closed at the end: Vert.x shuts an unreferenced client down when it is
      // garbage collected, even mid-handshake (eclipse-vertx/vert.x#5839)
      WebSocketClient sockets = h.vertx.createWebSocketClient();
      WebSocket ws = open(h, sockets, sup, board);
      h.await("the whole board", Duration.ofSeconds(10), () -> !board.updates.isEmpty());
      assertEquals(AGENTS, board.seats().size(), "every signed-in seat is a cell");
      assertEquals(
          true,
          board.seats().values().stream().allMatch(c -> c.getString("state").equals("available")));

      // the case bridge's supervision alert of an overdue case reaches the board
      h.db
          .query(
              c -> {
                try (var ps =
                    c.prepareStatement(
                        "INSERT INTO hotline.supervision_alert (kind, case_id, at, deadline,"
                            + " district, street, category, urgency)"
                            + " VALUES ('overdue', '20261207-000042', now(), now(), 'chaoyang',"
                            + " 'jianwai', 'construction.night_works', 'general')")) {
                  return ps.executeUpdate();
                }
              })
          .toCompletableFuture()
          .join();
      h.await(
          "the overdue case on the board",
          Duration.ofSeconds(15),
          () ->
              board
                  .sections
                  .getOrDefault("alerts", Map.of())
                  .containsKey("case:20261207-000042:overdue"));
      assertEquals(
          "case-overdue",
          board.sections.get("alerts").get("case:20261207-000042:overdue").getString("kind"));
      // and its escalation to the city (督办升级), with its level
      h.db
          .query(
              c -> {
                try (var ps =
                    c.prepareStatement(
                        "INSERT INTO hotline.supervision_alert (kind, case_id, at, deadline,"
                            + " district, street, category, urgency, escalated_to)"
                            + " VALUES ('escalated', '20261207-000042', now(), now(), 'chaoyang',"
                            + " 'jianwai', 'construction.night_works', 'general', 'city')")) {
                  return ps.executeUpdate();
                }
              })
          .toCompletableFuture()
          .join();
      h.await(
          "the escalation on the board",
          Duration.ofSeconds(15),
          () ->
              board
                  .sections
                  .getOrDefault("alerts", Map.of())
                  .containsKey("case:20261207-000042:escalated"));
      JsonObject escalated = board.sections.get("alerts").get("case:20261207-000042:escalated");
      assertEquals("case-escalated", escalated.getString("kind"));
      assertEquals("city", escalated.getString("escalatedTo"));

      // a known load: 4 callers answered at once, 3 who give up after 3 s while every seat talks,
      // 1 who hangs up within the short-abandon second, then 4 more who are answered
      List<String> placed = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        placed.add(place(h, "1390000100" + i, 600));
      }
      h.await(
          "every seat talks",
          Duration.ofSeconds(20),
          () ->
              board.seats().values().stream()
                  .allMatch(c -> c.getString("state").equals("talking")));
      for (int i = 0; i < 3; i++) {
        placed.add(place(h, "1390000200" + i, 3));
      }
      placed.add(place(h, "13900003000", 0.4));
      h.await(
          "3 waiting on the board",
          Duration.ofSeconds(10),
          () -> board.queue("general").getLong("waiting", 0L) >= 3);
      for (int i = 0; i < 4; i++) {
        placed.add(place(h, "1390000400" + i, 600));
      }
      h.await(
          "every call over: " + h.sim.stats(),
          Duration.ofSeconds(90),
          () -> {
            CallStats s = h.sim.stats();
            return s.completed() + s.abandoned() >= placed.size();
          });
      CallStats stats = h.sim.stats();
      h.await(
          "the board agrees with the simulator",
          Duration.ofSeconds(15),
          () -> {
            JsonObject q = board.queue("general");
            return q.getLong("offered", -1L) == placed.size()
                && q.getLong("answered", -1L) == stats.answered()
                && q.getLong("waiting", -1L) == 0
                && board.seats().values().stream()
                    .noneMatch(c -> c.getString("state").equals("talking"));
          });
      JsonObject q = board.queue("general");
      assertEquals(placed.size(), stats.placed());
      assertEquals(8, stats.answered(), "the simulator answered the patient callers: " + stats);
      assertEquals(4, stats.abandoned(), "and four gave up: " + stats);
      assertEquals(stats.placed(), q.getLong("offered"));
      assertEquals(stats.answered(), q.getLong("answered"));
      assertEquals(1, q.getLong("shortAbandoned"), "the caller who left within a second");
      assertEquals(stats.abandoned(), q.getLong("abandoned") + q.getLong("shortAbandoned"));
      assertEquals(0, q.getLong("ringing"));
      assertEquals(null, q.getLong("oldestSince"), "nobody waits");
      // service level = answered within 20 s ÷ (answered + abandoned), short abandons out
      double sl = q.getDouble("serviceLevel");
      assertTrue(sl > 0 && sl <= 8.0 / 11, "service level " + sl);
      assertEquals(AGENTS, board.seats().size());
      assertTrue(board.seen.containsKey("ringing"), "seats were seen ringing: " + board.seen);
      assertTrue(board.seen.containsKey("talking"));

      List<Long> at = new ArrayList<>(board.updates);
      for (int i = 1; i < at.size(); i++) {
        assertTrue(
            at.get(i) - at.get(i - 1) >= 500,
            "two updates " + (at.get(i) - at.get(i - 1)) + " ms apart");
      }
      ws.close();
      sockets.close().await(5, TimeUnit.SECONDS);
    } finally {
      h.close();
    }
  }

  private static String place(Harness h, String number, double patience) throws Exception {
    return h.sim
        .placeCall(new CallSpec(number, "", "10000", patience, Keypad.silent()))
        .await(5, TimeUnit.SECONDS);
  }

  private static WebSocket open(Harness h, WebSocketClient sockets, StaffClient who, Board board)
      throws Exception {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(h.gateway.httpPort())
            .setURI("/api/wallboard/events")
            .addHeader("Cookie", "hotline_session=" + who.cookie("hotline_session").orElseThrow())
            .addHeader("Origin", "http://127.0.0.1:" + h.gateway.httpPort());
    Map<String, Integer> errors = new HashMap<>();
    return sockets
        .connect(o)
        .map(
            w -> {
              w.textMessageHandler(
                  t -> {
                    JsonObject m = new JsonObject(t);
                    if ("error".equals(m.getString("type"))) {
                      errors.merge(m.getString("message"), 1, Integer::sum);
                    } else {
                      board.apply(m);
                    }
                  });
              return w;
            })
        .await(10, TimeUnit.SECONDS);
  }
}
