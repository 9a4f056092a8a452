package org.hotline.reports.city;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cases written straight into hotline.case_record with explicit values, in the shape the case
 * bridge leaves them: a dispatched case is submitted five minutes after its call and has the
 * general time limit (7 days) unless told otherwise.
 */
final class CaseRows {

  private static int callers;

  private final List<Row> rows = new ArrayList<>();

  /** One case; setters return it for chaining. */
  static final class Row {
    final String id;
    final Instant created;
    String status;
    String caller;
    String requestType = "complaint";
    String category;
    String location = "";
    String district;
    String street;
    String urgency = "general";
    String disposition;
    Instant submitted;
    Instant deadline;
    String unit;
    Instant accepted;
    Instant resolved;
    Instant visited;
    Boolean visitResolved;
    String satisfaction;

    Row(String id, Instant created) {
      this.id = id;
      this.created = created;
      this.caller = String.format("130%08d", ++callers);
    }

    Row in(String district, String street) {
      this.district = district;
      this.street = street;
      return this;
    }

    Row category(String code) {
      this.category = code;
      return this;
    }

    Row requestType(String type) {
      this.requestType = type;
      return this;
    }

    Row caller(String number) {
      this.caller = number;
      return this;
    }

    Row location(String text) {
      this.location = text;
      return this;
    }

    Row status(String s) {
      this.status = s;
      return this;
    }

    /** Answered on the call: closed at once, never dispatched. */
    Row directAnswer() {
      this.disposition = "direct_answer";
      this.requestType = "consultation";
      this.submitted = created.plusSeconds(300);
      return this;
    }

    /** Dispatched to {@code unit} five minutes after the call, deadline 7 days later. */
    Row dispatched(String unit) {
      this.disposition = "dispatch";
      this.unit = unit;
      this.submitted = created.plusSeconds(300);
      this.deadline = submitted.plus(Duration.ofDays(7));
      return this;
    }

    Row acceptedAfter(Duration d) {
      this.accepted = submitted.plus(d);
      return this;
    }

    Row resolvedAfter(Duration d) {
      this.resolved = submitted.plus(d);
      return this;
    }

    /** The return visit, a day after resolution. */
    Row visited(boolean resolvedSaid, String answer) {
      this.visited = resolved.plus(Duration.ofDays(1));
      this.visitResolved = resolvedSaid;
      this.satisfaction = answer;
      return this;
    }

    String status() {
      if (status != null) {
        return status;
      }
      if (disposition == null) {
        return "draft";
      }
      if (disposition.equals("direct_answer")) {
        return "closed";
      }
      if (visited != null) {
        return visitResolved && !satisfaction.equals("unsatisfied") ? "closed" : "reopened";
      }
      if (resolved != null) {
        return "resolved";
      }
      return accepted != null ? "accepted" : "dispatched";
    }
  }

  Row add(String id, Instant created) {
    Row r = new Row(id, created);
    rows.add(r);
    return r;
  }

  Row row(String id) {
    return rows.stream()
        .filter(r -> r.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no case " + id));
  }

  /** {@code n} cases {@code prefix-1..n}, a minute apart, each made by {@code shape}. */
  void addMany(String prefix, int n, Instant first, Consumer<Row> shape) {
    for (int i = 1; i <= n; i++) {
      shape.accept(add(prefix + "-" + i, first.plusSeconds(60L * i)));
    }
  }

  void insert(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO hotline.case_record (case_id, created_at, status, updated_at, call_id,"
                + " server, linked_id, caller_number, caller, queue_id, entered_at, language,"
                + " request_type, category, location, district, street, urgency, disposition,"
                + " submitted_at, deadline, unit, accepted_at, resolved_at, visited_at,"
                + " visit_resolved, satisfaction)"
                + " VALUES (?, ?, ?, ?, ?, 'pbx1', ?, ?, ?, 'general', ?, 'zh', ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Row r : rows) {
        int i = 1;
        ps.setString(i++, r.id);
        time(ps, i++, r.created);
        ps.setString(i++, r.status());
        time(ps, i++, r.created);
        ps.setString(i++, "call-" + r.id);
        ps.setString(i++, "call-" + r.id);
        ps.setString(i++, r.caller);
        ps.setString(i++, r.caller);
        time(ps, i++, r.created.minusSeconds(120));
        ps.setString(i++, r.disposition == null ? null : r.requestType);
        ps.setString(i++, r.category);
        ps.setString(i++, r.location);
        ps.setString(i++, r.district);
        ps.setString(i++, r.street);
        ps.setString(i++, r.disposition == null ? null : r.urgency);
        ps.setString(i++, r.disposition);
        time(ps, i++, r.submitted);
        time(ps, i++, r.deadline);
        ps.setString(i++, r.unit);
        time(ps, i++, r.accepted);
        time(ps, i++, r.resolved);
        time(ps, i++, r.visited);
        if (r.visitResolved == null) {
          ps.setNull(i++, Types.BOOLEAN);
        } else {
          ps.setBoolean(i++, r.visitResolved);
        }
        ps.setString(i, r.satisfaction);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void time(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, t.atOffset(ZoneOffset.UTC));
    }
  }
}
