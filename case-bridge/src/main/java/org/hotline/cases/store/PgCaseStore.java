package org.hotline.cases.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hotline.cases.api.CallFacts;
import org.hotline.cases.api.CallerHistory;
import org.hotline.cases.api.Case;
import org.hotline.cases.api.CaseContent;
import org.hotline.cases.api.CaseRef;
import org.hotline.cases.api.CaseStatus;
import org.hotline.cases.api.CaseSummary;
import org.hotline.cases.api.Disposition;
import org.hotline.cases.api.ErrorCode;
import org.hotline.cases.api.GuestOfficial;
import org.hotline.cases.api.Jurisdiction;
import org.hotline.cases.api.PhoneNumbers;
import org.hotline.cases.api.RequestType;
import org.hotline.cases.api.StatusChange;
import org.hotline.cases.api.SupervisionAlert;
import org.hotline.cases.api.Urgency;
import org.hotline.cases.config.CasesConfig;
import org.hotline.cases.config.SupervisionSettings;
import org.hotline.cases.intake.TextRules;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;

/**
 * Cases in PostgreSQL: each method is a step of one transaction the caller opened, so a case, its
 * history, its timers and its outbox entry always change together. The caller passes the time of
 * every decision, so tests can move the clock.
 */
public final class PgCaseStore {

  /** Code points kept of a caller-id name. */
  private static final int MAX_CALLER_NAME = 50;

  private static final String OPEN = "status NOT IN ('resolved', 'visited', 'closed')";
  private static final String HISTORY_COLUMNS =
      "case_id, created_at, status, request_type, category, deadline, agent_id, entered_at,"
          + " district";

  /**
   * The screen pop's statement (parameters: caller, last-cases limit, caller, open-cases limit,
   * caller, caller, window start, caller, window start); public for the benchmark's EXPLAIN.
   */
  public static final String HISTORY_SQL =
      "(SELECT 'l' AS part, "
          + HISTORY_COLUMNS
          + ", 0::bigint AS n FROM hotline.caller_case WHERE caller = ?"
          + " ORDER BY created_at DESC LIMIT ?)"
          + " UNION ALL (SELECT 'o', "
          + HISTORY_COLUMNS
          + ", 0 FROM hotline.caller_case WHERE caller = ? AND "
          + OPEN
          + " ORDER BY created_at DESC LIMIT ?)"
          + " UNION ALL SELECT 'n', null, null, null, null, null, null, null, null, null,"
          + " (SELECT count(*) FROM hotline.caller_case WHERE caller = ? AND "
          + OPEN
          + ")"
          + " UNION ALL SELECT 'c', null, null, null, null, null, null, null, null, null,"
          + " (SELECT count(*) FROM hotline.caller_case WHERE caller = ? AND created_at >= ?)"
          + " + (SELECT count(*) FROM hotline.callback WHERE caller = ? AND entered_at >= ?)";

  private final CasesConfig config;
  private final Taxonomy taxonomy;
  private final Gazetteer gazetteer;
  private final CaseIds ids;
  private final Function<String, Optional<Duration>> wrapUpLimits;

  public PgCaseStore(
      CasesConfig config,
      Taxonomy taxonomy,
      Gazetteer gazetteer,
      Function<String, Optional<Duration>> wrapUpLimits) {
    this.config = config;
    this.wrapUpLimits = wrapUpLimits;
    this.taxonomy = taxonomy;
    this.gazetteer = gazetteer;
    this.ids = new CaseIds(config.zone());
  }

  /** A refusal inside a transaction: it rolls back, and the bridge reports {@code code}. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String detail;

    public Refused(ErrorCode code, String detail) {
      super(code + " " + detail, null, false, false);
      this.code = code;
      this.detail = detail;
    }

    public ErrorCode code() {
      return code;
    }

    public String detail() {
      return detail;
    }
  }

  /** A case locked for a change, with what the change must compare against. */
  public record Locked(Case current, Instant createdAt, Optional<String> formHash) {}

  // ---- the call ----

  /**
   * The answered or ended call: the draft case is created once per call id (an advisory lock on the
   * call id makes concurrent reports wait for each other rather than number two drafts), the call's
   * facts are updated each time, and an ended draft gets its wrap-up timer.
   */
  public CaseRef callEvent(Connection c, CallFacts f, boolean ended, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, "hotline.call." + f.callId());
      ps.execute();
    }
    String caseId;
    Instant createdAt;
    boolean created = false;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT case_id, case_created_at FROM hotline.call_case WHERE call_id = ?")) {
      ps.setString(1, f.callId());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          caseId = rs.getString(1);
          createdAt = Rows.requiredTime(rs, 2);
        } else {
          caseId = null;
          createdAt = now;
        }
      }
    }
    if (caseId == null) {
      LocalDate day = ids.day(now);
      caseId = ids.id(day, nextNumber(c, day));
      insertDraft(c, caseId, f, now);
      history(
          c, caseId, now, 1, CaseStatus.DRAFT, now, f.agentId().orElse(""), "", f.callId(), null);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO hotline.call_case (call_id, case_id, case_created_at) VALUES (?, ?, ?)")) {
        ps.setString(1, f.callId());
        ps.setString(2, caseId);
        Rows.time(ps, 3, now);
        ps.executeUpdate();
      }
      created = true;
    } else {
      updateCall(c, caseId, createdAt, f, now);
    }
    CaseStatus status = status(c, caseId, createdAt);
    if (ended && status == CaseStatus.DRAFT) {
      Duration limit = wrapUpLimits.apply(f.queueId()).orElse(config.wrapUpFormLimit());
      Instant due = f.endedAt().orElse(now).plus(limit);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO hotline.case_timer (case_id, kind, case_created_at, due_at)"
                  + " VALUES (?, 'wrapup', ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, caseId);
        Rows.time(ps, 2, createdAt);
        Rows.time(ps, 3, due);
        ps.executeUpdate();
      }
    }
    return new CaseRef(caseId, f.callId(), status, created);
  }

  private static int nextNumber(Connection c, LocalDate day) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_day_counter (day, last_no) VALUES (?, 1)"
                + " ON CONFLICT (day) DO UPDATE SET last_no = case_day_counter.last_no + 1"
                + " RETURNING last_no")) {
      ps.setObject(1, day);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The caller-id name the exchange gave is not ours to trust: only plain text is kept. */
  private static Optional<String> callerName(CallFacts f) {
    return f.callerName()
        .map(v -> TextRules.stripInvisible(v, MAX_CALLER_NAME))
        .filter(v -> !v.isEmpty())
        .flatMap(v -> TextRules.clean(v, MAX_CALLER_NAME, false));
  }

  private void insertDraft(Connection c, String caseId, CallFacts f, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_record (case_id, created_at, status, updated_at, call_id,"
                + " server, linked_id, caller_number, caller, caller_name, queue_id, agent_id,"
                + " seat_id, entered_at, answered_at, ended_at, recording, language, wait_sec,"
                + " talk_sec, official_name, official_phone)"
                + " VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)")) {
      int i = 1;
      ps.setString(i++, caseId);
      Rows.time(ps, i++, now);
      Rows.time(ps, i++, now);
      ps.setString(i++, f.callId());
      ps.setString(i++, f.server());
      ps.setString(i++, f.linkedId());
      ps.setString(i++, f.callerNumber());
      Rows.text(ps, i++, PhoneNumbers.normalize(f.callerNumber()));
      Rows.text(ps, i++, callerName(f));
      ps.setString(i++, f.queueId());
      Rows.text(ps, i++, f.agentId());
      Rows.text(ps, i++, f.seatId());
      Rows.time(ps, i++, f.enteredAt());
      Rows.time(ps, i++, f.answeredAt());
      Rows.time(ps, i++, f.endedAt());
      Rows.text(ps, i++, f.recording());
      ps.setString(i++, f.language());
      ps.setInt(i++, (int) f.waitTime().toSeconds());
      ps.setInt(i++, (int) f.talkTime().toSeconds());
      Rows.text(ps, i++, f.official().map(GuestOfficial::name));
      Rows.text(ps, i, f.official().map(GuestOfficial::callbackNumber));
      ps.executeUpdate();
    }
  }

  /** What is known now replaces what was; what is not known is left as it was. */
  private void updateCall(Connection c, String caseId, Instant createdAt, CallFacts f, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.case_record SET updated_at = ?,"
                + " caller_name = coalesce(?, caller_name), agent_id = coalesce(?, agent_id),"
                + " seat_id = coalesce(?, seat_id), answered_at = coalesce(?, answered_at),"
                + " ended_at = coalesce(?, ended_at), recording = coalesce(?, recording),"
                + " official_name = coalesce(?, official_name),"
                + " official_phone = coalesce(?, official_phone),"
                + " wait_sec = greatest(wait_sec, ?), talk_sec = greatest(talk_sec, ?)"
                + " WHERE case_id = ? AND created_at = ?")) {
      int i = 1;
      Rows.time(ps, i++, now);
      Rows.text(ps, i++, callerName(f));
      Rows.text(ps, i++, f.agentId());
      Rows.text(ps, i++, f.seatId());
      Rows.time(ps, i++, f.answeredAt());
      Rows.time(ps, i++, f.endedAt());
      Rows.text(ps, i++, f.recording());
      Rows.text(ps, i++, f.official().map(GuestOfficial::name));
      Rows.text(ps, i++, f.official().map(GuestOfficial::callbackNumber));
      ps.setInt(i++, (int) f.waitTime().toSeconds());
      ps.setInt(i++, (int) f.talkTime().toSeconds());
      ps.setString(i++, caseId);
      Rows.time(ps, i, createdAt);
      ps.executeUpdate();
    }
  }

  private static CaseStatus status(Connection c, String caseId, Instant createdAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT status FROM hotline.case_record WHERE case_id = ? AND created_at = ?")) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, createdAt);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return CaseStatus.parse(rs.getString(1)).orElseThrow();
      }
    }
  }

  public Optional<String> caseIdOfCall(Connection c, String callId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT case_id FROM hotline.call_case WHERE call_id = ?")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  // ---- reading a case ----

  /** The case with its history; empty for an unknown id or a string that is not a case id. */
  public Optional<Case> find(Connection c, String caseId) throws SQLException {
    return read(c, caseId, false).map(Locked::current);
  }

  /** The case, its row locked until the transaction ends. */
  public Locked lock(Connection c, String caseId) throws SQLException {
    return read(c, caseId, true)
        .orElseThrow(() -> new Refused(ErrorCode.CASE_UNKNOWN, String.valueOf(caseId)));
  }

  private Optional<Locked> read(Connection c, String caseId, boolean forUpdate)
      throws SQLException {
    Optional<Instant[]> range = ids.createdRange(caseId);
    if (range.isEmpty()) {
      return Optional.empty();
    }
    Case partial;
    Instant createdAt;
    Optional<String> formHash;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT * FROM hotline.case_record WHERE case_id = ? AND created_at >= ?"
                + " AND created_at < ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, range.get()[0]);
      Rows.time(ps, 3, range.get()[1]);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        createdAt = Rows.requiredTime(rs, "created_at");
        formHash = Rows.text(rs, "form_hash");
        partial = decode(rs, List.of());
      }
    }
    List<StatusChange> history = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT status, at, changed_by, note FROM hotline.case_status_change"
                + " WHERE case_id = ? AND case_created_at = ? ORDER BY seq")) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, createdAt);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          history.add(
              new StatusChange(
                  CaseStatus.parse(rs.getString(1)).orElseThrow(),
                  Rows.requiredTime(rs, 2),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
    }
    Optional<CaseContent> content = partial.content();
    if (content.isPresent()) {
      List<String> coUnits = coUnits(c, caseId);
      if (!coUnits.isEmpty()) {
        content = Optional.of(content.get().withCoUnits(coUnits));
      }
    }
    Case full =
        new Case(
            partial.caseId(),
            partial.status(),
            partial.call(),
            content,
            partial.incomplete(),
            partial.createdAt(),
            partial.submittedAt(),
            partial.deadline(),
            partial.dispatchVersion(),
            partial.dispatchRef(),
            history);
    return Optional.of(new Locked(full, createdAt, formHash));
  }

  /** 协办: the co-units of the case's current dispatch, in the agent's order. */
  private static List<String> coUnits(Connection c, String caseId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT unit_id FROM hotline.case_unit WHERE case_id = ? AND role = 'co'"
                + " ORDER BY position")) {
      ps.setString(1, caseId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private Case decode(ResultSet rs, List<StatusChange> history) throws SQLException {
    Optional<GuestOfficial> official =
        Rows.text(rs, "official_name")
            // the callback number comes with the official's form; until then the name alone
            .map(n -> new GuestOfficial(n, textOrEmpty(rs, "official_phone").orElse("")));
    CallFacts call =
        new CallFacts(
            rs.getString("call_id"),
            rs.getString("server"),
            rs.getString("linked_id"),
            rs.getString("caller_number"),
            Rows.text(rs, "caller_name"),
            rs.getString("queue_id"),
            Rows.text(rs, "agent_id"),
            Rows.text(rs, "seat_id"),
            official,
            Rows.requiredTime(rs, "entered_at"),
            Rows.time(rs, "answered_at"),
            Rows.time(rs, "ended_at"),
            Rows.text(rs, "recording"),
            rs.getString("language"));
    Optional<CaseContent> content = Optional.empty();
    Optional<String> requestType = Rows.text(rs, "request_type");
    if (requestType.isPresent()) {
      Optional<String> district = Rows.text(rs, "district");
      Optional<String> street = Rows.text(rs, "street");
      Optional<Jurisdiction> j =
          district.flatMap(d -> street.flatMap(s -> gazetteer.jurisdiction(d, s)));
      content =
          Optional.of(
              new CaseContent(
                  RequestType.parse(requestType.get()).orElseThrow(),
                  rs.getString("category"),
                  Rows.text(rs, "location").orElse(""),
                  j,
                  Urgency.parse(rs.getString("urgency")).orElseThrow(),
                  Rows.text(rs, "summary").orElse(""),
                  Disposition.parse(rs.getString("disposition")).orElseThrow(),
                  Rows.text(rs, "owner_type").orElse(""),
                  Rows.text(rs, "submitted_by").orElse(""),
                  official,
                  Rows.text(rs, "answer")));
    }
    return new Case(
        rs.getString("case_id"),
        CaseStatus.parse(rs.getString("status")).orElseThrow(),
        call,
        content,
        rs.getBoolean("incomplete"),
        Rows.requiredTime(rs, "created_at"),
        Rows.time(rs, "submitted_at"),
        Rows.time(rs, "deadline"),
        rs.getInt("dispatch_version"),
        Rows.text(rs, "dispatch_ref"),
        history);
  }

  private static Optional<String> textOrEmpty(ResultSet rs, String column) {
    try {
      return Rows.text(rs, column);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- changes ----

  /** Appends a line to a case's history; {@code seq} continues the case's numbering. */
  private static void history(
      Connection c,
      String caseId,
      Instant createdAt,
      int seq,
      CaseStatus status,
      Instant at,
      String by,
      String note,
      String callId,
      String updateId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_status_change (case_id, case_created_at, seq, status, at,"
                + " changed_by, note, call_id, update_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, createdAt);
      ps.setInt(3, seq);
      ps.setString(4, status.code());
      Rows.time(ps, 5, at);
      ps.setString(6, by == null ? "" : by);
      ps.setString(7, note == null ? "" : note);
      Rows.text(ps, 8, callId);
      Rows.text(ps, 9, updateId);
      ps.executeUpdate();
    }
  }

  /** The next line number of a locked case's history. */
  /**
   * A line in the call's case history that the call was handed on (a transfer), in the case's
   * current status: the draft is made first if the answer was never reported. The same note for the
   * same call is written once.
   */
  public CaseRef handedOn(Connection c, CallFacts f, String by, String note, Instant now)
      throws SQLException {
    CaseRef ref = callEvent(c, f, false, now); // locks the call's case
    Instant createdAt;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT case_created_at FROM hotline.call_case WHERE call_id = ?")) {
      ps.setString(1, f.callId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        createdAt = Rows.requiredTime(rs, 1);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM hotline.case_status_change WHERE case_id = ? AND case_created_at = ?"
                + " AND call_id = ? AND note = ?")) {
      ps.setString(1, ref.caseId());
      Rows.time(ps, 2, createdAt);
      ps.setString(3, f.callId());
      ps.setString(4, note);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return ref;
        }
      }
    }
    history(
        c,
        ref.caseId(),
        createdAt,
        nextSeq(c, ref.caseId(), createdAt),
        ref.status(),
        now,
        by,
        note,
        f.callId(),
        null);
    return ref;
  }

  /**
   * A line in a case's history that does not change its status ({@code status} is the current one):
   * a supervision note, a co-unit's report, an extension.
   */
  static void note(
      Connection c,
      String caseId,
      Instant createdAt,
      CaseStatus status,
      Instant at,
      String by,
      String note,
      String updateId)
      throws SQLException {
    history(
        c, caseId, createdAt, nextSeq(c, caseId, createdAt), status, at, by, note, null, updateId);
  }

  /** A line in a case's history that does not change its status (a return visit given up). */
  public void note(
      Connection c,
      String caseId,
      Instant createdAt,
      CaseStatus status,
      String by,
      String note,
      Instant now)
      throws SQLException {
    note(c, caseId, createdAt, status, now, by, note, null);
  }

  /** An outbox entry for a case version, written in the transaction that changes the case. */
  static void enqueue(Connection c, String caseId, int version, String payload, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.outbox (idempotency_key, case_id, version, payload, state,"
                + " enqueued_at, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)")) {
      ps.setString(1, org.hotline.cases.delivery.Delivery.key(caseId, version));
      ps.setString(2, caseId);
      ps.setInt(3, version);
      ps.setString(4, payload);
      Rows.time(ps, 5, now);
      Rows.time(ps, 6, now);
      ps.executeUpdate();
    }
  }

  private static int nextSeq(Connection c, String caseId, Instant createdAt) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce(max(seq), 0) + 1 FROM hotline.case_status_change"
                + " WHERE case_id = ? AND case_created_at = ?")) {
      ps.setString(1, caseId);
      Rows.time(ps, 2, createdAt);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** What a submission writes, decided by the bridge. */
  public record Submission(
      String caseId,
      Instant createdAt,
      String formHash,
      int version,
      CaseStatus finalStatus,
      CaseContent content,
      Optional<Instant> deadline,
      Optional<Instant> nearing,
      Optional<String> outboxPayload,
      String by,
      String note) {}

  /**
   * Stores a submission of a case locked by {@link #lock}: its fields, history, timers and outbox
   * entry.
   */
  public void submit(Connection c, Submission s, Instant now) throws SQLException {
    CaseContent content = s.content();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.case_record SET status = ?, form_hash = ?, submitted_at = ?,"
                + " updated_at = ?, incomplete = false, overdue = false, dispatch_version = ?,"
                + " request_type = ?, category = ?, location = ?, district = ?, street = ?,"
                + " urgency = ?, summary = ?, disposition = ?, owner_type = ?, submitted_by = ?,"
                + " official_name = coalesce(?, official_name),"
                + " official_phone = coalesce(?, official_phone), deadline = ?, answer = ?"
                + " WHERE case_id = ? AND created_at = ?")) {
      int i = 1;
      ps.setString(i++, s.finalStatus().code());
      ps.setString(i++, s.formHash());
      Rows.time(ps, i++, now);
      Rows.time(ps, i++, now);
      ps.setInt(i++, s.version());
      ps.setString(i++, content.requestType().code());
      ps.setString(i++, content.categoryCode());
      ps.setString(i++, content.location());
      Rows.text(ps, i++, content.jurisdiction().map(Jurisdiction::districtId));
      Rows.text(ps, i++, content.jurisdiction().map(Jurisdiction::streetId));
      ps.setString(i++, content.urgency().code());
      ps.setString(i++, content.summary());
      ps.setString(i++, content.disposition().code());
      ps.setString(i++, content.ownerType());
      ps.setString(i++, content.submittedBy());
      Rows.text(ps, i++, content.official().map(GuestOfficial::name));
      Rows.text(ps, i++, content.official().map(GuestOfficial::callbackNumber));
      Rows.time(ps, i++, s.deadline());
      Rows.text(ps, i++, content.answer());
      ps.setString(i++, s.caseId());
      Rows.time(ps, i, s.createdAt());
      ps.executeUpdate();
    }
    int seq = nextSeq(c, s.caseId(), s.createdAt());
    history(
        c,
        s.caseId(),
        s.createdAt(),
        seq++,
        CaseStatus.SUBMITTED,
        now,
        s.by(),
        s.note(),
        null,
        null);
    if (s.finalStatus() != CaseStatus.SUBMITTED) {
      history(c, s.caseId(), s.createdAt(), seq, s.finalStatus(), now, s.by(), "", null, null);
    }
    delete(c, "DELETE FROM hotline.case_timer WHERE case_id = ?", s.caseId());
    delete(c, "DELETE FROM hotline.incomplete_case WHERE case_id = ?", s.caseId());
    delete(c, "DELETE FROM hotline.return_visit_due WHERE case_id = ?", s.caseId());
    if (s.deadline().isPresent()) {
      timer(c, s.caseId(), s.createdAt(), "nearing", s.nearing().orElseThrow());
      timer(c, s.caseId(), s.createdAt(), "overdue", s.deadline().get());
    }
    if (s.outboxPayload().isPresent()) {
      enqueue(c, s.caseId(), s.version(), s.outboxPayload().get(), now);
    }
  }

  static void timer(Connection c, String caseId, Instant createdAt, String kind, Instant due)
      throws SQLException {
    timer(c, caseId, createdAt, kind, due, null);
  }

  /** A timer of a case; {@code level} only for an escalation (1 for the first). */
  static void timer(
      Connection c, String caseId, Instant createdAt, String kind, Instant due, Integer level)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_timer (case_id, kind, case_created_at, due_at, level)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, kind) DO UPDATE SET due_at ="
                + " excluded.due_at, level = excluded.level")) {
      ps.setString(1, caseId);
      ps.setString(2, kind);
      Rows.time(ps, 3, createdAt);
      Rows.time(ps, 4, due);
      if (level == null) {
        ps.setNull(5, java.sql.Types.SMALLINT);
      } else {
        ps.setInt(5, level);
      }
      ps.executeUpdate();
    }
  }

  static int delete(Connection c, String sql, String caseId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, caseId);
      return ps.executeUpdate();
    }
  }

  /** What a status move writes besides the status: the unit's facts, the return visit's. */
  public record MoveFacts(
      Optional<String> unit,
      Optional<Instant> acceptedAt,
      Optional<Instant> resolvedAt,
      Optional<String> returnReason,
      Optional<Boolean> visitResolved,
      Optional<String> satisfaction) {

    public static MoveFacts none() {
      return new MoveFacts(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * Moves a locked case through {@code targets} in order, all or none, each move checked against
   * {@link CaseStatus#canMoveTo}.
   *
   * @param updateId the dispatch system's update id, applied at most once; empty for our own moves
   * @return false when {@code updateId} had been applied before (nothing changed)
   */
  public boolean transition(
      Connection c,
      Locked locked,
      List<CaseStatus> targets,
      String by,
      String note,
      Optional<String> updateId,
      MoveFacts facts,
      Instant now)
      throws SQLException {
    Case current = locked.current();
    String caseId = current.caseId();
    if (updateId.isPresent()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO hotline.applied_update (update_id, case_id, applied_at)"
                  + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, updateId.get());
        ps.setString(2, caseId);
        Rows.time(ps, 3, now);
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
    }
    CaseStatus status = current.status();
    for (CaseStatus target : targets) {
      if (!status.canMoveTo(target)) {
        throw new Refused(ErrorCode.ILLEGAL_TRANSITION, current.status().code());
      }
      status = target;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE hotline.case_record SET status = ?, updated_at = ?,"
                + " unit = coalesce(?, unit), accepted_at = coalesce(?, accepted_at),"
                + " resolved_at = coalesce(?, resolved_at),"
                + " return_reason = coalesce(?, return_reason),"
                + " visit_resolved = coalesce(?, visit_resolved),"
                + " satisfaction = coalesce(?, satisfaction),"
                + " visited_at = CASE WHEN ? THEN ? ELSE visited_at END,"
                + " reopen_count = reopen_count + ?"
                + " WHERE case_id = ? AND created_at = ?")) {
      int i = 1;
      ps.setString(i++, status.code());
      Rows.time(ps, i++, now);
      Rows.text(ps, i++, facts.unit());
      Rows.time(ps, i++, facts.acceptedAt());
      Rows.time(ps, i++, facts.resolvedAt());
      Rows.text(ps, i++, facts.returnReason());
      if (facts.visitResolved().isPresent()) {
        ps.setBoolean(i++, facts.visitResolved().get());
      } else {
        ps.setNull(i++, java.sql.Types.BOOLEAN);
      }
      Rows.text(ps, i++, facts.satisfaction());
      ps.setBoolean(i++, targets.contains(CaseStatus.VISITED));
      Rows.time(ps, i++, now);
      ps.setInt(i++, targets.contains(CaseStatus.REOPENED) ? 1 : 0);
      ps.setString(i++, caseId);
      Rows.time(ps, i, locked.createdAt());
      ps.executeUpdate();
    }
    int seq = nextSeq(c, caseId, locked.createdAt());
    for (CaseStatus target : targets) {
      history(
          c, caseId, locked.createdAt(), seq++, target, now, by, note, null, updateId.orElse(null));
    }
    if (!status.runningDeadline()) {
      delete(
          c,
          "DELETE FROM hotline.case_timer WHERE case_id = ?"
              + " AND kind IN ('nearing', 'overdue', 'escalate')",
          caseId);
    }
    if (status == CaseStatus.RESOLVED) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO hotline.return_visit_due (case_id, case_created_at, resolved_at)"
                  + " VALUES (?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET resolved_at ="
                  + " excluded.resolved_at")) {
        ps.setString(1, caseId);
        Rows.time(ps, 2, locked.createdAt());
        Rows.time(ps, 3, now);
        ps.executeUpdate();
      }
    } else {
      delete(c, "DELETE FROM hotline.return_visit_due WHERE case_id = ?", caseId);
    }
    return true;
  }

  /**
   * The target took a delivery: a submitted case of that version becomes dispatched (a newer
   * version, or a move the unit reported meanwhile, leaves the status alone), and the target's
   * reference is kept.
   */
  public void delivered(
      Connection c, String caseId, int version, String reference, String targetName, Instant now)
      throws SQLException {
    Optional<Locked> found = read(c, caseId, true);
    if (found.isEmpty()) {
      return;
    }
    Locked locked = found.get();
    if (!reference.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE hotline.case_record SET dispatch_ref = ? WHERE case_id = ? AND created_at"
                  + " = ?")) {
        ps.setString(1, reference);
        ps.setString(2, caseId);
        Rows.time(ps, 3, locked.createdAt());
        ps.executeUpdate();
      }
    }
    Case current = locked.current();
    if (current.status() == CaseStatus.SUBMITTED && current.dispatchVersion() == version) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE hotline.case_record SET status = 'dispatched', updated_at = ?"
                  + " WHERE case_id = ? AND created_at = ?")) {
        Rows.time(ps, 1, now);
        ps.setString(2, caseId);
        Rows.time(ps, 3, locked.createdAt());
        ps.executeUpdate();
      }
      history(
          c,
          caseId,
          locked.createdAt(),
          nextSeq(c, caseId, locked.createdAt()),
          CaseStatus.DISPATCHED,
          now,
          targetName,
          reference,
          null,
          null);
    }
  }

  // ---- supervision ----

  /** Counts of what the tick did. */
  public record TickCounts(int incomplete, int nearing, int overdue, int escalated) {}

  /**
   * Takes the due timers (at most a batch; ones another instance is working on are skipped) and
   * acts on each: a draft past its wrap-up limit is flagged incomplete, a running case nearing or
   * past its deadline raises an alert. A timer is deleted in the same transaction, so each alert is
   * raised once however many instances tick.
   */
  public TickCounts tick(Connection c, Instant now) throws SQLException {
    record Due(String caseId, String kind, Instant createdAt, int level) {}
    List<Due> due = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM hotline.case_timer t USING ("
                + "SELECT case_id, kind FROM hotline.case_timer s WHERE due_at <= ?"
                // a nearing timer whose deadline has passed too is taken with its overdue one
                + " AND NOT (kind = 'nearing' AND EXISTS (SELECT 1 FROM hotline.case_timer o"
                + " WHERE o.case_id = s.case_id AND o.kind = 'overdue' AND o.due_at <= ?))"
                + " ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) d"
                + " WHERE t.case_id = d.case_id AND t.kind = d.kind"
                + " RETURNING t.case_id, t.kind, t.case_created_at, t.due_at, t.level")) {
      Rows.time(ps, 1, now);
      Rows.time(ps, 2, now);
      ps.setInt(3, config.supervision().scanBatch());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(
              new Due(rs.getString(1), rs.getString(2), Rows.requiredTime(rs, 3), rs.getInt(5)));
        }
      }
    }
    if (due.isEmpty()) {
      return new TickCounts(0, 0, 0, 0);
    }
    // alerts are numbered in the order they commit: readers page by number
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, "hotline.supervision_alert");
      ps.execute();
    }
    int incomplete = 0;
    int nearing = 0;
    int overdue = 0;
    int escalated = 0;
    for (Due d : due) {
      Optional<Locked> found = read(c, d.caseId(), true);
      if (found.isEmpty()) {
        continue;
      }
      Case k = found.get().current();
      switch (d.kind()) {
        case "wrapup" -> {
          if (k.status() == CaseStatus.DRAFT) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE hotline.case_record SET incomplete = true, updated_at = ?"
                        + " WHERE case_id = ? AND created_at = ?")) {
              Rows.time(ps, 1, now);
              ps.setString(2, k.caseId());
              Rows.time(ps, 3, d.createdAt());
              ps.executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO hotline.incomplete_case (case_id, case_created_at, flagged_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
              ps.setString(1, k.caseId());
              Rows.time(ps, 2, d.createdAt());
              Rows.time(ps, 3, now);
              ps.executeUpdate();
            }
            history(
                c,
                k.caseId(),
                d.createdAt(),
                nextSeq(c, k.caseId(), d.createdAt()),
                CaseStatus.DRAFT,
                now,
                "system",
                "incomplete: no form within the wrap-up limit",
                null,
                null);
            alert(c, SupervisionAlert.Kind.INCOMPLETE, k, now);
            incomplete++;
          }
        }
        case "overdue" -> {
          delete(
              c,
              "DELETE FROM hotline.case_timer WHERE case_id = ? AND kind = 'nearing'",
              k.caseId());
          if (k.status().runningDeadline()) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE hotline.case_record SET overdue = true WHERE case_id = ? AND"
                        + " created_at = ?")) {
              ps.setString(1, k.caseId());
              Rows.time(ps, 2, d.createdAt());
              ps.executeUpdate();
            }
            alert(c, SupervisionAlert.Kind.OVERDUE, k, now);
            note(
                c,
                k.caseId(),
                d.createdAt(),
                k.status(),
                now,
                "system",
                "超期 overdue: deadline " + k.deadline().map(Instant::toString).orElse(""),
                null);
            escalateLater(c, k, d.createdAt(), 1);
            overdue++;
          }
        }
        case "escalate" -> {
          Optional<SupervisionSettings.Escalation> level =
              config.supervision().escalation(d.level());
          if (k.status().runningDeadline() && level.isPresent()) {
            alert(c, SupervisionAlert.Kind.ESCALATED, k, now, Optional.of(level.get().to()));
            note(
                c,
                k.caseId(),
                d.createdAt(),
                k.status(),
                now,
                "system",
                "督办升级 escalated to "
                    + level.get().to()
                    + " ("
                    + ESCALATION_NAMES.getOrDefault(level.get().to(), level.get().to())
                    + "), level "
                    + d.level(),
                null);
            escalateLater(c, k, d.createdAt(), d.level() + 1);
            escalated++;
          }
        }
        default -> {
          // past the deadline already (a long outage of the tick): the overdue alert says it all
          if (k.status().runningDeadline() && k.deadline().map(now::isBefore).orElse(false)) {
            alert(c, SupervisionAlert.Kind.NEARING_DEADLINE, k, now);
            note(
                c,
                k.caseId(),
                d.createdAt(),
                k.status(),
                now,
                "system",
                "临期预警 nearing deadline " + k.deadline().map(Instant::toString).orElse(""),
                null);
            nearing++;
          }
        }
      }
    }
    return new TickCounts(incomplete, nearing, overdue, escalated);
  }

  /** The zh names of the escalation levels, for the history. */
  private static final Map<String, String> ESCALATION_NAMES =
      Map.of("district", "区级督办", "city", "市级督办");

  /**
   * Schedules escalation {@code level} of an overdue case, when one is configured: due at the
   * deadline plus that level's share of the case's time limit.
   */
  private void escalateLater(Connection c, Case k, Instant createdAt, int level)
      throws SQLException {
    Optional<SupervisionSettings.Escalation> next = config.supervision().escalation(level);
    if (next.isEmpty() || k.deadline().isEmpty() || k.content().isEmpty()) {
      return;
    }
    Duration limit = config.timeLimit(k.content().get().urgency());
    timer(c, k.caseId(), createdAt, "escalate", next.get().dueAt(k.deadline().get(), limit), level);
  }

  private static void alert(Connection c, SupervisionAlert.Kind kind, Case k, Instant now)
      throws SQLException {
    alert(c, kind, k, now, Optional.empty());
  }

  private static void alert(
      Connection c, SupervisionAlert.Kind kind, Case k, Instant now, Optional<String> escalatedTo)
      throws SQLException {
    Optional<CaseContent> content = k.content();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.supervision_alert (kind, case_id, at, deadline, district, street,"
                + " category, urgency, escalated_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, kind.code());
      ps.setString(2, k.caseId());
      Rows.time(ps, 3, now);
      Rows.time(ps, 4, k.deadline());
      Rows.text(ps, 5, content.flatMap(CaseContent::jurisdiction).map(Jurisdiction::districtId));
      Rows.text(ps, 6, content.flatMap(CaseContent::jurisdiction).map(Jurisdiction::streetId));
      Rows.text(ps, 7, content.map(CaseContent::categoryCode));
      Rows.text(ps, 8, content.map(x -> x.urgency().code()));
      Rows.text(ps, 9, escalatedTo);
      ps.executeUpdate();
    }
  }

  /** Supervision alerts after {@code afterId} ({@code 0} for the beginning), oldest first. */
  public List<SupervisionAlert> alerts(Connection c, String afterId, int count)
      throws SQLException {
    long after = 0;
    if (afterId != null && afterId.matches("\\d{1,18}")) {
      after = Long.parseLong(afterId);
    }
    List<SupervisionAlert> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT alert_id, kind, case_id, at, deadline, district, street, category, urgency,"
                + " escalated_to FROM hotline.supervision_alert WHERE alert_id > ? ORDER BY alert_id LIMIT ?")) {
      ps.setLong(1, after);
      ps.setInt(2, count);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Optional<SupervisionAlert.Kind> kind = SupervisionAlert.Kind.parse(rs.getString(2));
          if (kind.isEmpty()) {
            continue;
          }
          out.add(
              new SupervisionAlert(
                  Long.toString(rs.getLong(1)),
                  kind.get(),
                  rs.getString(3),
                  Rows.requiredTime(rs, 4),
                  Rows.time(rs, "deadline"),
                  Rows.text(rs, "district"),
                  Rows.text(rs, "street"),
                  Rows.text(rs, "category"),
                  Rows.text(rs, "urgency").flatMap(Urgency::parse),
                  Rows.text(rs, "escalated_to")));
        }
      }
    }
    return out;
  }

  /** Forgets what is only kept for a while: applied update ids, old alerts. A batch at a time. */
  public void forget(Connection c, Instant updatesBefore, Instant alertsBefore)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM hotline.applied_update WHERE update_id IN (SELECT update_id FROM"
                + " hotline.applied_update WHERE applied_at < ? LIMIT 1000)")) {
      Rows.time(ps, 1, updatesBefore);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM hotline.supervision_alert WHERE alert_id IN (SELECT alert_id FROM"
                + " hotline.supervision_alert WHERE at < ? ORDER BY alert_id LIMIT 1000)")) {
      Rows.time(ps, 1, alertsBefore);
      ps.executeUpdate();
    }
  }

  // ---- the screen pop ----

  /**
   * The screen pop in one statement on the caller's projection of their cases ({@code caller_case},
   * kept by a trigger): the newest cases and newest open ones (index scans of the caller's rows,
   * newest first, stopping at the limit), how many are open, and their calls in the repeat window.
   */
  public CallerHistory history(Connection c, String callerNumber, Instant now) throws SQLException {
    Optional<String> number = PhoneNumbers.normalize(callerNumber);
    if (number.isEmpty()) {
      return CallerHistory.none(true);
    }
    List<CaseSummary> last = new ArrayList<>();
    List<CaseSummary> open = new ArrayList<>();
    long openCount = 0;
    long calls = 0;
    Optional<String> lastAgent = Optional.empty();
    Optional<Instant> lastAt = Optional.empty();
    try (PreparedStatement ps = c.prepareStatement(HISTORY_SQL)) {
      ps.setString(1, number.get());
      ps.setInt(2, config.history().lastCases());
      ps.setString(3, number.get());
      ps.setInt(4, Math.max(0, config.history().openCases()));
      ps.setString(5, number.get());
      Instant windowStart = now.minus(config.history().repeatWindow());
      ps.setString(6, number.get());
      Rows.time(ps, 7, windowStart);
      ps.setString(8, number.get());
      Rows.time(ps, 9, windowStart);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          switch (rs.getString(1)) {
            case "l" -> {
              last.add(summary(rs, now));
              if (lastAgent.isEmpty() && rs.getString("agent_id") != null) {
                lastAgent = Optional.of(rs.getString("agent_id"));
                lastAt = Rows.time(rs, "entered_at");
              }
            }
            case "o" -> open.add(summary(rs, now));
            case "n" -> openCount = rs.getLong("n");
            default -> calls = rs.getLong("n");
          }
        }
      }
    }
    return new CallerHistory(
        false,
        last,
        open,
        openCount,
        calls,
        calls >= config.history().repeatCallerCalls(),
        lastAgent,
        lastAt);
  }

  private CaseSummary summary(ResultSet rs, Instant now) throws SQLException {
    CaseStatus status = CaseStatus.parse(rs.getString("status")).orElseThrow();
    Optional<String> category = Rows.text(rs, "category");
    Optional<Instant> deadline = Rows.time(rs, "deadline");
    return new CaseSummary(
        rs.getString("case_id"),
        Rows.requiredTime(rs, "created_at"),
        status,
        Rows.text(rs, "request_type").flatMap(RequestType::parse),
        category,
        category.flatMap(taxonomy::find).map(Category::name),
        deadline,
        status.runningDeadline() && deadline.map(now::isAfter).orElse(false),
        Rows.text(rs, "district"));
  }

  // ---- callbacks and work lists ----

  /** Resolved cases waiting for their return visit, oldest resolution first. */
  public List<String> awaitingReturnVisit(Connection c, int limit) throws SQLException {
    return ids(
        c, "SELECT case_id FROM hotline.return_visit_due ORDER BY resolved_at LIMIT ?", limit);
  }

  /** Incomplete drafts, oldest first. */
  public List<String> incomplete(Connection c, int limit) throws SQLException {
    return ids(c, "SELECT case_id FROM hotline.incomplete_case ORDER BY flagged_at LIMIT ?", limit);
  }

  private static List<String> ids(Connection c, String sql, int limit) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
