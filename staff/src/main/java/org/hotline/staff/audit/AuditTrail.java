package org.hotline.staff.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.support.Database;

/**
 * The audit trail in PostgreSQL ({@code hotline.audit_event}, monthly partitions). A read of a
 * citizen's data is answered only after its audit row commits: an unaudited read never happens.
 */
public final class AuditTrail {

  /** What a supervisor asks for: a time range, optionally one actor, target or action. */
  public record Query(
      Instant from,
      Instant to,
      Optional<String> actor,
      Optional<String> target,
      Optional<String> action,
      int limit) {}

  private final Database db;

  public AuditTrail(Database db) {
    this.db = db;
  }

  public CompletionStage<Void> record(AuditEvent e) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO hotline.audit_event (at, actor, address, action, target, outcome,"
                      + " detail) VALUES (?, ?, ?, ?, ?, ?, jsonb_object(?, ?))")) {
            ps.setTimestamp(1, Timestamp.from(e.at()));
            ps.setString(2, clip(e.actor(), 200));
            ps.setString(3, clip(e.address(), 100));
            ps.setString(4, clip(e.action(), 100));
            ps.setString(5, clip(e.target(), 200));
            ps.setString(6, clip(e.outcome(), 200));
            Map<String, String> detail = new TreeMap<>(e.detail());
            ps.setArray(
                7,
                c.createArrayOf("text", detail.keySet().stream().map(k -> clip(k, 100)).toArray()));
            ps.setArray(
                8,
                c.createArrayOf(
                    "text", detail.values().stream().map(v -> clip(v, 2000)).toArray()));
            // keys are the routes' own names; values may carry anything a request held
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** Newest first. */
  public CompletionStage<List<AuditEvent>> read(Query q) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT at, actor, address, action, target, outcome,"
                      + " coalesce((SELECT array_agg(key ORDER BY key) FROM jsonb_each_text(detail)),"
                      + " '{}'),"
                      + " coalesce((SELECT array_agg(value ORDER BY key)"
                      + " FROM jsonb_each_text(detail)), '{}')"
                      + " FROM hotline.audit_event WHERE at >= ? AND at < ?"
                      + " AND (?::text IS NULL OR actor = ?) AND (?::text IS NULL OR target = ?)"
                      + " AND (?::text IS NULL OR action = ?) ORDER BY at DESC, audit_id DESC"
                      + " LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(q.from()));
            ps.setTimestamp(2, Timestamp.from(q.to()));
            ps.setString(3, q.actor().orElse(null));
            ps.setString(4, q.actor().orElse(null));
            ps.setString(5, q.target().orElse(null));
            ps.setString(6, q.target().orElse(null));
            ps.setString(7, q.action().orElse(null));
            ps.setString(8, q.action().orElse(null));
            ps.setInt(9, Math.max(1, Math.min(q.limit(), 1000)));
            try (ResultSet rs = ps.executeQuery()) {
              List<AuditEvent> out = new ArrayList<>();
              while (rs.next()) {
                String[] keys = (String[]) rs.getArray(7).getArray();
                String[] values = (String[]) rs.getArray(8).getArray();
                Map<String, String> detail = new TreeMap<>();
                for (int i = 0; i < keys.length; i++) {
                  detail.put(keys[i], values[i]);
                }
                out.add(
                    new AuditEvent(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        detail));
              }
              return out;
            }
          }
        });
  }

  /** PostgreSQL text holds no NUL: a hostile name or path keeps its place, marked. */
  private static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    String clean = s.replace('\u0000', '\uFFFD');
    return clean.length() <= max ? clean : clean.substring(0, max);
  }
}
