package org.hotline.cases.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.DoNotCall;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.ReturnVisitPolicy;
import org.hotline.cases.api.ReturnVisitTask;
import org.hotline.cases.api.ReturnVisitTask.State;
import org.hotline.cases.api.VisitOutcome;

/**
 * Return visits in {@code hotline.return_visit} and the do-not-call list. Each change locks its row
 * first (the bulk claim skips rows another transaction holds), so one instance or agent holds a
 * visit at a time.
 */
final class PgReturnVisitStore {

  private static final String COLUMNS =
      "case_id, case_created_at, caller, resolved_at, due_at, attempts, state, claimed_by,"
          + " claimed_until, answered_at, last_outcome";

  /** Who the history says gave a visit up. */
  static final String SYSTEM = "return-visit";

  private final ReturnVisitPolicy policy;
  private final ZoneId zone;
  private final PgCaseStore cases;

  PgReturnVisitStore(ReturnVisitPolicy policy, ZoneId zone, PgCaseStore cases) {
    this.policy = policy;
    this.zone = zone;
    this.cases = cases;
  }

  /**
   * A case was resolved: its visit is due after the policy's delay, moved into the calling window;
   * a withheld number or one on the do-not-call list gets none (noted in the case's history), and
   * the case stays resolved, out of the visit rates.
   */
  void schedule(Connection c, String caseId, Instant createdAt, Instant now) throws SQLException {
    Optional<String> caller;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT caller FROM hotline.case_record WHERE case_id = ? AND created_at = ?")) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, createdAt);
      try (ResultSet rs = ps.executeQuery()) {
        caller = rs.next() ? Rows.text(rs, "caller") : Optional.empty();
      }
    }
    State state =
        caller.isEmpty() ? State.WITHHELD : onList(c, caller.get()) ? State.DNC : State.SCHEDULED;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.return_visit (case_id, case_created_at, caller, resolved_at,"
                + " due_at, attempts, state, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"
                + " ON CONFLICT (case_id) DO UPDATE SET caller = excluded.caller,"
                + " resolved_at = excluded.resolved_at, due_at = excluded.due_at, attempts = 0,"
                + " state = excluded.state, claimed_by = NULL, claimed_until = NULL,"
                + " answered_at = NULL, last_outcome = NULL, updated_at = excluded.updated_at")) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, createdAt);
      Rows.text(ps, 3, caller);
      Rows.time(ps, 4, now);
      Rows.time(ps, 5, policy.nextCall(now.plus(policy.delay()), zone));
      ps.setString(6, state.code());
      Rows.time(ps, 7, now);
      ps.executeUpdate();
    }
    if (state == State.WITHHELD) {
      cases.note(c, caseId, createdAt, CaseStatus.RESOLVED, SYSTEM, "不回访：来电号码未显示", now);
    } else if (state == State.DNC) {
      cases.note(c, caseId, createdAt, CaseStatus.RESOLVED, SYSTEM, "不回访：免打扰名单", now);
    }
  }

  /**
   * Due visits (and those whose claim lapsed) taken by {@code holder}, the earliest first; none
   * outside the calling window.
   */
  List<ReturnVisitTask> claimDue(Connection c, String holder, int limit, Instant now)
      throws SQLException {
    if (!policy.inWindow(now, zone)) {
      return List.of(); // a lapsed claim is not called at night either
    }
    // residents put on the list after the resolution are not called either
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.return_visit SET state = 'dnc', claimed_by = NULL,"
                + " claimed_until = NULL, updated_at = ? WHERE state IN ('scheduled', 'claimed')"
                + " AND due_at <= ? AND caller IN (SELECT number FROM hotline.do_not_call)")) {
      Rows.time(ps, 1, now);
      Rows.time(ps, 2, now);
      ps.executeUpdate();
    }
    List<ReturnVisitTask> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.return_visit SET state = 'claimed', claimed_by = ?,"
                + " claimed_until = ?, answered_at = NULL, updated_at = ?"
                + " WHERE case_id IN (SELECT case_id FROM hotline.return_visit"
                + " WHERE (state = 'scheduled' AND due_at <= ?)"
                + " OR (state = 'claimed' AND claimed_until <= ?)"
                + " ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS)) {
      ps.setString(1, holder);
      Rows.time(ps, 2, now.plus(policy.claimHold()));
      Rows.time(ps, 3, now);
      Rows.time(ps, 4, now);
      Rows.time(ps, 5, now);
      ps.setInt(6, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(task(rs));
        }
      }
    }
    return out;
  }

  List<ReturnVisitTask> open(Connection c, int limit) throws SQLException {
    List<ReturnVisitTask> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM hotline.return_visit WHERE state IN ('scheduled', 'claimed')"
                + " ORDER BY due_at LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(task(rs));
        }
      }
    }
    return out;
  }

  Optional<ReturnVisitTask> find(Connection c, String caseId) throws SQLException {
    return read(c, caseId, false);
  }

  /** An agent takes one due visit, or extends their own claim. */
  ReturnVisitTask claim(Connection c, String caseId, String holder, Duration hold, Instant now)
      throws SQLException {
    ReturnVisitTask v = lockOpen(c, caseId);
    boolean lapsed = v.state() == State.CLAIMED && !v.claimedUntil().orElseThrow().isAfter(now);
    if (v.state() == State.CLAIMED && !lapsed && !v.heldBy(holder, now)) {
      throw new PgCaseStore.Refused(ErrorCode.VISIT_CLAIMED, caseId);
    }
    if (v.state() == State.SCHEDULED && v.dueAt().isAfter(now)) {
      throw new PgCaseStore.Refused(ErrorCode.VISIT_UNKNOWN, caseId + " is due at " + v.dueAt());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.return_visit SET state = 'claimed', claimed_by = ?,"
                + " claimed_until = ?, updated_at = ? WHERE case_id = ?")) {
      ps.setString(1, holder);
      Rows.time(ps, 2, now.plus(hold));
      Rows.time(ps, 3, now);
      ps.setString(4, caseId);
      ps.executeUpdate();
    }
    return find(c, caseId).orElseThrow();
  }

  boolean answered(Connection c, String caseId, String holder, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.return_visit SET answered_at = ?, updated_at = ?"
                + " WHERE case_id = ? AND state = 'claimed' AND claimed_by = ?")) {
      Rows.time(ps, 1, now);
      Rows.time(ps, 2, now);
      ps.setString(3, caseId);
      ps.setString(4, holder);
      return ps.executeUpdate() == 1;
    }
  }

  /** An attempt without answers: tried again inside the window, or given up as unreachable. */
  ReturnVisitTask attempt(
      Connection c, String caseId, String holder, VisitOutcome outcome, Instant now)
      throws SQLException {
    ReturnVisitTask v = held(c, caseId, holder, now);
    if (outcome == VisitOutcome.NO_ANSWER && answeredAt(c, caseId).isPresent()) {
      return v; // the ring time ran out while the resident was answering the survey
    }
    int attempts = v.attempts() + 1;
    boolean giveUp = attempts >= policy.maxAttempts();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.return_visit SET attempts = ?, state = ?, due_at = ?,"
                + " claimed_by = NULL, claimed_until = NULL, answered_at = NULL,"
                + " last_outcome = ?, updated_at = ? WHERE case_id = ?")) {
      ps.setInt(1, attempts);
      ps.setString(2, giveUp ? State.UNREACHABLE.code() : State.SCHEDULED.code());
      Rows.time(ps, 3, giveUp ? v.dueAt() : policy.nextCall(now.plus(policy.retryAfter()), zone));
      ps.setString(4, outcome.code());
      Rows.time(ps, 5, now);
      ps.setString(6, caseId);
      ps.executeUpdate();
    }
    if (giveUp) {
      cases.note(
          c,
          caseId,
          createdAt(c, caseId),
          CaseStatus.RESOLVED,
          SYSTEM,
          "回访未接通（" + attempts + "次），放弃回访",
          now);
    }
    return find(c, caseId).orElseThrow();
  }

  /** The holder's attempt got the resident's answers: the visit is done. */
  void answers(Connection c, String caseId, String holder, Instant now) throws SQLException {
    ReturnVisitTask v = held(c, caseId, holder, now);
    done(c, caseId, v.attempts() + 1, now);
  }

  /** A visit recorded without a claim (an agent's own call): the open visit, if any, is done. */
  void doneIfOpen(Connection c, String caseId, Instant now) throws SQLException {
    Optional<ReturnVisitTask> v = read(c, caseId, true);
    if (v.isPresent() && (v.get().state() == State.SCHEDULED || v.get().state() == State.CLAIMED)) {
      done(c, caseId, v.get().attempts() + 1, now);
    }
  }

  private static void done(Connection c, String caseId, int attempts, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.return_visit SET attempts = ?, state = 'done', claimed_by = NULL,"
                + " claimed_until = NULL, last_outcome = 'answered', updated_at = ?"
                + " WHERE case_id = ?")) {
      ps.setInt(1, attempts);
      Rows.time(ps, 2, now);
      ps.setString(3, caseId);
      ps.executeUpdate();
    }
  }

  private ReturnVisitTask held(Connection c, String caseId, String holder, Instant now)
      throws SQLException {
    ReturnVisitTask v = lockOpen(c, caseId);
    if (!v.heldBy(holder, now)) {
      throw new PgCaseStore.Refused(ErrorCode.VISIT_CLAIMED, caseId + ": claim it first");
    }
    return v;
  }

  private static ReturnVisitTask lockOpen(Connection c, String caseId) throws SQLException {
    ReturnVisitTask v =
        read(c, caseId, true)
            .orElseThrow(() -> new PgCaseStore.Refused(ErrorCode.VISIT_UNKNOWN, caseId));
    if (v.state() != State.SCHEDULED && v.state() != State.CLAIMED) {
      throw new PgCaseStore.Refused(ErrorCode.VISIT_UNKNOWN, caseId + " is " + v.state().code());
    }
    return v;
  }

  private static Optional<Instant> answeredAt(Connection c, String caseId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT answered_at FROM hotline.return_visit WHERE case_id = ?")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Rows.time(rs, "answered_at") : Optional.empty();
      }
    }
  }

  private static Instant createdAt(Connection c, String caseId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT case_created_at FROM hotline.return_visit WHERE case_id = ?")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Rows.requiredTime(rs, 1);
      }
    }
  }

  private static Optional<ReturnVisitTask> read(Connection c, String caseId, boolean lock)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM hotline.return_visit WHERE case_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(task(rs)) : Optional.empty();
      }
    }
  }

  private static ReturnVisitTask task(ResultSet rs) throws SQLException {
    return new ReturnVisitTask(
        rs.getString("case_id"),
        Rows.text(rs, "caller").orElse(""),
        Rows.requiredTime(rs, "resolved_at"),
        Rows.requiredTime(rs, "due_at"),
        rs.getInt("attempts"),
        State.ofCode(rs.getString("state")),
        Rows.text(rs, "claimed_by"),
        Rows.time(rs, "claimed_until"),
        Rows.text(rs, "last_outcome"));
  }

  // ---- the do-not-call list ----

  private static boolean onList(Connection c, String number) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM hotline.do_not_call WHERE number = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  DoNotCall addDoNotCall(Connection c, String number, String reason, String by, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.do_not_call (number, reason, added_by, added_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET reason ="
                + " excluded.reason, added_by = excluded.added_by, added_at = excluded.added_at")) {
      ps.setString(1, number);
      ps.setString(2, reason);
      ps.setString(3, by);
      Rows.time(ps, 4, now);
      ps.executeUpdate();
    }
    return new DoNotCall(number, reason, by, now);
  }

  boolean removeDoNotCall(Connection c, String number) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM hotline.do_not_call WHERE number = ?")) {
      ps.setString(1, number);
      return ps.executeUpdate() == 1;
    }
  }

  List<DoNotCall> doNotCallList(Connection c, int limit) throws SQLException {
    List<DoNotCall> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT number, reason, added_by, added_at FROM hotline.do_not_call"
                + " ORDER BY added_at DESC, number LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new DoNotCall(
                  rs.getString(1), rs.getString(2), rs.getString(3), Rows.requiredTime(rs, 4)));
        }
      }
    }
    return out;
  }
}
