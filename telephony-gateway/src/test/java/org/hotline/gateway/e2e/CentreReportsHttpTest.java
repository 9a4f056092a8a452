package org.hotline.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.hotline.asterisk.sim.agi.Keypad;
import org.hotline.asterisk.sim.call.CallSpec;
import org.hotline.asterisk.sim.seat.SeatBehaviour;
import org.hotline.gateway.testing.StaffClient;
import org.hotline.gateway.testing.TestStaff;
import org.hotline.staff.directory.StaffRole;
import org.junit.jupiter.api.Test;

/**
 * The call centre's reports over real HTTP after calls through the simulator: today's intervals as
 * JSON count the calls the simulator made; the CSV download opens as UTF-8 in a spreadsheet (byte
 * order mark, a file name with the day); a distributions table comes one at a time; bad days,
 * formats, tables and reports are refused with a clear error.
 */
class CentreReportsHttpTest {

  @Test
  void todaysReportsCountTheCallsAndDownloadAsCsv() throws Exception {
    Harness h = Harness.start(o -> o.withSeed(1301), Duration.ofSeconds(10));
    try {
      TestStaff.add(h.gateway, "rmgr", StaffRole.MANAGER);
      StaffClient manager = TestStaff.signIn(h.gateway, "rmgr");
      for (int i = 1; i <= 3; i++) {
        h.sim.seat("seat00" + i).behave(SeatBehaviour.answering(0.3, 1));
        h.agent("ra" + i, "00" + i, "zh");
      }
      for (int i = 0; i < 3; i++) {
        h.sim
            .placeCall(new CallSpec("1370000500" + i, "", "10000", 600, Keypad.silent()))
            .await(5, TimeUnit.SECONDS);
      }
      h.await(
          "three calls in the record",
          Duration.ofSeconds(30),
          () -> {
            JsonObject r = manager.get("/api/reports/centre/intervals").json();
            return total(r, "general").getLong("offered", 0L) == 3
                && total(r, "general").getLong("answered", 0L) == 3;
          });
      JsonObject report = manager.get("/api/reports/centre/intervals").json();
      assertEquals(96 * 2, report.getJsonArray("intervals").size(), "every interval, both queues");
      JsonObject general = total(report, "general");
      assertEquals(3, general.getLong("answered"));
      assertEquals(1.0, general.getDouble("serviceLevel"), 1e-9, "all within 20 s");

      LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
      StaffClient.Answer csv = manager.get("/api/reports/centre/intervals?format=csv");
      assertEquals(200, csv.status());
      assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
      assertEquals(
          "attachment; filename=\"intervals-" + today + ".csv\"",
          csv.headers().firstValue("content-disposition").orElse(""));
      assertTrue(csv.body().startsWith("\uFEFF"), "the byte order mark spreadsheets need");
      assertTrue(csv.body().lines().count() > 96 * 2, "a header and a row per interval");

      StaffClient.Answer waits =
          manager.get("/api/reports/centre/distributions?format=csv&table=waits");
      assertEquals(200, waits.status());
      assertTrue(
          waits
              .headers()
              .firstValue("content-disposition")
              .orElse("")
              .contains("distributions-waits"));
      assertEquals(200, manager.get("/api/reports/centre/agents").status());
      assertEquals(200, manager.get("/api/reports/centre/distributions").status());

      assertEquals(400, manager.get("/api/reports/centre/intervals?from=yesterday").status());
      assertEquals(
          400, manager.get("/api/reports/centre/intervals?from=2026-12-07&to=2026-12-01").status());
      assertEquals(
          400, manager.get("/api/reports/centre/intervals?from=2024-01-01&to=2026-01-01").status());
      assertEquals(400, manager.get("/api/reports/centre/intervals?format=xml").status());
      assertEquals(
          400, manager.get("/api/reports/centre/distributions?format=csv&table=x").status());
      assertEquals(404, manager.get("/api/reports/centre/salaries").status());
    } finally {
      h.close();
    }
  }

  private static JsonObject total(JsonObject report, String queue) {
    JsonArray totals = report.getJsonArray("totals", new JsonArray());
    for (int i = 0; i < totals.size(); i++) {
      if (queue.equals(totals.getJsonObject(i).getString("queueId"))) {
        return totals.getJsonObject(i);
      }
    }
    return new JsonObject();
  }
}
