package org.hotline.gateway.officials;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.cases.api.CaseStatus;
import org.hotline.pg.support.Database;
import org.hotline.staff.guest.GuestSession;

/**
 * What a guest session came to, read from the city's record whenever it is asked for: the calls the
 * official took, the categories, the cases dispatched, and each case's status now, so the same
 * printout a week later shows which were resolved since.
 */
public final class GuestSummaries {

  /** Cases of a session are created inside its window; a day's margin covers the clocks. */
  private static final Duration MARGIN = Duration.ofDays(1);

  private final Database db;
  private final Context context;
  private final Clock clock;

  public GuestSummaries(Database db, Context context, Clock clock) {
    this.db = db;
    this.context = context;
    this.clock = clock;
  }

  public Future<JsonObject> of(GuestSession g) {
    return Future.fromCompletionStage(
        db.query(
            c -> {
              JsonObject out = GuestJson.session(g).put("at", clock.instant().toString());
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*) FILTER (WHERE outcome = 'answered'),"
                          + " coalesce(sum(talk_sec) FILTER (WHERE outcome = 'answered'), 0)"
                          + " FROM hotline.call_detail WHERE agent_id = ?"
                          + " AND entered_at >= ? AND entered_at < ?")) {
                ps.setString(1, g.staffId());
                ps.setTimestamp(2, Timestamp.from(g.startsAt().minus(MARGIN)));
                ps.setTimestamp(3, Timestamp.from(g.endsAt().plus(MARGIN)));
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  out.put("calls", rs.getLong(1)).put("talkSeconds", rs.getLong(2));
                }
              }
              JsonArray cases = new JsonArray();
              Map<String, Integer> categories = new TreeMap<>();
              int dispatched = 0;
              int answered = 0;
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT case_id, created_at, status, category, district, street, urgency,"
                          + " disposition, summary, deadline, overdue, unit, resolved_at,"
                          + " visited_at, satisfaction, official_phone, submitted_by"
                          + " FROM hotline.case_record WHERE agent_id = ?"
                          + " AND created_at >= ? AND created_at < ? ORDER BY created_at")) {
                ps.setString(1, g.staffId());
                ps.setTimestamp(2, Timestamp.from(g.startsAt().minus(MARGIN)));
                ps.setTimestamp(3, Timestamp.from(g.endsAt().plus(MARGIN)));
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    JsonObject k = new JsonObject().put("caseId", rs.getString("case_id"));
                    k.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
                    String status = rs.getString("status");
                    k.put("status", status);
                    CaseStatus.parse(status)
                        .ifPresent(
                            s ->
                                k.put(
                                    "statusName",
                                    new JsonObject()
                                        .put("zh", s.displayName().zh())
                                        .put("en", s.displayName().en())));
                    put(k, "category", rs.getString("category"));
                    put(k, "district", rs.getString("district"));
                    put(k, "street", rs.getString("street"));
                    put(k, "urgency", rs.getString("urgency"));
                    put(k, "disposition", rs.getString("disposition"));
                    put(k, "summary", rs.getString("summary"));
                    put(k, "unit", rs.getString("unit"));
                    put(k, "satisfaction", rs.getString("satisfaction"));
                    put(k, "officialPhone", rs.getString("official_phone"));
                    put(k, "submittedBy", rs.getString("submitted_by"));
                    time(k, "deadline", rs.getTimestamp("deadline"));
                    time(k, "resolvedAt", rs.getTimestamp("resolved_at"));
                    time(k, "visitedAt", rs.getTimestamp("visited_at"));
                    k.put("overdue", rs.getBoolean("overdue"));
                    cases.add(k);
                    String category = rs.getString("category");
                    if (category != null) {
                      categories.merge(category, 1, Integer::sum);
                    }
                    String disposition = rs.getString("disposition");
                    if ("dispatch".equals(disposition)) {
                      dispatched++;
                    } else if (disposition != null) {
                      answered++;
                    }
                  }
                }
              }
              JsonArray byCategory = new JsonArray();
              categories.forEach(
                  (code, n) ->
                      byCategory.add(new JsonObject().put("category", code).put("cases", n)));
              return out.put("cases", cases)
                  .put("categories", byCategory)
                  .put("dispatched", dispatched)
                  .put("answeredDirectly", answered);
            }),
        context);
  }

  private static void put(JsonObject json, String field, String value) {
    if (value != null && !value.isEmpty()) {
      json.put(field, value);
    }
  }

  private static void time(JsonObject json, String field, Timestamp value) {
    if (value != null) {
      json.put(field, value.toInstant().toString());
    }
  }
}
