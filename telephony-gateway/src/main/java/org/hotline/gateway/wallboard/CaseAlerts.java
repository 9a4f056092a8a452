package org.hotline.gateway.wallboard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cases.api.CaseBridge;
import org.hotline.cases.api.SupervisionAlert;

/**
 * The case bridge's supervision alerts (cases nearing or past their deadline or escalated after it,
 * drafts left incomplete) as the board shows them: those of the last {@link #KEPT}, newest last, at
 * most {@link #MOST}. Read on from where the last read stopped, so each read costs the same.
 */
final class CaseAlerts {

  static final Duration KEPT = Duration.ofHours(12);
  static final int MOST = 200;
  private static final int BATCH = 500;

  private final CaseBridge cases;
  private final Context context;
  private final Map<String, JsonObject> recent = new LinkedHashMap<>();
  private String after = "0";

  CaseAlerts(CaseBridge cases, Context context) {
    this.cases = cases;
    this.context = context;
  }

  /** Reads what is new and returns the alerts to show, keyed {@code case:<id>:<kind>}. */
  Future<Map<String, JsonObject>> refresh(Instant now) {
    return Future.fromCompletionStage(cases.alerts(after, BATCH), context)
        .map(
            batch -> {
              take(batch);
              Instant oldest = now.minus(KEPT);
              recent.values().removeIf(a -> Instant.parse(a.getString("at")).isBefore(oldest));
              while (recent.size() > MOST) {
                recent.remove(recent.keySet().iterator().next());
              }
              return Map.copyOf(recent);
            });
  }

  private void take(List<SupervisionAlert> batch) {
    for (SupervisionAlert a : batch) {
      after = a.streamId();
      JsonObject json =
          new JsonObject()
              .put("kind", "case-" + a.kind().code())
              .put("case", a.caseId())
              .put("at", a.at().toString());
      a.deadline().ifPresent(d -> json.put("deadline", d.toString()));
      a.districtId().ifPresent(d -> json.put("district", d));
      a.streetId().ifPresent(s -> json.put("street", s));
      a.categoryCode().ifPresent(c -> json.put("category", c));
      a.urgency().ifPresent(u -> json.put("urgency", u.name().toLowerCase(java.util.Locale.ROOT)));
      // 督办升级: the level, district or city; a later level replaces the earlier on the board
      a.escalatedTo().ifPresent(l -> json.put("escalatedTo", l));
      String key = "case:" + a.caseId() + ":" + a.kind().code();
      recent.remove(key); // re-inserted last: the newest
      recent.put(key, json);
    }
  }
}
