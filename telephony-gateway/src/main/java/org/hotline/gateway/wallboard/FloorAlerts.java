package org.hotline.gateway.wallboard;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a supervisor must look at on the floor now: a queue under its service-level target, too many
 * callers waiting, a caller waiting too long, a seat past what its state allows (ringing past the
 * offer time-out, wrap-up past its limit, paused or on one call too long). Keys are stable ({@code
 * sl:general}, {@code seat:036}) so an alert stays one entry while it lasts.
 */
final class FloorAlerts {

  private FloorAlerts() {}

  static Map<String, JsonObject> of(
      Map<String, JsonObject> queues,
      Map<String, JsonObject> seats,
      WallboardSettings settings,
      Instant now) {
    Map<String, JsonObject> alerts = new LinkedHashMap<>();
    queues.forEach(
        (id, q) -> {
          Double sl = q.getDouble("serviceLevel");
          if (sl != null && sl < settings.serviceLevelTarget()) {
            alerts.put(
                "sl:" + id,
                alert("service-level", id)
                    .put("value", sl)
                    .put("target", settings.serviceLevelTarget()));
          }
          long waiting = q.getLong("waiting", 0L);
          if (waiting > settings.waitingAlert()) {
            alerts.put(
                "waiting:" + id,
                alert("waiting", id)
                    .put("value", waiting)
                    .put("threshold", settings.waitingAlert()));
          }
          Long oldestSince = q.getLong("oldestSince");
          if (oldestSince != null
              && now.toEpochMilli() - oldestSince > settings.oldestWaitAlert().toMillis()) {
            alerts.put(
                "oldest:" + id,
                alert("oldest-wait", id)
                    .put("since", oldestSince)
                    .put("thresholdSeconds", settings.oldestWaitAlert().toSeconds()));
          }
        });
    seats.forEach(
        (seat, cell) -> {
          Long limitAt = cell.getLong("limitAt");
          if (limitAt != null && now.toEpochMilli() > limitAt) {
            alerts.put(
                "seat:" + seat,
                new JsonObject()
                    .put("kind", "stuck-seat")
                    .put("seat", seat)
                    .put("agent", cell.getString("agent"))
                    .put("state", cell.getString("state"))
                    .put("since", cell.getLong("since"))
                    .put("limitAt", limitAt));
          }
        });
    return alerts;
  }

  private static JsonObject alert(String kind, String queue) {
    return new JsonObject().put("kind", kind).put("queue", queue);
  }
}
