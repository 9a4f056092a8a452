package org.hotline.seat.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Writes one seat-manager event into the city's record. Every write is idempotent (an event read
 * twice, by a reader that crashed before committing its position, changes nothing the second time).
 */
final class EventWriter {

  /** Offers and calls are looked up within this much of the event: partitions are by month. */
  private static final Duration NEAR = Duration.ofDays(1);

  private EventWriter() {}

  /** Applies {@code fields} (the entry's body) of the entry {@code id}; false if ignored. */
  static boolean apply(Connection c, StreamId id, Map<String, String> fields) throws SQLException {
    String kind = fields.getOrDefault("kind", "");
    Instant at = at(fields, id);
    switch (kind) {
      case "agent" -> {
        agentChange(
            c,
            fields.get("agent"),
            at,
            id.ordinal(),
            blankToNull(fields.get("seat")),
            fields.getOrDefault("from", "out"),
            fields.getOrDefault("to", "out"),
            blankToNull(fields.get("reason")),
            blankToNull(fields.get("call")),
            id.toString());
        if ("wrap".equals(fields.get("from"))) {
          wrapEnded(c, fields.get("agent"), id.ordinal(), at);
        }
        return true;
      }
      case "offer" -> {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO hotline.call_offer (call_id, rang_from, agent_id, seat_id, queue_id)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          ps.setString(1, required(fields, "call"));
          ps.setObject(2, utc(at));
          ps.setString(3, required(fields, "agent"));
          ps.setString(4, fields.getOrDefault("seat", ""));
          ps.setString(5, fields.getOrDefault("queue", ""));
          ps.executeUpdate();
        }
        // the seat manager moves the agent to "offered" without an event of its own
        agentChange(
            c,
            fields.get("agent"),
            at,
            id.ordinal(),
            blankToNull(fields.get("seat")),
            fields.getOrDefault("from", "avail"),
            "offered",
            null,
            fields.get("call"),
            id.toString());
        return true;
      }
      case "answered" -> {
        closeOffers(c, required(fields, "call"), fields.get("agent"), at, "answered");
        return true;
      }
      case "noanswer" -> {
        closeOffers(
            c,
            required(fields, "call"),
            fields.get("agent"),
            at,
            fields.getOrDefault("how", "noanswer"));
        return true;
      }
      case "withdrawn" -> {
        closeOffers(c, required(fields, "call"), fields.get("agent"), at, "withdrawn");
        return true;
      }
      case "abandoned" -> {
        closeOffers(c, required(fields, "call"), null, at, "caller_gone");
        return true;
      }
      default -> {
        return false; // queue events (enqueued, hold, escalated, ...) belong to the call record
      }
    }
  }

  static void agentChange(
      Connection c,
      String agentId,
      Instant at,
      long seq,
      String seatId,
      String from,
      String to,
      String reason,
      String callId,
      String source)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.agent_state_change (agent_id, at, seq, seat_id, from_state,"
                + " to_state, reason, call_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      ps.setString(1, agentId);
      ps.setObject(2, utc(at));
      ps.setLong(3, seq);
      ps.setString(4, seatId);
      ps.setString(5, from);
      ps.setString(6, to);
      ps.setString(7, reason);
      ps.setString(8, callId);
      ps.setString(9, source);
      ps.executeUpdate();
    }
  }

  /**
   * Ends the offers of a call still ringing (at one agent, or at any when {@code agentId} is null).
   */
  static void closeOffers(Connection c, String callId, String agentId, Instant at, String outcome)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.call_offer SET rang_to = ?, outcome = ? WHERE call_id = ?"
                + " AND rang_to IS NULL AND rang_from BETWEEN ? AND ?"
                + " AND (CAST(? AS text) IS NULL OR agent_id = ?)")) {
      ps.setObject(1, utc(at));
      ps.setString(2, outcome);
      ps.setString(3, callId);
      ps.setObject(4, utc(at.minus(NEAR)));
      ps.setObject(5, utc(at));
      ps.setString(6, agentId);
      ps.setString(7, agentId);
      ps.executeUpdate();
    }
  }

  /** The agent left wrap-up: the call they wrapped up gets its wrap-up seconds. */
  private static void wrapEnded(Connection c, String agentId, long seq, Instant at)
      throws SQLException {
    String callId = null;
    Instant from = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT call_id, at, to_state FROM hotline.agent_state_change WHERE agent_id = ?"
                + " AND seq < ? AND at >= ? ORDER BY seq DESC LIMIT 1")) {
      ps.setString(1, agentId);
      ps.setLong(2, seq);
      ps.setObject(3, utc(at.minus(NEAR)));
      try (ResultSet rs = ps.executeQuery()) {
        // the change just before must be the one into wrap-up (it may not be written yet)
        if (rs.next() && "wrap".equals(rs.getString(3))) {
          callId = rs.getString(1);
          from = rs.getObject(2, OffsetDateTime.class).toInstant();
        }
      }
    }
    if (callId == null) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.call_detail SET wrap_sec = ? WHERE call_id = ? AND entered_at >= ?")) {
      ps.setInt(1, (int) Duration.between(from, at).toSeconds());
      ps.setString(2, callId);
      ps.setObject(3, utc(from.minus(NEAR)));
      ps.executeUpdate();
    }
  }

  static Instant at(Map<String, String> fields, StreamId id) {
    String at = fields.get("at");
    try {
      return at == null
          ? Instant.ofEpochMilli(id.millis())
          : Instant.ofEpochMilli(Long.parseLong(at));
    } catch (NumberFormatException e) {
      return Instant.ofEpochMilli(id.millis());
    }
  }

  private static String required(Map<String, String> fields, String name) {
    String v = fields.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("event without " + name);
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
