package org.hotline.cases.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallbackCandidate;
import org.hotline.cases.api.CallbackOutcome;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.PhoneNumbers;

/**
 * The callback work list in {@code hotline.callback}: candidates, claims and every attempt. Each
 * change locks its row first, so two agents (on any instance) never both hold or record one.
 */
final class PgCallbackStore {

  /** After this many attempts without reaching anyone a callback closes as unreachable. */
  static final int MAX_ATTEMPTS = 3;

  private static final String COLUMNS =
      "call_id, caller, queue_id, entered_at, abandoned_at, reason, claimed_by, claimed_until,"
          + " attempts, outcome";

  /** A caller hung up waiting: a candidate, once per call id. */
  boolean abandoned(Connection c, CallFacts f, Instant now) throws SQLException {
    return insert(c, f, now, CallbackCandidate.Reason.ABANDONED);
  }

  /**
   * The caller asked for a callback: a candidate of that kind (an abandonment of the same call
   * recorded first becomes a request, since the caller did ask).
   */
  boolean requested(Connection c, CallFacts f, Instant now) throws SQLException {
    return insert(c, f, now, CallbackCandidate.Reason.REQUESTED);
  }

  private static boolean insert(
      Connection c, CallFacts f, Instant now, CallbackCandidate.Reason reason) throws SQLException {
    String onConflict =
        reason == CallbackCandidate.Reason.REQUESTED
            ? " ON CONFLICT (call_id) DO UPDATE SET reason = 'requested'"
                + " WHERE hotline.callback.reason <> 'requested' AND hotline.callback.done_at IS NULL"
            : " ON CONFLICT DO NOTHING";
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.callback"
                + " (call_id, caller, queue_id, entered_at, abandoned_at, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?)"
                + onConflict)) {
      ps.setString(1, f.callId());
      Rows.text(ps, 2, PhoneNumbers.normalize(f.callerNumber()));
      ps.setString(3, f.queueId());
      Rows.time(ps, 4, f.enteredAt());
      Rows.time(ps, 5, now);
      ps.setString(6, reason.code());
      return ps.executeUpdate() == 1;
    }
  }

  /** Open callbacks: the ones callers asked for first, then the oldest. */
  List<CallbackCandidate> open(Connection c, int limit) throws SQLException {
    List<CallbackCandidate> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM hotline.callback WHERE done_at IS NULL"
                + " ORDER BY (reason = 'requested') DESC, abandoned_at LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(candidate(rs));
        }
      }
    }
    return out;
  }

  Optional<CallbackCandidate> find(Connection c, String callId) throws SQLException {
    return read(c, callId, false).map(Row::candidate);
  }

  CallbackCandidate claim(Connection c, String callId, String agentId, Duration hold, Instant now)
      throws SQLException {
    Row row = openForChange(c, callId);
    if (row.candidate().claimedByOther(agentId, now)) {
      throw new PgCaseStore.Refused(ErrorCode.CALLBACK_CLAIMED, callId);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.callback SET claimed_by = ?, claimed_until = ? WHERE call_id = ?")) {
      ps.setString(1, agentId);
      Rows.time(ps, 2, now.plus(hold));
      ps.setString(3, callId);
      ps.executeUpdate();
    }
    return find(c, callId).orElseThrow();
  }

  CallbackCandidate attempt(
      Connection c,
      String callId,
      String agentId,
      CallbackOutcome outcome,
      Optional<String> callbackCallId,
      Instant now)
      throws SQLException {
    Row row = openForChange(c, callId);
    CallbackCandidate k = row.candidate();
    if (!k.heldBy(agentId, now)) {
      // an attempt is recorded by the one who claimed it, while the claim lasts
      throw new PgCaseStore.Refused(ErrorCode.CALLBACK_CLAIMED, callId);
    }
    int attempt = k.attempts() + 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.callback_attempt"
                + " (call_id, attempt, agent_id, at, outcome, callback_call_id)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, callId);
      ps.setInt(2, attempt);
      ps.setString(3, agentId);
      Rows.time(ps, 4, now);
      ps.setString(5, outcome.code());
      Rows.text(ps, 6, callbackCallId);
      ps.executeUpdate();
    }
    CallbackOutcome settled =
        outcome.ends() || attempt < MAX_ATTEMPTS ? outcome : CallbackOutcome.UNREACHABLE;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.callback SET attempts = ?, outcome = ?, claimed_by = NULL,"
                + " claimed_until = NULL, done_at = ?, done_by = ? WHERE call_id = ?")) {
      ps.setInt(1, attempt);
      ps.setString(2, settled.code());
      Rows.time(ps, 3, settled.ends() ? Optional.of(now) : Optional.empty());
      Rows.text(ps, 4, settled.ends() ? Optional.of(agentId) : Optional.empty());
      ps.setString(5, callId);
      ps.executeUpdate();
    }
    return find(c, callId).orElseThrow();
  }

  /** Closes an open callback (a supervisor's decision, or the caller called again). */
  boolean done(Connection c, String callId, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.callback SET done_at = ?, claimed_by = NULL, claimed_until = NULL"
                + " WHERE call_id = ? AND done_at IS NULL")) {
      Rows.time(ps, 1, now);
      ps.setString(2, callId);
      return ps.executeUpdate() == 1;
    }
  }

  private record Row(CallbackCandidate candidate, boolean done) {}

  private Row openForChange(Connection c, String callId) throws SQLException {
    Row row =
        read(c, callId, true)
            .orElseThrow(() -> new PgCaseStore.Refused(ErrorCode.CALLBACK_UNKNOWN, callId));
    if (row.done()) {
      throw new PgCaseStore.Refused(ErrorCode.CALLBACK_UNKNOWN, callId + " is done");
    }
    return row;
  }

  private static Optional<Row> read(Connection c, String callId, boolean lock) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", done_at FROM hotline.callback WHERE call_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Row(candidate(rs), Rows.time(rs, "done_at").isPresent()));
      }
    }
  }

  private static CallbackCandidate candidate(ResultSet rs) throws SQLException {
    return new CallbackCandidate(
        rs.getString("call_id"),
        Rows.text(rs, "caller").orElse(""),
        rs.getString("queue_id"),
        Rows.requiredTime(rs, "entered_at"),
        Rows.requiredTime(rs, "abandoned_at"),
        CallbackCandidate.Reason.ofCode(rs.getString("reason")),
        Rows.text(rs, "claimed_by"),
        Rows.time(rs, "claimed_until"),
        rs.getInt("attempts"),
        Rows.text(rs, "outcome").map(CallbackOutcome::ofCode));
  }
}
