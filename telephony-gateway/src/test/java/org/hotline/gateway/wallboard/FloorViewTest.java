package org.hotline.gateway.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.seat.api.AgentState;
import org.hotline.seat.config.LocalizedName;
import org.hotline.seat.config.PauseReason;
import org.hotline.seat.config.QueueConfig;
import org.hotline.seat.config.Seat;
import org.hotline.seat.config.SeatManagerConfig;
import org.hotline.seat.stats.FloorSeat;
import org.hotline.seat.stats.LiveStatistics;
import org.hotline.seat.stats.QueueStatistics;
import org.junit.jupiter.api.Test;

class FloorViewTest {

  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static final WallboardSettings SETTINGS =
      new WallboardSettings(
          0.8,
          2,
          Duration.ofSeconds(60),
          Duration.ofMinutes(30),
          Duration.ofMinutes(20),
          Set.of("002"),
          Duration.ofSeconds(1));

  private final SeatManagerConfig config =
      new SeatManagerConfig(
          "wb",
          ZoneId.of("Asia/Shanghai"),
          Duration.ofSeconds(20),
          List.of("chaoyang"),
          List.of(
              new QueueConfig(
                  "general",
                  new LocalizedName("综合", "General"),
                  List.of("zh"),
                  Map.of("general", 1),
                  false,
                  Duration.ofSeconds(20),
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(60),
                  Duration.ofMinutes(10),
                  List.of())),
          List.of(
              new PauseReason("break", new LocalizedName("小休", "Break"), true),
              new PauseReason(PauseReason.NO_ANSWER, new LocalizedName("未接听", "No answer"), false)),
          List.of(
              new Seat("001", "A", "1", "PJSIP/seat001"),
              new Seat("002", "A", "1", "PJSIP/seat002"),
              new Seat("003", "A", "1", "PJSIP/seat003")));
  private final FloorView view = new FloorView(config, SETTINGS);

  private final List<FloorSeat> floor =
      List.of(
          seat("001", AgentState.OFFERED, NOW.minusSeconds(25), "", "c1"),
          seat("002", AgentState.WRAP_UP, NOW.minusSeconds(30), "", "c0"),
          seat("003", AgentState.PAUSED, NOW.minusSeconds(90), "break", null));

  private final QueueStatistics general =
      new QueueStatistics(
          "general",
          4,
          1,
          Duration.ofSeconds(75),
          Map.of(AgentState.OFFERED, 1L, AgentState.WRAP_UP, 1L, AgentState.PAUSED, 1L),
          10,
          6,
          4,
          2,
          1,
          1,
          Duration.ofSeconds(60),
          Duration.ofSeconds(600),
          Duration.ofSeconds(30),
          Duration.ofSeconds(120),
          5,
          Duration.ofSeconds(700));

  @Test
  void aQueueRowShowsWaitingApartFromRingingAndItsRatesAsDefined() {
    LiveStatistics live = new LiveStatistics(NOW, "20261207", List.of(general), Map.of());
    JsonObject row = view.queues(live, floor).get("general");
    assertEquals(3, row.getLong("waiting"), "4 waiting, 1 of them ringing at a seat");
    assertEquals(1, row.getLong("ringing"));
    assertEquals(NOW.minusSeconds(75).toEpochMilli(), row.getLong("oldestSince"));
    // service level = 4 within 20 s / (6 answered + 2 abandoned); short abandons out
    assertEquals(0.5, row.getDouble("serviceLevel"), 1e-9);
    assertEquals(0.25, row.getDouble("abandonRate"), 1e-9);
    assertEquals(10.0, row.getDouble("asaSeconds"), "60 s of waiting / 6 answered");
    assertEquals(140.0, row.getDouble("ahtSeconds"), "700 s handled / 5");
    assertEquals(1, row.getJsonObject("pausedBy").getInteger("break"));
    assertEquals(1, row.getJsonObject("agents").getLong("ringing"));
  }

  @Test
  void aSeatsCellCarriesTheMomentItGoesPastWhatItsStateAllows() {
    Map<String, JsonObject> cells = view.seats(floor);
    assertEquals("ringing", cells.get("001").getString("state"));
    assertEquals(
        NOW.minusSeconds(25).plusSeconds(20).toEpochMilli(),
        cells.get("001").getLong("limitAt"),
        "the offer time-out");
    assertEquals(
        NOW.minusSeconds(30).plusSeconds(60).toEpochMilli(),
        cells.get("002").getLong("limitAt"),
        "the queue's wrap-up limit");
    assertEquals("break", cells.get("003").getString("reason"));
    assertNull(cells.get("003").getString("call"));
  }

  @Test
  void alertsNameTheQueuesAndSeatsPastTheirLimits() {
    LiveStatistics live = new LiveStatistics(NOW, "20261207", List.of(general), Map.of());
    Map<String, JsonObject> alerts =
        FloorAlerts.of(view.queues(live, floor), view.seats(floor), SETTINGS, NOW);
    assertEquals(0.5, alerts.get("sl:general").getDouble("value"), 1e-9);
    assertEquals(3, alerts.get("waiting:general").getLong("value"), "3 waiting > 2");
    assertTrue(alerts.containsKey("oldest:general"), "75 s > 60 s");
    assertTrue(alerts.containsKey("seat:001"), "ringing 25 s, past the 20 s offer time-out");
    assertEquals(false, alerts.containsKey("seat:002"), "30 s into a 60 s wrap-up");
    assertEquals(false, alerts.containsKey("seat:003"), "paused 90 s of 30 min");
    assertEquals(4, alerts.size());
  }

  @Test
  void aDeltaHoldsWhatChangedAndNullsWhatWent() {
    Map<String, JsonObject> before =
        Map.of("001", new JsonObject().put("state", "ringing"), "002", new JsonObject());
    Map<String, JsonObject> after =
        Map.of("001", new JsonObject().put("state", "talking"), "003", new JsonObject());
    JsonObject delta = Sections.delta(before, after);
    assertEquals("talking", delta.getJsonObject("001").getString("state"));
    assertTrue(delta.containsKey("002") && delta.getValue("002") == null);
    assertTrue(delta.containsKey("003"));
    assertEquals(3, delta.size());
    assertEquals(0, Sections.delta(after, after).size(), "nothing changed: nothing sent");
  }

  private static FloorSeat seat(
      String id, AgentState state, Instant since, String reason, String call) {
    return new FloorSeat(
        id, "a" + id, state, since, reason, Optional.ofNullable(call), List.of("general"));
  }
}
