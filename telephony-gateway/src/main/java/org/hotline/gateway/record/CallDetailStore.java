package org.hotline.gateway.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.hotline.pg.support.Database;

/**
 * Writes call detail records. Every gateway instance hears every call end, and a sweep may rebuild
 * a call another instance also saw: a lock per call makes the row unique, and a row from the
 * exchange's own events replaces one the sweep rebuilt, never the other way round.
 */
public final class CallDetailStore {

  /** A call's row is looked for within this much of its entry time (partitions are by month). */
  private static final Duration NEAR = Duration.ofDays(1);

  private static final String COLUMNS =
      "server, call_id, entered_at, linked_id, caller_number, caller, dialled, line, ivr_choice,"
          + " queues, queued_at, answered_at, agent_id, seat_id, ended_at, outcome, hangup_by,"
          + " hangup_cause, wait_sec, talk_sec, hold_sec, holds, transfers, recording, case_id,"
          + " ending_note, recorded_by";

  private final Database db;

  public CallDetailStore(Database db) {
    this.db = db;
  }

  /**
   * How many calls the agent answered since {@code from} that have ended: the desktop's "calls
   * handled today". A call handed on counts for the agent who had it last.
   */
  public CompletionStage<Integer> answeredBy(String agentId, Instant from) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT count(*) FROM hotline.call_detail WHERE agent_id = ?"
                      + " AND answered_at >= ? AND entered_at >= ?")) {
            ps.setString(1, agentId);
            ps.setObject(2, utc(from));
            // the partition key bounds the scan; a call waits far less than a day
            ps.setObject(3, utc(from.minus(NEAR)));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  /** What happened to the row. */
  public enum Written {
    INSERTED,
    REPLACED,
    KEPT
  }

  public CompletionStage<Written> write(CallDetail d) {
    return db.transaction(c -> write(c, d));
  }

  static Written write(Connection c, CallDetail d) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, "cdr:" + d.callId());
      ps.execute();
    }
    Optional<String> existing = existing(c, d);
    if (existing.isPresent()) {
      if (existing.get().equals(CallDetail.SWEEP) && d.recordedBy().equals(CallDetail.LIFECYCLE)) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM hotline.call_detail WHERE server = ? AND call_id = ?"
                    + " AND entered_at BETWEEN ? AND ?")) {
          ps.setString(1, d.server());
          ps.setString(2, d.callId());
          ps.setObject(3, utc(d.enteredAt().minus(NEAR)));
          ps.setObject(4, utc(d.enteredAt().plus(NEAR)));
          ps.executeUpdate();
        }
        insert(c, d);
        return Written.REPLACED;
      }
      return Written.KEPT;
    }
    insert(c, d);
    return Written.INSERTED;
  }

  private static Optional<String> existing(Connection c, CallDetail d) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT recorded_by FROM hotline.call_detail WHERE server = ? AND call_id = ?"
                + " AND entered_at BETWEEN ? AND ?")) {
      ps.setString(1, d.server());
      ps.setString(2, d.callId());
      ps.setObject(3, utc(d.enteredAt().minus(NEAR)));
      ps.setObject(4, utc(d.enteredAt().plus(NEAR)));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void insert(Connection c, CallDetail d) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.call_detail ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                // the case the call opened, if the case bridge has one for it
                + " (SELECT case_id FROM hotline.call_case WHERE call_id = ?),"
                + " ?, ?)")) {
      int i = 1;
      ps.setString(i++, d.server());
      ps.setString(i++, d.callId());
      ps.setObject(i++, utc(d.enteredAt()));
      ps.setString(i++, d.linkedId());
      ps.setString(i++, d.callerNumber());
      text(ps, i++, d.caller());
      text(ps, i++, d.dialled());
      text(ps, i++, d.line());
      text(ps, i++, d.ivrChoice());
      ps.setArray(i++, c.createArrayOf("text", d.queues().toArray()));
      time(ps, i++, d.queuedAt());
      time(ps, i++, d.answeredAt());
      text(ps, i++, d.agentId());
      text(ps, i++, d.seatId());
      ps.setObject(i++, utc(d.endedAt()));
      ps.setString(i++, d.outcome());
      ps.setString(i++, d.hangupBy());
      number(ps, i++, d.hangupCause());
      number(ps, i++, d.waitSeconds());
      number(ps, i++, d.talkSeconds());
      number(ps, i++, d.holdSeconds());
      ps.setInt(i++, d.holds());
      ps.setInt(i++, d.transfers());
      text(ps, i++, d.recording());
      ps.setString(i++, d.callId());
      text(ps, i++, d.endingNote());
      ps.setString(i, d.recordedBy());
      ps.executeUpdate();
    }
  }

  private static void text(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
    if (v.isPresent()) {
      ps.setString(i, v.get());
    } else {
      ps.setNull(i, Types.VARCHAR);
    }
  }

  private static void number(PreparedStatement ps, int i, Optional<Integer> v) throws SQLException {
    if (v.isPresent()) {
      ps.setInt(i, v.get());
    } else {
      ps.setNull(i, Types.INTEGER);
    }
  }

  private static void time(PreparedStatement ps, int i, Optional<Instant> v) throws SQLException {
    if (v.isPresent()) {
      ps.setObject(i, utc(v.get()));
    } else {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  private static java.time.OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
