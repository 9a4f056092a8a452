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
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.CaseUnit;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.ExtensionRequest;
import org.hotline.cases.api.LocalizedName;
import org.hotline.cases.api.StatusUpdate;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.delivery.DispatchPayload;
import org.hotline.cases.taxonomy.Taxonomy;

/**
 * Joint handling (街乡吹哨、部门报到) and extensions (延期) in PostgreSQL, as steps of a transaction the
 * bridge opened on a case {@link PgCaseStore#lock locked}: the units a case went to and what each
 * reported, and the units' requests for a later deadline with the supervisors' decisions.
 */
final class PgJointStore {

  /** A requested deadline further than this from now is not a request but a mistake. */
  static final Duration LONGEST_EXTENSION = Duration.ofDays(180);

  private final CasesConfig config;
  private final Taxonomy taxonomy;
  private final PgCaseStore cases;

  PgJointStore(CasesConfig config, Taxonomy taxonomy, PgCaseStore cases) {
    this.config = config;
    this.taxonomy = taxonomy;
    this.cases = cases;
  }

  // ---- units ----

  /**
   * The units of a (re-)dispatch replace those of the one before: the lead, then the co-units. The
   * earlier rounds' reports stay in the history.
   */
  void dispatched(Connection c, String caseId, Instant createdAt, CaseContent content, Instant now)
      throws SQLException {
    PgCaseStore.delete(c, "DELETE FROM hotline.case_unit WHERE case_id = ?", caseId);
    if (content.disposition() != Disposition.DISPATCH) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_unit (case_id, case_created_at, position, unit_id, role,"
                + " dispatched_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      List<String> ids = new ArrayList<>();
      ids.add(content.ownerType());
      ids.addAll(content.coUnits());
      for (int i = 0; i < ids.size(); i++) {
        ps.setString(1, caseId);
        Rows.time(ps, 2, createdAt);
        ps.setInt(3, i);
        ps.setString(4, ids.get(i));
        ps.setString(5, i == 0 ? "lead" : "co");
        Rows.time(ps, 6, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  List<CaseUnit> units(Connection c, String caseId) throws SQLException {
    List<CaseUnit> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM hotline.case_unit WHERE case_id = ? ORDER BY position")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString("unit_id");
          out.add(
              new CaseUnit(
                  id,
                  CaseUnit.Role.parse(rs.getString("role")),
                  taxonomy.ownerType(id).orElse(new LocalizedName(id, id)),
                  Rows.requiredTime(rs, "dispatched_at"),
                  Rows.text(rs, "reported_name"),
                  Rows.time(rs, "accepted_at"),
                  Rows.time(rs, "responded_at"),
                  Rows.text(rs, "response"),
                  Rows.time(rs, "resolved_at"),
                  Rows.text(rs, "result"),
                  Rows.time(rs, "returned_at"),
                  Rows.text(rs, "return_reason")));
        }
      }
    }
    return out;
  }

  /**
   * A unit's report that does not move the case: any report of a co-unit (协办), and a report of the
   * lead that moves nothing ({@link StatusUpdate.Kind#RESPONDED}). Recorded on the unit's row (each
   * fact once, the first report of it kept, so repeats and reordering change nothing; of several
   * responses the latest by the unit's time) and in the history.
   *
   * @return empty when the update is the lead's move, for {@link PgCaseStore#transition}; else
   *     whether it was applied now (false: its update id had been applied before)
   */
  Optional<Boolean> unitReport(Connection c, PgCaseStore.Locked locked, StatusUpdate u, Instant now)
      throws SQLException {
    Case k = locked.current();
    List<CaseUnit> units = units(c, k.caseId());
    Optional<CaseUnit> co =
        units.stream()
            .filter(x -> x.role() == CaseUnit.Role.CO && x.unitId().equals(u.unit().strip()))
            .findFirst();
    if (co.isEmpty() && u.kind().moves()) {
      return Optional.empty();
    }
    if (k.status() == CaseStatus.DRAFT) {
      throw new PgCaseStore.Refused(ErrorCode.ILLEGAL_TRANSITION, k.status().code());
    }
    if (!applyOnce(c, u.updateId(), k.caseId(), now)) {
      return Optional.of(false);
    }
    Optional<CaseUnit> unit =
        co.or(() -> units.stream().filter(x -> x.role() == CaseUnit.Role.LEAD).findFirst());
    if (unit.isPresent()) {
      record(c, k.caseId(), unit.get().unitId(), u, co.isEmpty());
    }
    String role = co.isPresent() ? "协办 co-unit " : "主办 lead ";
    String text = u.reason().map(r -> ": " + r).orElse("");
    PgCaseStore.note(
        c,
        k.caseId(),
        locked.createdAt(),
        k.status(),
        now,
        u.unit().isEmpty() ? "dispatch" : u.unit(),
        role + unit.map(CaseUnit::unitId).orElse("") + " " + u.kind().code() + text,
        u.updateId());
    return Optional.of(true);
  }

  /** The lead's move was applied to the case: its row says so too. */
  void leadMoved(Connection c, String caseId, StatusUpdate u) throws SQLException {
    Optional<String> lead =
        units(c, caseId).stream()
            .filter(x -> x.role() == CaseUnit.Role.LEAD)
            .map(CaseUnit::unitId)
            .findFirst();
    if (lead.isPresent()) {
      record(c, caseId, lead.get(), u, true);
    }
  }

  private static void record(
      Connection c, String caseId, String unitId, StatusUpdate u, boolean keepName)
      throws SQLException {
    // whole statements, one per kind: each is checked against the schema as it is written
    String sql =
        switch (u.kind()) {
          case ACCEPTED ->
              "UPDATE hotline.case_unit SET accepted_at = coalesce(accepted_at, ?),"
                  + " reported_name = coalesce(reported_name, ?) WHERE case_id = ? AND unit_id = ?";
          case RESPONDED ->
              "UPDATE hotline.case_unit SET responded_at = greatest(responded_at, ?),"
                  + " response = CASE WHEN responded_at IS NULL OR responded_at <= ?"
                  + " THEN coalesce(?, response) ELSE response END,"
                  + " reported_name = coalesce(reported_name, ?) WHERE case_id = ? AND unit_id = ?";
          case RESOLVED ->
              "UPDATE hotline.case_unit SET resolved_at = coalesce(resolved_at, ?),"
                  + " result = coalesce(result, ?),"
                  + " reported_name = coalesce(reported_name, ?) WHERE case_id = ? AND unit_id = ?";
          case RETURNED ->
              "UPDATE hotline.case_unit SET returned_at = coalesce(returned_at, ?),"
                  + " return_reason = coalesce(return_reason, ?),"
                  + " reported_name = coalesce(reported_name, ?) WHERE case_id = ? AND unit_id = ?";
          case EXTENSION_REQUESTED -> throw new IllegalArgumentException("not a unit's report");
        };
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      Rows.time(ps, i++, u.at());
      switch (u.kind()) {
        case RESPONDED -> {
          Rows.time(ps, i++, u.at());
          Rows.text(ps, i++, u.reason());
        }
        case RESOLVED, RETURNED -> Rows.text(ps, i++, u.reason());
        default -> {}
      }
      Rows.text(
          ps, i++, keepName && !u.unit().isBlank() ? Optional.of(u.unit()) : Optional.empty());
      ps.setString(i++, caseId);
      ps.setString(i, unitId);
      ps.executeUpdate();
    }
  }

  /** Marks an update id applied; false when it had been. */
  private static boolean applyOnce(Connection c, String updateId, String caseId, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.applied_update (update_id, case_id, applied_at)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, updateId);
      ps.setString(2, caseId);
      Rows.time(ps, 3, now);
      return ps.executeUpdate() == 1;
    }
  }

  // ---- extensions ----

  /**
   * 延期 asked by a unit: only while the case's deadline runs, for a later deadline than the current
   * one, one waiting request per case ({@link ErrorCode#EXTENSION_PENDING} for a second).
   *
   * @return false when the update id had been applied before
   */
  boolean requestExtension(Connection c, PgCaseStore.Locked locked, StatusUpdate u, Instant now)
      throws SQLException {
    Case k = locked.current();
    if (!applyOnce(c, u.updateId(), k.caseId(), now)) {
      return false;
    }
    if (!k.status().runningDeadline() || k.deadline().isEmpty()) {
      throw new PgCaseStore.Refused(
          ErrorCode.ILLEGAL_TRANSITION, "no deadline runs: " + k.status().code());
    }
    Instant deadline = k.deadline().get();
    Instant wanted = u.extension().orElseThrow().deadlineAfter(deadline);
    if (!wanted.isAfter(deadline)) {
      throw new PgCaseStore.Refused(
          ErrorCode.INVALID_ARGUMENT,
          "the requested deadline is not after the deadline " + deadline);
    }
    if (wanted.isAfter(now.plus(LONGEST_EXTENSION))) {
      throw new PgCaseStore.Refused(
          ErrorCode.INVALID_ARGUMENT, "the requested deadline is more than 180 days away");
    }
    if (pending(c, k.caseId()).isPresent()) {
      throw new PgCaseStore.Refused(ErrorCode.EXTENSION_PENDING, k.caseId());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_extension (case_id, case_created_at, update_id, unit,"
                + " requested_at, deadline_then, requested_deadline, reason, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')")) {
      ps.setString(1, k.caseId());
      Rows.time(ps, 2, locked.createdAt());
      ps.setString(3, u.updateId());
      ps.setString(4, u.unit());
      Rows.time(ps, 5, u.at());
      Rows.time(ps, 6, deadline);
      Rows.time(ps, 7, wanted);
      ps.setString(8, u.reason().orElse(""));
      ps.executeUpdate();
    }
    PgCaseStore.note(
        c,
        k.caseId(),
        locked.createdAt(),
        k.status(),
        now,
        u.unit().isEmpty() ? "dispatch" : u.unit(),
        "申请延期 extension requested to " + wanted + ": " + u.reason().orElse(""),
        u.updateId());
    return true;
  }

  private Optional<ExtensionRequest> pending(Connection c, String caseId) throws SQLException {
    return extensions(c, "WHERE case_id = ? AND state = 'pending'", caseId, 1).stream().findFirst();
  }

  List<ExtensionRequest> ofCase(Connection c, String caseId) throws SQLException {
    return extensions(c, "WHERE case_id = ? ORDER BY extension_id", caseId, 100);
  }

  List<ExtensionRequest> pendingList(Connection c, int limit) throws SQLException {
    return extensions(c, "WHERE state = 'pending' ORDER BY requested_at", null, limit);
  }

  private static List<ExtensionRequest> extensions(
      Connection c, String where, String caseId, int limit) throws SQLException {
    List<ExtensionRequest> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM hotline.case_extension " + where + " LIMIT ?")) {
      int i = 1;
      if (caseId != null) {
        ps.setString(i++, caseId);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ExtensionRequest(
                  Long.toString(rs.getLong("extension_id")),
                  rs.getString("case_id"),
                  rs.getString("unit"),
                  Rows.requiredTime(rs, "requested_at"),
                  Rows.requiredTime(rs, "deadline_then"),
                  Rows.requiredTime(rs, "requested_deadline"),
                  rs.getString("reason"),
                  ExtensionRequest.State.parse(rs.getString("state")),
                  Rows.text(rs, "decided_by"),
                  Rows.time(rs, "decided_at"),
                  Rows.text(rs, "decision_note")));
        }
      }
    }
    return out;
  }

  /**
   * A supervisor's decision on the case's waiting request. Granting moves the deadline to the one
   * asked for and starts supervision over from it: the nearing, overdue and escalation timers are
   * set again from the new deadline (a nearing time already past raises no new warning), and the
   * overdue flag is cleared. Refusing leaves the deadline as it is. Either way the decision is in
   * the history and goes to the dispatch system as a new version of the case.
   */
  ExtensionRequest decide(
      Connection c,
      PgCaseStore.Locked locked,
      String extensionId,
      boolean grant,
      String by,
      String note,
      Instant now)
      throws SQLException {
    Case k = locked.current();
    ExtensionRequest x =
        pending(c, k.caseId())
            .filter(p -> p.extensionId().equals(extensionId))
            .orElseThrow(() -> new PgCaseStore.Refused(ErrorCode.EXTENSION_UNKNOWN, extensionId));
    if (grant && (!k.status().runningDeadline() || k.content().isEmpty())) {
      throw new PgCaseStore.Refused(
          ErrorCode.ILLEGAL_TRANSITION, "no deadline runs: " + k.status().code());
    }
    ExtensionRequest.State state =
        grant ? ExtensionRequest.State.GRANTED : ExtensionRequest.State.REFUSED;
    Optional<String> decisionNote = note.isBlank() ? Optional.empty() : Optional.of(note);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.case_extension SET state = ?, decided_by = ?, decided_at = ?,"
                + " decision_note = ? WHERE extension_id = ?")) {
      ps.setString(1, state.code());
      ps.setString(2, by);
      Rows.time(ps, 3, now);
      Rows.text(ps, 4, decisionNote);
      ps.setLong(5, Long.parseLong(extensionId));
      ps.executeUpdate();
    }
    Instant deadline = grant ? x.requestedDeadline() : k.deadline().orElse(x.deadlineThen());
    int version = k.dispatchVersion() + 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.case_record SET deadline = ?, dispatch_version = ?, updated_at = ?,"
                + " overdue = CASE WHEN ? THEN false ELSE overdue END"
                + " WHERE case_id = ? AND created_at = ?")) {
      Rows.time(ps, 1, deadline);
      ps.setInt(2, version);
      Rows.time(ps, 3, now);
      ps.setBoolean(4, grant);
      ps.setString(5, k.caseId());
      Rows.time(ps, 6, locked.createdAt());
      ps.executeUpdate();
    }
    if (grant) {
      reschedule(c, k, locked.createdAt(), deadline, now);
    }
    PgCaseStore.note(
        c,
        k.caseId(),
        locked.createdAt(),
        k.status(),
        now,
        by,
        (grant
                ? "延期已批准 extension granted: deadline " + x.deadlineThen() + " → " + deadline
                : "延期未批准 extension refused: deadline stays " + deadline)
            + decisionNote.map(n -> ": " + n).orElse(""),
        null);
    ExtensionRequest decided =
        new ExtensionRequest(
            x.extensionId(),
            x.caseId(),
            x.unit(),
            x.requestedAt(),
            x.deadlineThen(),
            x.requestedDeadline(),
            x.reason(),
            state,
            Optional.of(by),
            Optional.of(now),
            decisionNote);
    Case after = cases.find(c, k.caseId()).orElseThrow();
    PgCaseStore.enqueue(
        c, k.caseId(), version, DispatchPayload.decision(after, decided, taxonomy, config), now);
    return decided;
  }

  private void reschedule(Connection c, Case k, Instant createdAt, Instant deadline, Instant now)
      throws SQLException {
    PgCaseStore.delete(
        c,
        "DELETE FROM hotline.case_timer WHERE case_id = ?"
            + " AND kind IN ('nearing', 'overdue', 'escalate')",
        k.caseId());
    Duration limit = config.timeLimit(k.content().orElseThrow().urgency());
    Instant nearing =
        deadline.minusMillis((long) (limit.toMillis() * (1 - config.supervision().nearingAt())));
    if (nearing.isAfter(now)) {
      PgCaseStore.timer(c, k.caseId(), createdAt, "nearing", nearing);
    }
    PgCaseStore.timer(c, k.caseId(), createdAt, "overdue", deadline);
  }
}
