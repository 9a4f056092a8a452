package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;

/**
 * The city's monthly reports over real HTTP, on three October cases written to the record: the
 * district's figures, a rate that needs return visits saying "no data" (null, never 0), every
 * report answering as JSON and as a CSV download, and bad months, districts and reports refused.
 */
class CityReportsHttpTest {

  @Test
  void octobersReportsOverHttp() throws Exception {
    Harness h = Harness.start(o -> o.withSeed(1401), Duration.ofSeconds(10));
    try {
      TestStaff.add(h.gateway, "cmgr", StaffRole.MANAGER);
      StaffClient manager = TestStaff.signIn(h.gateway, "cmgr");
      Instant day = Instant.parse("2026-10-12T02:00:00Z");
      // two dispatched to a unit (one accepted within its limit, one never), one answered on the
      // call
      insert(h, "20261012-000001", day, "dispatch", "water_company", day.plusSeconds(3600));
      insert(h, "20261012-000002", day.plusSeconds(60), "dispatch", "water_company", null);
      insert(h, "20261012-000003", day.plusSeconds(120), "direct_answer", null, null);

      JsonObject rates = manager.get("/api/reports/city/rates?month=2026-10").json();
      JsonObject chaoyang = find(rates.getJsonArray("districts"), "chaoyang");
      assertEquals(3, chaoyang.getLong("received"));
      assertEquals(2, chaoyang.getLong("dispatched"));
      assertEquals(
          0.5, chaoyang.getJsonObject("rates").getJsonObject("response").getDouble("value"), 1e-9);
      assertEquals(
          null,
          chaoyang.getJsonObject("rates").getJsonObject("resolution").getValue("value"),
          "no return visits yet: no data, not 0");

      StaffClient.Answer csv = manager.get("/api/reports/city/rates?month=2026-10&format=csv");
      assertEquals(200, csv.status());
      assertEquals(
          "attachment; filename=\"rates-2026-10.csv\"",
          csv.headers().firstValue("content-disposition").orElse(""));
      assertTrue(csv.body().startsWith("\uFEFF"));
      assertTrue(csv.body().contains("chaoyang") || csv.body().contains("朝阳区"), csv.body());

      for (String report :
          new String[] {
            "units",
            "classification",
            "hot",
            "livelihood",
            "review?district=chaoyang",
            "weekly?day=2026-10-12"
          }) {
        String path = "/api/reports/city/" + report + (report.contains("?") ? "&" : "?");
        assertEquals(200, manager.get(path + "month=2026-10").status(), report);
        assertEquals(200, manager.get(path + "month=2026-10&format=csv").status(), report);
      }
      assertEquals(
          200,
          manager
              .get("/api/reports/city/classification?month=2026-10&format=csv&table=focus")
              .status());
      assertEquals(400, manager.get("/api/reports/city/rates?month=2026-13").status());
      assertEquals(
          400, manager.get("/api/reports/city/review?month=2026-10&district=atlantis").status());
      assertEquals(400, manager.get("/api/reports/city/rates?format=pdf").status());
      assertEquals(404, manager.get("/api/reports/city/gossip").status());
    } finally {
      h.close();
    }
  }

  private static JsonObject find(JsonArray areas, String district) {
    for (int i = 0; i < areas.size(); i++) {
      if (district.equals(areas.getJsonObject(i).getString("districtId"))) {
        return areas.getJsonObject(i);
      }
    }
    throw new AssertionError("no " + district + " in " + areas.encode());
  }

  static void insert(
      Harness h, String id, Instant at, String disposition, String unit, Instant accepted)
      throws Exception {
    h.db
        .query(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO hotline.case_record (case_id, created_at, status, updated_at,"
                          + " call_id, server, linked_id, caller_number, caller, queue_id,"
                          + " entered_at, language, request_type, category, district, street,"
                          + " urgency, disposition, submitted_at, deadline, unit, accepted_at)"
                          + " VALUES (?, ?, 'dispatched', ?, ?, 'ast1', ?, '13900001111',"
                          + " '13900001111', 'general', ?, 'zh', 'complaint', 'construction.night_works',"
                          + " 'chaoyang', 'jianwai', 'general', ?, ?, ?, ?, ?)")) {
                Timestamp t = Timestamp.from(at);
                ps.setString(1, id);
                ps.setTimestamp(2, t);
                ps.setTimestamp(3, t);
                ps.setString(4, "call-" + id);
                ps.setString(5, "call-" + id);
                ps.setTimestamp(6, Timestamp.from(at.minusSeconds(120)));
                ps.setString(7, disposition);
                ps.setTimestamp(8, t);
                ps.setTimestamp(9, Timestamp.from(at.plus(Duration.ofHours(24))));
                ps.setString(10, unit);
                ps.setTimestamp(11, accepted == null ? null : Timestamp.from(accepted));
                ps.executeUpdate();
              }
              return null;
            })
        .toCompletableFuture()
        .join();
  }
}
